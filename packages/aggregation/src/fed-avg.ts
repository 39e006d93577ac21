/**
 * Federated Averaging (FedAvg) [McMahan et al., 2017, "Communication-Efficient
 * Learning of Deep Networks from Decentralized Data"]: θ_new = θ_base + Σ nₖΔₖ / Σ nₖ,
 * weighted by each edge's example count. Accumulates in place on the compute
 * backend (float64 by default), so a round holds the base and one sum whatever
 * the number of updates: O(model) memory, never O(edges × model).
 */
import { ErrorCode, TributaryError } from "@tributary/protocol";
import type { AccumulatorPrecision, ComputeBackend, SumAccumulator } from "./compute-backend.js";
import type { ClientParams, ClientUpdate, MeanDeltaStrategy, RoundContext } from "./strategy.js";
import { defaultComputeBackend } from "./threads-backend.js";

/** Options shared by the weighted-mean strategies. */
export interface MeanStrategyOptions {
  /** Where the arithmetic runs (default: the process-wide threads backend). */
  readonly backend?: ComputeBackend;
  /** Element type of the running sum: float64 (default, 2× the model) or float32 (1×). */
  readonly accumulator?: AccumulatorPrecision;
}

/** See the file comment. Reusable: each {@link FedAvg.begin} starts a fresh round. */
export class FedAvg implements MeanDeltaStrategy {
  readonly name: string = "fedavg";
  protected readonly backend: ComputeBackend;
  private readonly precision: AccumulatorPrecision;
  protected base: Float32Array | null = null;
  private sum: SumAccumulator | null = null;
  private totalWeight = 0;
  private count = 0;

  constructor(options: MeanStrategyOptions = {}) {
    this.backend = options.backend ?? defaultComputeBackend();
    this.precision = options.accumulator ?? "float64";
  }

  get accepted(): number {
    return this.count;
  }

  begin(context: RoundContext): void {
    this.base = context.base;
    if (this.sum?.length === context.base.length) {
      this.sum.reset();
    } else {
      this.sum?.dispose();
      this.sum = this.backend.createAccumulator(context.base.length, this.precision);
    }
    this.totalWeight = 0;
    this.count = 0;
  }

  /**
   * Adds weight·delta to the running sum; an update whose weight is not a
   * positive finite number is ignored (not counted).
   * @throws TributaryError LENGTH_MISMATCH when the delta's length differs from the base's
   * @throws Error when called before begin()
   */
  accept(update: ClientUpdate): void {
    if (!this.base || !this.sum) throw new Error(`${this.name}.accept called before begin()`);
    if (update.delta.length !== this.base.length) {
      throw new TributaryError(ErrorCode.LengthMismatch, `delta has ${update.delta.length} elements, the model ${this.base.length}`);
    }
    const weight = this.weightOf(update);
    if (!(weight > 0) || !Number.isFinite(weight)) return;
    this.sum.add(update.delta, weight);
    this.totalWeight += weight;
    this.count++;
  }

  /** θ_base + mean delta, or null when nothing was accepted. */
  aggregate(): Float32Array | null {
    if (!this.base || !this.sum || this.count === 0) return null;
    return this.sum.combine(this.base, 1 / this.normalizer());
  }

  /** Σwₖ·Δₖ / normalizer, or null when nothing was accepted. */
  meanDelta(): Float32Array | null {
    if (!this.sum || this.count === 0) return null;
    return this.sum.combine(null, 1 / this.normalizer());
  }

  /** θ_base + meanDelta. */
  applyDelta(meanDelta: Float32Array): Float32Array {
    const base = this.requireBase(meanDelta);
    const out = new Float32Array(base.length);
    for (let i = 0; i < out.length; i++) out[i] = base[i]! + meanDelta[i]!;
    return out;
  }

  dispose(): void {
    this.sum?.dispose();
    this.sum = null;
    this.base = null;
  }

  /** The weight of one update; subclasses change it (e.g. staleness discounts). */
  protected weightOf(update: ClientUpdate): number {
    return update.numExamples;
  }

  /** What the weighted sum is divided by: the total weight (FedBuff divides by the count instead). */
  protected normalizer(): number {
    return this.totalWeight;
  }

  protected requireBase(meanDelta: Float32Array): Float32Array {
    if (!this.base) throw new Error(`${this.name}.applyDelta called before begin()`);
    if (meanDelta.length !== this.base.length) throw new Error(`mean delta has ${meanDelta.length} elements, the model ${this.base.length}`);
    return this.base;
  }
}

/**
 * Runs a streaming strategy over complete parameter vectors as if they were
 * deltas from zero: the shared body of the pure-function forms.
 * @throws TributaryError LENGTH_MISMATCH when the vectors differ in length
 */
export function aggregateParams(
  strategy: { begin(c: RoundContext): void; accept(u: ClientUpdate): void; aggregate(): Float32Array | null; dispose?(): void },
  results: readonly ClientParams[],
): Float32Array | null {
  const first = results[0];
  if (!first) return null;
  try {
    strategy.begin({ base: new Float32Array(first.params.length), baseVersion: 0, roundId: 0 });
    results.forEach((r, i) => strategy.accept({ edgeId: String(i), delta: r.params, numExamples: r.numExamples, baseVersion: 0, staleness: 0 }));
    return strategy.aggregate();
  } finally {
    strategy.dispose?.();
  }
}

/**
 * FedAvg as a pure function over complete parameter vectors:
 * Σ nₖθₖ / Σ nₖ, or null for an empty input or zero total weight.
 * @throws TributaryError LENGTH_MISMATCH when the vectors differ in length
 */
export function fedAvg(results: readonly ClientParams[]): Float32Array | null {
  return aggregateParams(new FedAvg(), results);
}
