import { afterEach, describe, expect, it } from "vitest";
import { evaluateOnInteractions } from "../src/serving/evaluate-on-interactions.js";
import { RankingScorer } from "../src/serving/ranking-scorer.js";
import { type EdgeHarness, events, nextEvent, startEdgeHarness } from "./edge-harness.js";
import { withOutputBias } from "./fixtures.js";

let h: EdgeHarness | undefined;
afterEach(async () => {
  await h?.dispose();
  h = undefined;
});

interface Report {
  candidateVersion: number;
  baselineVersion: number;
  numExamples: number;
  metrics: Record<string, number>;
  baselineMetrics: Record<string, number>;
  decided: string | null;
}

describe("federated evaluation", () => {
  it("answers an evaluate event with the candidate's and the baseline's metrics on held-out data, and the coordinator decides", async () => {
    h = await startEdgeHarness(1, {
      // A genesis that calls nothing relevant (σ(−4) ≈ 0.02): a round trained on clicks must beat it.
      coordinator: { settings: { localEpochs: 3, learningRate: 0.05, gate: { federatedMinEdges: 1 } }, genesis: (p, spec) => withOutputBias(p, spec, -4) },
      node: { asyncMinExamples: 60, holdoutEvery: 5 },
    });
    const { fixture, node } = h;
    const baseline = node.store.models.load("global")!;
    const evaluated = nextEvent<[Report]>(node.federation, "evaluated");
    const swapped = nextEvent<[number]>(node, "swapped", (v) => v !== fixture.genesis);
    await node.feedback(events("click", 20, "ana")); // 60 interactions: 12 held out (ids 5, 10, …, 60)
    const [report] = await evaluated;
    const [v2] = await swapped;

    expect(report).toMatchObject({ candidateVersion: v2, baselineVersion: fixture.genesis, numExamples: 12, decided: "promoted" });
    expect(report.metrics.loss).toBeLessThan(report.baselineMetrics.loss);
    // Held out means never trained on: the round's delta saw the other 48.
    expect(node.store.outbox.all()[0]!.numExamples).toBe(48);
    // The numbers are the two versions' on exactly those 12 interactions.
    const heldOut = node.store.interactions.range(0).filter((i) => i.id % 5 === 0);
    const score = (params: Float32Array) => evaluateOnInteractions(new RankingScorer(node.modelSpec, params, node.index.vectors, node.index.dim), heldOut)!.metrics;
    expect(report.baselineMetrics.loss).toBeCloseTo(score(baseline.params).loss!, 6);
    expect(report.metrics.loss).toBeCloseTo(score(node.store.models.load("global")!.params).loss!, 6);
    const stored = await fixture.database.repo.evaluations.listForVersion(v2);
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ source: "edge", edgeId: node.edgeId, numExamples: 12, metrics: report.metrics, baselineMetrics: report.baselineMetrics });
    expect(await fixture.database.repo.aliases.get("production")).toBe(v2);
  });
});
