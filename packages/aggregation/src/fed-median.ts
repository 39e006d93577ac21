/**
 * Federated Median (FedMedian) [Yin et al., 2018, "Byzantine-Robust Distributed
 * Learning: Towards Optimal Statistical Rates" (ICML)]: the coordinate-wise
 * median of the deltas, θ = θ_base + med(Δ₁…Δₙ). Robust to fewer than n/2
 * arbitrary (Byzantine) updates per coordinate. Unweighted: example counts are
 * not used (a weight would let one edge claim the median). An even count takes
 * the mean of the two middle values.
 */
import { aggregateParams } from "./fed-avg.js";
import { SpillingStrategy, type SpillingOptions } from "./spilling-strategy.js";
import type { ClientParams } from "./strategy.js";
import { MemoryUpdateStore } from "./update-store.js";

/** See the file comment. Updates are spilled; see spilling-strategy.ts. */
export class FedMedian extends SpillingStrategy {
  readonly name: string = "fedmedian";

  protected combine(base: Float32Array): Float32Array {
    const out = new Float32Array(base.length);
    const count = this.accepted;
    this.forEachChunk((rows, start, width, result) => {
      this.backend.columnMedian(rows, count, result);
      for (let j = 0; j < width; j++) out[start + j] = base[start + j]! + result[j]!;
    });
    return out;
  }
}

/**
 * The coordinate-wise median of complete parameter vectors, or null for none.
 * @throws TributaryError LENGTH_MISMATCH when the vectors differ in length
 */
export function fedMedian(results: readonly ClientParams[], options: Omit<SpillingOptions, "store"> = {}): Float32Array | null {
  return aggregateParams(new FedMedian({ ...options, store: new MemoryUpdateStore() }), results);
}
