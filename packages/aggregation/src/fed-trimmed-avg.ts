/**
 * Federated Trimmed Average (FedTrimmedAvg) [Yin et al., 2018, "Byzantine-Robust
 * Distributed Learning: Towards Optimal Statistical Rates" (ICML)]: per
 * coordinate, drop the ⌊βn⌋ largest and ⌊βn⌋ smallest delta values and average
 * the rest. Robust while fewer than βn updates are Byzantine. Unweighted, as in
 * the paper.
 */
import { aggregateParams } from "./fed-avg.js";
import { SpillingStrategy, type SpillingOptions } from "./spilling-strategy.js";
import type { ClientParams } from "./strategy.js";
import { MemoryUpdateStore } from "./update-store.js";

/** Options of {@link FedTrimmedAvg}. */
export interface FedTrimmedAvgOptions extends SpillingOptions {
  /** β in [0, 0.5): the fraction cut at each end (default 0.2). */
  readonly beta?: number;
}

/** See the file comment. Updates are spilled; see spilling-strategy.ts. */
export class FedTrimmedAvg extends SpillingStrategy {
  readonly name: string = "fedtrimmedavg";
  readonly beta: number;

  /** @throws Error for β outside [0, 0.5) */
  constructor(options: FedTrimmedAvgOptions = {}) {
    super(options);
    this.beta = options.beta ?? 0.2;
    if (!(this.beta >= 0 && this.beta < 0.5)) throw new Error(`trimmed-mean beta must be in [0, 0.5), got ${this.beta}`);
  }

  protected combine(base: Float32Array): Float32Array {
    const out = new Float32Array(base.length);
    const count = this.accepted;
    const trim = Math.floor(this.beta * count);
    this.forEachChunk((rows, start, width, result) => {
      this.backend.columnTrimmedMean(rows, count, trim, result);
      for (let j = 0; j < width; j++) out[start + j] = base[start + j]! + result[j]!;
    });
    return out;
  }
}

/**
 * The coordinate-wise β-trimmed mean of complete parameter vectors, or null for none.
 * @throws TributaryError LENGTH_MISMATCH when the vectors differ in length
 * @throws Error for β outside [0, 0.5)
 */
export function fedTrimmedAvg(
  results: readonly ClientParams[],
  beta = 0.2,
  options: Omit<SpillingOptions, "store"> = {},
): Float32Array | null {
  return aggregateParams(new FedTrimmedAvg({ ...options, beta, store: new MemoryUpdateStore() }), results);
}
