/**
 * Ranking metrics for one query's candidate list: `scores[i]` is the model's
 * score of candidate i, `relevance[i]` its relevance (0 = not relevant; 1 for
 * binary feedback, larger for graded). Candidates are ranked by descending
 * score; on a tie a non-relevant candidate ranks first (pessimistic), so a
 * model that scores everything alike earns nothing from the candidates'
 * order. Each function returns null for a query without relevant candidates;
 * {@link meanRankingMetrics} skips those.
 */
import { ErrorCode, TributaryError } from "@tributary/protocol";

/** 1 when a relevant candidate is among the top `k`, else 0 (HR@k). */
export function hitRateAtK(scores: ArrayLike<number>, relevance: ArrayLike<number>, k: number): number | null {
  const ranked = rank(scores, relevance);
  if (!ranked.some((i) => relevance[i]! > 0)) return null;
  return ranked.slice(0, k).some((i) => relevance[i]! > 0) ? 1 : 0;
}

/**
 * Normalised discounted cumulative gain at `k` with linear gain:
 * DCG@k = Σ_{r<k} rel_r / log₂(r + 2) over the ranked list, divided by the
 * DCG@k of the ideal order. In [0, 1].
 */
export function ndcgAtK(scores: ArrayLike<number>, relevance: ArrayLike<number>, k: number): number | null {
  const ranked = rank(scores, relevance);
  const ideal = Array.from(ranked, (i) => relevance[i]!).sort((a, b) => b - a);
  let dcg = 0;
  let idcg = 0;
  for (let r = 0; r < Math.min(k, ranked.length); r++) {
    dcg += relevance[ranked[r]!]! / Math.log2(r + 2);
    idcg += ideal[r]! / Math.log2(r + 2);
  }
  if (!ideal.some((g) => g > 0)) return null;
  return idcg === 0 ? 0 : dcg / idcg;
}

/** 1 / (1-based rank of the first relevant candidate) over the whole list. */
export function reciprocalRank(scores: ArrayLike<number>, relevance: ArrayLike<number>): number | null {
  const ranked = rank(scores, relevance);
  const first = ranked.findIndex((i) => relevance[i]! > 0);
  return first < 0 ? null : 1 / (first + 1);
}

/** Means over queries of HR@k, NDCG@k and reciprocal rank (MRR); `queries` counts those with a relevant candidate. */
export interface RankingSummary {
  hitRate: number;
  ndcg: number;
  mrr: number;
  queries: number;
}

/** Averages the per-query metrics over `queries`, skipping queries without relevant candidates; all NaN when none remain. */
export function meanRankingMetrics(queries: Iterable<{ scores: ArrayLike<number>; relevance: ArrayLike<number> }>, k: number): RankingSummary {
  let hr = 0;
  let ndcg = 0;
  let mrr = 0;
  let count = 0;
  for (const { scores, relevance } of queries) {
    const rr = reciprocalRank(scores, relevance);
    if (rr === null) continue;
    hr += hitRateAtK(scores, relevance, k)!;
    ndcg += ndcgAtK(scores, relevance, k)!;
    mrr += rr;
    count++;
  }
  return { hitRate: hr / count, ndcg: ndcg / count, mrr: mrr / count, queries: count };
}

function rank(scores: ArrayLike<number>, relevance: ArrayLike<number>): number[] {
  if (scores.length !== relevance.length) throw new TributaryError(ErrorCode.LengthMismatch, `${scores.length} scores but ${relevance.length} relevance values`);
  return Array.from({ length: scores.length }, (_, i) => i).sort(
    (a, b) => scores[b]! - scores[a]! || relevance[a]! - relevance[b]! || a - b,
  );
}
