import type { Rng } from "@tributary/datasets";
import type { RankingExamples } from "@tributary/model";
import type { StreamPlan } from "./stream-plan.js";

/**
 * Ranking-head examples from stream interactions: each interaction whose user
 * has history is a positive (user vector before it, its item, label 1) with
 * `negatives` uniformly drawn catalog items labelled 0 (implicit feedback, as
 * in NCF). Interactions without history are skipped: there is no user vector yet.
 */
export function rankingExamples(plan: StreamPlan, indices: ArrayLike<number>, negatives: number, rng: Rng, catalogSize: number): RankingExamples {
  const { dim } = plan;
  const usable: number[] = [];
  for (let k = 0; k < indices.length; k++) if (plan.historyLength[indices[k]!]! > 0) usable.push(indices[k]!);
  const rows = usable.length * (1 + negatives);
  const q = new Float32Array(rows * dim);
  const items = new Int32Array(rows);
  const y = new Int32Array(rows);
  let r = 0;
  for (const i of usable) {
    const vector = plan.userVectors.subarray(i * dim, (i + 1) * dim);
    const positive = plan.item[i]!;
    for (let k = 0; k <= negatives; k++) {
      q.set(vector, r * dim);
      if (k === 0) {
        items[r] = positive;
        y[r] = 1;
      } else {
        let negative = Math.floor(rng() * catalogSize);
        if (negative === positive) negative = (negative + 1) % catalogSize;
        items[r] = negative;
      }
      r++;
    }
  }
  return { q, dim, items, y };
}

/** Number of examples {@link rankingExamples} would build. */
export function usableCount(plan: StreamPlan, indices: ArrayLike<number>): number {
  let n = 0;
  for (let k = 0; k < indices.length; k++) if (plan.historyLength[indices[k]!]! > 0) n++;
  return n;
}
