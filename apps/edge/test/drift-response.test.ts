import { afterEach, describe, expect, it } from "vitest";
import type { LocalUpdate } from "../src/index.js";
import type { DriftAlarm } from "../src/drift/drift-monitor.js";
import { type EdgeHarness, events, nextEvent, startEdgeHarness } from "./edge-harness.js";
import { adminClient, withOutputBias } from "./fixtures.js";

let h: EdgeHarness | undefined;
afterEach(async () => {
  await h?.dispose();
  h = undefined;
});

describe("drift", () => {
  it("answers a change in live loss with an immediate local update, a replay mix favouring new data, and a report the admin API lists", async () => {
    h = await startEdgeHarness(5, {
      coordinator: { genesis: (p, spec) => withOutputBias(p, spec, -4) },
      node: {
        asyncMinExamples: 100_000,
        drift: { pageHinkley: { lambda: 5 }, adwin: {} },
        replay: { policy: "random", ratio: 0.5, driftRatio: 0.2, driftBoostRuns: 2, halfLifeMs: 3_600_000 },
        localUpdate: { epochs: 1, learningRate: 0.01, recent: 40 },
      },
    });
    const { fixture, node } = h;
    expect(node.learner.replayRatio).toBe(0.5);
    let alarms = 0;
    node.on("drift", () => alarms++);
    // A stationary stream the model predicts well: impressions, σ(−4) ≈ 0.02.
    for (let i = 0; i < 4; i++) await node.feedback(events("impression", 20, `u${i}`, i));
    expect(alarms).toBe(0);
    expect(node.recommender.snapshot!.localRevision).toBe(0);

    // Users start clicking what the model calls irrelevant: the loss jumps.
    const drift = nextEvent<[DriftAlarm]>(node, "drift");
    const reported = nextEvent<[DriftAlarm, number]>(node, "driftReported");
    const adapted = nextEvent<[LocalUpdate]>(node, "adapted");
    await node.feedback(events("click", 10, "u9", 3));
    const [alarm] = await drift;
    expect(node.learner.replayRatio).toBe(0.2);
    const [update] = await adapted;
    expect(update).toMatchObject({ trigger: "drift", version: fixture.genesis, localRevision: 1 });
    // The mix shifted: replay is 20 % of the set, not 50 %.
    expect(update.numNew).toBeGreaterThan(20);
    expect(update.numReplay).toBe(Math.round((update.numNew * 0.2) / 0.8));
    const answer = await node.search({ query: "jazz album", k: 3 });
    expect(answer).toMatchObject({ version: fixture.genesis, localRevision: 1 });

    const [, reportId] = await reported;
    const listed = await adminClient(fixture.coordinator.url, fixture.adminToken).admin.drift.list.query({ limit: 20 });
    expect(listed.find((d) => d.id === reportId)).toMatchObject({ edgeId: node.edgeId, detector: alarm.detector, versionId: fixture.genesis });
  });
});
