/**
 * Sparsity-aware Federated Averaging (FedAvgSparse): FedAvg [McMahan et al.,
 * 2017] computed coordinate by coordinate over only the updates that changed
 * that coordinate, θ_new[i] = θ_base[i] + η · Σₖ nₖΔₖ[i] / Σ_{k: Δₖ[i] ≠ 0} nₖ.
 * This is the masked/sparse averaging of embedding tables used in federated
 * recommendation (FedRec, Lin et al., 2020, "FedRec: Federated Recommendation
 * with Explicit Feedback"; FedFast, Muhammad et al., KDD 2020): an item row that
 * only one edge saw moves by that edge's step instead of 1/K of it. Coordinates
 * every edge touches (dense layers) get exactly FedAvg's mean.
 *
 * It needs deltas that are exactly zero where an edge did not train (e.g. no
 * weight decay on embedding rows it never gathered). The sums live in two
 * float64 arrays on the main thread: 2× the model, fine for heads of a few
 * hundred thousand parameters.
 */
import { ErrorCode, TributaryError } from "@tributary/protocol";
import type { ClientUpdate, RoundContext, Strategy } from "./strategy.js";

/** Options of {@link FedAvgSparse}. */
export interface FedAvgSparseOptions {
  /** η: the server's step on the masked mean delta (1 = plain averaging); default 1. */
  readonly serverLearningRate?: number;
}

/** See the file comment. Reusable: each {@link FedAvgSparse.begin} starts a fresh round. */
export class FedAvgSparse implements Strategy {
  readonly name: string = "fedavgsparse";
  private readonly serverLearningRate: number;
  private base: Float32Array | null = null;
  private sum: Float64Array = new Float64Array(0);
  private weight: Float64Array = new Float64Array(0);
  private count = 0;

  /** @throws RangeError when serverLearningRate is not a positive finite number */
  constructor(options: FedAvgSparseOptions = {}) {
    this.serverLearningRate = options.serverLearningRate ?? 1;
    if (!(this.serverLearningRate > 0 && Number.isFinite(this.serverLearningRate))) {
      throw new RangeError(`serverLearningRate must be a positive number, got ${this.serverLearningRate}`);
    }
  }

  get accepted(): number {
    return this.count;
  }

  begin(context: RoundContext): void {
    this.base = context.base;
    if (this.sum.length === context.base.length) {
      this.sum.fill(0);
      this.weight.fill(0);
    } else {
      this.sum = new Float64Array(context.base.length);
      this.weight = new Float64Array(context.base.length);
    }
    this.count = 0;
  }

  /**
   * Adds nₖ·Δₖ to the sum and nₖ to the weight of every coordinate Δₖ changes;
   * an update whose example count is not a positive finite number is ignored.
   * @throws TributaryError LENGTH_MISMATCH when the delta's length differs from the base's
   * @throws Error when called before begin()
   */
  accept(update: ClientUpdate): void {
    if (!this.base) throw new Error("FedAvgSparse.accept before begin");
    const { delta, numExamples: w } = update;
    if (delta.length !== this.base.length) {
      throw new TributaryError(ErrorCode.LengthMismatch, `delta has ${delta.length} elements, the model ${this.base.length}`);
    }
    if (!(w > 0) || !Number.isFinite(w)) return;
    for (let i = 0; i < delta.length; i++) {
      const d = delta[i]!;
      if (d !== 0) {
        this.sum[i]! += w * d;
        this.weight[i]! += w;
      }
    }
    this.count++;
  }

  /** θ_base plus η times the masked mean delta; null before any usable update. Coordinates nobody changed stay at θ_base. */
  aggregate(): Float32Array | null {
    if (!this.base) throw new Error("FedAvgSparse.aggregate before begin");
    if (this.count === 0) return null;
    const out = Float32Array.from(this.base);
    for (let i = 0; i < out.length; i++) {
      const w = this.weight[i]!;
      if (w > 0) out[i] = this.base[i]! + (this.serverLearningRate * this.sum[i]!) / w;
    }
    return out;
  }

  dispose(): void {
    this.sum = new Float64Array(0);
    this.weight = new Float64Array(0);
    this.base = null;
  }
}
