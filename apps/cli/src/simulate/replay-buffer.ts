import type { Rng } from "@tributary/datasets";

/**
 * The history a learner may replay (seed §4: loss over historical and new
 * data): every positive interaction it has learned from, sampled uniformly.
 */
export class ReplayBuffer {
  private readonly seen: number[] = [];

  /** Number of interactions held. */
  get size(): number {
    return this.seen.length;
  }

  /** Adds interactions (their indices in the stream plan) after they were learned. */
  add(indices: ArrayLike<number>): void {
    for (let i = 0; i < indices.length; i++) this.seen.push(indices[i]!);
  }

  /** `count` interactions drawn uniformly without replacement (all of them when fewer are held); deterministic for `rng`'s state. */
  sample(count: number, rng: Rng): Int32Array {
    const k = Math.min(count, this.seen.length);
    const pool = this.seen.slice();
    const out = new Int32Array(k);
    for (let i = 0; i < k; i++) {
      const j = i + Math.floor(rng() * (pool.length - i));
      [pool[i], pool[j]] = [pool[j]!, pool[i]!];
      out[i] = pool[i]!;
    }
    return out;
  }
}

/** Replayed examples for `fresh` new ones at `ratio`: at least a batch's worth when the learner has little new data, so an edge with a quiet window still takes part. */
export function replayCount(fresh: number, ratio: number): number {
  if (ratio <= 0) return 0;
  return Math.max(Math.round(ratio * fresh), 128);
}
