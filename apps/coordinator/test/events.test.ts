import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, SPEC, pushDelta, startHarness } from "./harness.js";

describe("event stream", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ settings: { minUpdates: 1 } });
  });
  afterAll(() => h?.dispose());

  it("resumes after a reconnect from the last event id, with nothing lost or repeated", async () => {
    const edge = await h.registerEdge("a");
    // Two rounds happen while the edge is not listening.
    for (let i = 0; i < 2; i++) {
      const round = (await edge.client.rounds.current.query())!;
      await pushDelta(edge.client, { roundId: round.roundId, baseVersion: round.baseVersion, delta: new Float32Array(SPEC.length).fill(0.1), numExamples: 1 });
    }
    const log = await h.database.repo.events.since(0);
    const types = log.map((e) => e.type);
    expect(types).toEqual(["release", "round-open", "release", "round-open", "release", "round-open"]);
    const lastSeen = log[1]!.id; // the edge had seen up to the first round-open
    const replayed = await new Promise<{ id: string; type: string }[]>((resolve, reject) => {
      const got: { id: string; type: string }[] = [];
      const sub = edge.client.events.subscribe.subscribe(
        { lastEventId: String(lastSeen) },
        {
          onData: (envelope) => {
            got.push({ id: envelope.id, type: (envelope.data as { type: string }).type });
            if (got.length === log.length - 2) {
              sub.unsubscribe();
              resolve(got);
            }
          },
          onError: reject,
        },
      );
    });
    expect(replayed).toEqual(log.slice(2).map((e) => ({ id: String(e.id), type: e.type })));
  });
});
