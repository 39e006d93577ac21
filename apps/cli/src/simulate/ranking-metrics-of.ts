import { hitRateAtK, ndcgAtK } from "@tributary/model";
import type { Scorer } from "./scorer.js";
import type { TestCase } from "./test-cases.js";

/** Mean metrics of one method on one window's test cases. */
export interface WindowMetrics {
  /** HR@10 with 99 sampled negatives. */
  readonly hr10: number;
  /** NDCG@10 with 99 sampled negatives. */
  readonly ndcg10: number;
  /** NDCG@10 against the whole catalog (minus the user's seen items). */
  readonly fullNdcg10: number;
  readonly cases: number;
  readonly fullCases: number;
}

/** The metric names of {@link WindowMetrics}, in report order. */
export const METRIC_NAMES = ["ndcg10", "hr10", "fullNdcg10"] as const;
export type MetricName = (typeof METRIC_NAMES)[number];

const K = 10;

/**
 * Evaluates `scorer` on `cases`. Sampled metrics use packages/model's
 * hitRateAtK/ndcgAtK (ties rank the negative first). The full-catalog rank of
 * the positive counts the unseen items scoring at least as high (the same
 * pessimistic ties), so NDCG@10 = 1/log₂(rank + 2) when rank < 10.
 */
export function evaluateScorer(scorer: Scorer, cases: readonly TestCase[]): WindowMetrics {
  const relevance = new Float32Array(101);
  relevance[0] = 1;
  let hr = 0;
  let ndcg = 0;
  let full = 0;
  let fullCases = 0;
  scorer.scoreCandidates(cases).forEach((scores, k) => {
    const rel = scores.length === relevance.length ? relevance : Float32Array.from(scores, (_, i) => (i === 0 ? 1 : 0));
    hr += hitRateAtK(scores, rel, K) ?? 0;
    ndcg += ndcgAtK(scores, rel, K) ?? 0;
    const testCase = cases[k]!;
    if (testCase.fullCatalog) {
      full += fullCatalogNdcg(scorer.scoreCatalog(testCase), testCase);
      fullCases++;
    }
  });
  const n = Math.max(1, cases.length);
  return { hr10: hr / n, ndcg10: ndcg / n, fullNdcg10: full / Math.max(1, fullCases), cases: cases.length, fullCases };
}

function fullCatalogNdcg(scores: Float32Array, testCase: TestCase): number {
  const positive = testCase.candidates[0]!;
  const target = scores[positive]!;
  const seen = new Set(testCase.seen);
  let rank = 0;
  for (let i = 0; i < scores.length && rank < K; i++) {
    if (i !== positive && !seen.has(i) && scores[i]! >= target) rank++;
  }
  return rank < K ? 1 / Math.log2(rank + 2) : 0;
}
