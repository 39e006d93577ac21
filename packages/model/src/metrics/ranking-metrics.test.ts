import { describe, expect, it } from "vitest";
import { hitRateAtK, meanRankingMetrics, ndcgAtK, reciprocalRank } from "./ranking-metrics.js";

// Ranked by score: c1 (.9), c2 (.5, relevant), c3 (.3), c0 (.1) → the relevant item is 2nd.
const scores = [0.1, 0.9, 0.5, 0.3];
const relevance = [0, 0, 1, 0];

describe("ranking metrics", () => {
  it("HR@k is 1 once k reaches the relevant item's rank", () => {
    expect(hitRateAtK(scores, relevance, 1)).toBe(0);
    expect(hitRateAtK(scores, relevance, 2)).toBe(1);
    expect(hitRateAtK(scores, relevance, 10)).toBe(1);
  });
  it("MRR is 1 / rank of the first relevant item", () => {
    expect(reciprocalRank(scores, relevance)).toBe(0.5);
    expect(reciprocalRank([0.2, 0.8], [1, 1])).toBe(1);
  });
  it("NDCG@k with binary relevance: 1/log2(rank+1) over the ideal 1", () => {
    expect(ndcgAtK(scores, relevance, 1)).toBe(0);
    expect(ndcgAtK(scores, relevance, 2)).toBeCloseTo(1 / Math.log2(3), 12); // 0.6309
    expect(ndcgAtK([0.9, 0.1], [1, 0], 2)).toBe(1);
  });
  it("NDCG@k with graded relevance (linear gain)", () => {
    // order c0 (rel 1), c1 (rel 2), c2 (0): DCG = 1 + 2/log2 3; ideal = 2 + 1/log2 3
    const expected = (1 + 2 / Math.log2(3)) / (2 + 1 / Math.log2(3)); // 0.8597
    expect(ndcgAtK([3, 2, 1], [1, 2, 0], 3)).toBeCloseTo(expected, 12);
  });
  it("breaks score ties pessimistically: relevant items rank after tied non-relevant ones", () => {
    expect(reciprocalRank([1, 1, 1], [1, 0, 0])).toBeCloseTo(1 / 3, 12);
    expect(hitRateAtK([1, 1, 1], [0, 1, 0], 2)).toBe(0);
  });
  it("is null without relevant items, and the mean skips such queries", () => {
    expect(hitRateAtK([1, 2], [0, 0], 1)).toBeNull();
    expect(ndcgAtK([1, 2], [0, 0], 1)).toBeNull();
    expect(reciprocalRank([1, 2], [0, 0])).toBeNull();
    const mean = meanRankingMetrics(
      [
        { scores, relevance },
        { scores: [0.9, 0.1], relevance: [1, 0] },
        { scores: [0.3, 0.4], relevance: [0, 0] },
      ],
      1,
    );
    expect(mean).toEqual({ hitRate: 0.5, ndcg: 0.5, mrr: 0.75, queries: 2 });
  });
  it("rejects mismatched lengths", () => {
    expect(() => hitRateAtK([1, 2], [1], 1)).toThrow(/2 scores but 1/);
  });
});
