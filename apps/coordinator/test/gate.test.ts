import { afterEach, describe, expect, it } from "vitest";
import type { ServerEvaluator } from "../src/services/engine-context.js";
import { type Harness, SPEC, codeOf, fetchParams, pushDelta, startHarness, watchFor } from "./harness.js";

/** Server holdout: loss = squared distance to a target the model should approach. */
const target = Float32Array.from({ length: SPEC.length }, (_, i) => i + 1);
const evaluator: ServerEvaluator = async (params) => {
  let loss = 0;
  for (let i = 0; i < params.length; i++) loss += (params[i]! - target[i]!) ** 2;
  return { numExamples: 100, metrics: { loss } };
};

describe("evaluation gate", () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.dispose();
    h = undefined;
  });

  it("server holdout: a worse candidate is kept as rejected with its reason; a better one is promoted", async () => {
    h = await startHarness({ evaluator, settings: { minUpdates: 2, gate: { metric: "loss", direction: "lower", tolerance: 0.01 } } });
    const [a, b] = [await h.registerEdge("a"), await h.registerEdge("b")];
    let round = (await a.client.rounds.current.query())!;
    const away = new Float32Array(SPEC.length).fill(-1);
    await pushDelta(a.client, { roundId: round.roundId, baseVersion: h.genesis, delta: away, numExamples: 1 });
    const closed = await pushDelta(b.client, { roundId: round.roundId, baseVersion: h.genesis, delta: away, numExamples: 1 });
    expect(closed.newVersion).toBe(h.genesis + 1);
    const { repo } = h.database;
    expect(await repo.aliases.get("production")).toBe(h.genesis);
    expect(await repo.aliases.get("candidate")).toBe(h.genesis + 1);
    const rejected = await h.admin.admin.versions.get.query({ version: h.genesis + 1 });
    expect(rejected.decisions.map((d) => d.decision)).toEqual(["rejected"]);
    expect(rejected.decisions[0]!.reason).toMatch(/server holdout: loss .* beyond tolerance/);
    expect(rejected.evaluations[0]).toMatchObject({ source: "server", baselineVersionId: h.genesis });

    // The next round trains production again; moving toward the target is promoted.
    round = (await a.client.rounds.current.query())!;
    expect(round.baseVersion).toBe(h.genesis);
    const toward = Float32Array.from(target, (t) => t / 2);
    const released = await watchFor(a.client, (e) => (e.type === "release" ? (e.version as number) : undefined));
    await pushDelta(a.client, { roundId: round.roundId, baseVersion: h.genesis, delta: toward, numExamples: 1 });
    await pushDelta(b.client, { roundId: round.roundId, baseVersion: h.genesis, delta: toward, numExamples: 3 });
    expect(await released.event).toBe(h.genesis + 2);
    expect(await repo.aliases.get("production")).toBe(h.genesis + 2);
    const list = await h.admin.admin.versions.list.query({ limit: 10 });
    expect(list.map((v) => [v.id, v.status])).toEqual([
      [h.genesis + 2, "production"],
      [h.genesis + 1, "rejected"],
      [h.genesis, "promoted"],
    ]);
  });

  it("federated evaluation: the decision waits for N edges and follows their metrics", async () => {
    h = await startHarness({ settings: { minUpdates: 2, gate: { metric: "accuracy", direction: "higher", tolerance: 0, federatedMinEdges: 2, federatedTimeoutSeconds: 30 } } });
    const [a, b] = [await h.registerEdge("a"), await h.registerEdge("b")];
    const round = (await a.client.rounds.current.query())!;
    const evaluate = await watchFor(a.client, (e) => (e.type === "evaluate" ? e : undefined));
    const delta = new Float32Array(SPEC.length).fill(0.3);
    await pushDelta(a.client, { roundId: round.roundId, baseVersion: h.genesis, delta, numExamples: 1 });
    await pushDelta(b.client, { roundId: round.roundId, baseVersion: h.genesis, delta, numExamples: 1 });
    const request = await evaluate.event;
    expect(request).toMatchObject({ candidateVersion: h.genesis + 1, baselineVersion: h.genesis });
    expect(await h.coordinator.services.engine.currentRound()).toBeNull(); // no round while the candidate is pending
    const first = await a.client.evaluations.submit.mutate({ candidateVersion: h.genesis + 1, numExamples: 50, metrics: { accuracy: 0.8 }, baselineMetrics: { accuracy: 0.7 } });
    expect(first.decided).toBeNull();
    const second = await b.client.evaluations.submit.mutate({ candidateVersion: h.genesis + 1, numExamples: 50, metrics: { accuracy: 0.75 }, baselineMetrics: { accuracy: 0.74 } });
    expect(second.decided).toBe("promoted");
    expect(await h.database.repo.aliases.get("production")).toBe(h.genesis + 1);
    expect(await codeOf(a.client.evaluations.submit.mutate({ candidateVersion: h.genesis + 1, numExamples: 5, metrics: { accuracy: 0 }, baselineMetrics: { accuracy: 1 } }))).toBe("CONFLICT");
    const next = (await a.client.rounds.current.query())!;
    expect(next.baseVersion).toBe(h.genesis + 1);
    const params = await fetchParams(h.coordinator.url, h.adminToken, h.genesis + 1);
    expect(Array.from(params)).toEqual(Array.from(delta));
  });
});
