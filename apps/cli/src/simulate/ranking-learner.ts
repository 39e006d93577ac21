import { createRankingHead, type RankingHead, type TrainConfig } from "@tributary/model";
import type { ItemFeatures } from "./item-features.js";
import type { Scorer } from "./scorer.js";
import type { TestCase } from "./test-cases.js";

/** Settings every learner trains with (the round's config in federated runs). */
export interface LearnerSettings {
  readonly hidden: readonly number[];
  readonly learningRate: number;
  readonly localEpochs: number;
  readonly seed: number;
}

/**
 * Batch size, L2 and dropout shared by every method, so they differ only in what data they see.
 * No L2: under Adam even a tiny decay gradient becomes a full-size step, so every
 * item bias moved on every step whether or not its item was in the batch (without
 * it an edge's delta is exactly zero on items it never saw).
 */
export const TRAINING_DEFAULTS = { batchSize: 128, l2: 0, dropout: 0 } as const satisfies Partial<TrainConfig>;

/**
 * Creates the recommendation model every learning method shares: the ranking
 * head σ(MLP([q, d, q⊙d, |q−d|]) + b_item) over the projected item vectors,
 * with one learned bias per catalog item, its catalog set.
 */
export async function createCatalogHead(features: ItemFeatures, settings: Pick<LearnerSettings, "hidden" | "seed">): Promise<RankingHead> {
  const count = features.ids.length;
  const head = await createRankingHead({ dim: features.dim, hidden: [...settings.hidden], numItems: count, seed: settings.seed });
  head.setCatalog(features.vectors);
  return head;
}

/** Cases per predict call: 100 candidates each, so a call scores ~10,000 pairs. */
const CASES_PER_CALL = 100;

/** A {@link Scorer} over a ranking head as it is now (its current θ). */
export function headScorer(head: RankingHead): Scorer {
  return {
    scoreCandidates(cases: readonly TestCase[]) {
      const out: Float32Array[] = [];
      for (let start = 0; start < cases.length; start += CASES_PER_CALL) {
        const chunk = cases.slice(start, start + CASES_PER_CALL);
        const rows = chunk.reduce((n, c) => n + c.candidates.length, 0);
        const q = new Float32Array(rows * head.dim);
        const items = new Int32Array(rows);
        let r = 0;
        for (const c of chunk) {
          for (const item of c.candidates) {
            q.set(c.q, r * head.dim);
            items[r++] = item;
          }
        }
        const p = head.predict({ q, dim: head.dim, items, y: new Int32Array(rows) });
        let offset = 0;
        for (const c of chunk) {
          out.push(p.slice(offset, offset + c.candidates.length));
          offset += c.candidates.length;
        }
      }
      return out;
    },
    scoreCatalog: (c) => head.scoreItems(c.q),
  };
}
