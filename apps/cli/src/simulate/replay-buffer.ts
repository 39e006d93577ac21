import type { Rng } from "@tributary/datasets";
import { drawWithoutReplacement } from "./draw-without-replacement.js";

/**
 * The history a learner may replay (seed §4: loss over historical and new
 * data): every record it has learned from (a positive interaction, or a labeled
 * text), sampled uniformly.
 */
export class ReplayBuffer {
  private readonly seen: number[] = [];

  /** Number of records held. */
  get size(): number {
    return this.seen.length;
  }

  /** Adds records (their indices in the stream plan) after they were learned. */
  add(indices: ArrayLike<number>): void {
    for (let i = 0; i < indices.length; i++) this.seen.push(indices[i]!);
  }

  /** `count` records drawn uniformly without replacement (all of them when fewer are held); deterministic for `rng`'s state. */
  sample(count: number, rng: Rng): Int32Array {
    return Int32Array.from(drawWithoutReplacement(this.seen, count, rng));
  }
}

/** Replayed examples for `fresh` new ones at `ratio`: at least a batch's worth when the learner has little new data, so an edge with a quiet window still takes part. */
export function replayCount(fresh: number, ratio: number): number {
  if (ratio <= 0) return 0;
  return Math.max(Math.round(ratio * fresh), 128);
}
