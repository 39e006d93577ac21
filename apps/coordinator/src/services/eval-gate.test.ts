import { describe, expect, it } from "vitest";
import { compareOnMetric, weightedMetric } from "./eval-gate.js";

describe("eval gate", () => {
  const lower = { metric: "loss", direction: "lower" as const, tolerance: 0.05 };
  it("passes a better or slightly worse candidate, fails one beyond tolerance", () => {
    expect(compareOnMetric({ loss: 0.4 }, { loss: 0.5 }, lower).pass).toBe(true);
    expect(compareOnMetric({ loss: 0.52 }, { loss: 0.5 }, lower).pass).toBe(true);
    const v = compareOnMetric({ loss: 0.6 }, { loss: 0.5 }, lower);
    expect(v.pass).toBe(false);
    expect(v.regression).toBeCloseTo(0.2, 10);
  });
  it("respects direction and fails when the metric is missing", () => {
    const higher = { metric: "ndcg", direction: "higher" as const, tolerance: 0 };
    expect(compareOnMetric({ ndcg: 0.3 }, { ndcg: 0.31 }, higher).pass).toBe(false);
    expect(compareOnMetric({ ndcg: 0.32 }, { ndcg: 0.31 }, higher).pass).toBe(true);
    expect(compareOnMetric({}, { ndcg: 0.31 }, higher).pass).toBe(false);
  });
  it("weights reports by example count", () => {
    expect(weightedMetric([{ numExamples: 1, metrics: { loss: 1 } }, { numExamples: 3, metrics: { loss: 2 } }], "loss")).toBe(1.75);
    expect(weightedMetric([{ numExamples: 1, metrics: {} }], "loss")).toBeUndefined();
  });
});
