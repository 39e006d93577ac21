/**
 * Federated Averaging (FedAvg) [McMahan et al., 2017, "Communication-Efficient
 * Learning of Deep Networks from Decentralized Data"]: θ_new = θ_base + Σ nₖΔₖ / Σ nₖ,
 * weighted by each edge's example count. Accumulates in place on the compute
 * backend (float64 by default), so a round holds the base and one sum whatever
 * the number of updates: O(model) memory, never O(edges × model).
 *
 * Leanest round (2× the model: the sum, and one buffer that takes each update's
 * wire bytes and then the base): `accumulator: "float32"`, the base as a loader
 * (read only by the aggregate step, after the last update; see RoundContext),
 * `acceptEncoded` (decode-and-accumulate from the wire bytes, no decoded delta)
 * and `aggregateInPlace` (the result over the sum).
 */
import { ErrorCode, TributaryError, openEncodedVector } from "@tributary/protocol";
import type { AccumulatorPrecision, ComputeBackend, SumAccumulator } from "./compute-backend.js";
import { RoundBase } from "./round-base.js";
import type { ClientParams, ClientUpdate, EncodedUpdateMeta, MeanDeltaStrategy, RoundContext } from "./strategy.js";
import { defaultComputeBackend } from "./threads-backend.js";

/** Options shared by the weighted-mean strategies. */
export interface MeanStrategyOptions {
  /** Where the arithmetic runs (default: the process-wide threads backend). */
  readonly backend?: ComputeBackend;
  /**
   * Element type of the running sum: float64 (default, 2× the model) or float32
   * (1×; each addition rounds once to float32, so the mean delta carries a
   * relative error of about √K · 6e-8 for K updates, far below the float32
   * rounding of θ_base + mean delta when deltas are small against parameters).
   */
  readonly accumulator?: AccumulatorPrecision;
}

/** See the file comment. Reusable: each {@link FedAvg.begin} starts a fresh round. */
export class FedAvg implements MeanDeltaStrategy {
  readonly name: string = "fedavg";
  protected readonly backend: ComputeBackend;
  private readonly precision: AccumulatorPrecision;
  protected base: RoundBase | null = null;
  private sum: SumAccumulator | null = null;
  private totalWeight = 0;
  private count = 0;
  /** Set by aggregateInPlace: the sum holds the result until the next begin(). */
  private finalised = false;

  constructor(options: MeanStrategyOptions = {}) {
    this.backend = options.backend ?? defaultComputeBackend();
    this.precision = options.accumulator ?? "float64";
  }

  get accepted(): number {
    return this.count;
  }

  /** @throws Error when a base loader comes without a valid length */
  begin(context: RoundContext): void {
    const base = new RoundBase(context);
    this.base = base;
    if (this.sum?.length === base.length) {
      this.sum.reset();
    } else {
      this.sum?.dispose();
      this.sum = this.backend.createAccumulator(base.length, this.precision);
    }
    this.totalWeight = 0;
    this.count = 0;
    this.finalised = false;
  }

  /**
   * Adds weight·delta to the running sum; an update whose weight is not a
   * positive finite number is ignored (not counted).
   * @throws TributaryError LENGTH_MISMATCH when the delta's length differs from the base's
   * @throws Error when called before begin()
   */
  accept(update: ClientUpdate): void {
    const { base, sum } = this.open("accept");
    if (update.delta.length !== base.length) {
      throw new TributaryError(ErrorCode.LengthMismatch, `delta has ${update.delta.length} elements, the model ${base.length}`);
    }
    const weight = this.weightOf(update);
    if (!(weight > 0) || !Number.isFinite(weight)) return;
    sum.add(update.delta, weight);
    this.totalWeight += weight;
    this.count++;
  }

  /**
   * {@link FedAvg.accept} straight from an encoded delta: the bytes are validated
   * completely first (as decodeVector validates them, expecting the base's length),
   * then decoded chunk by chunk into the sum, so no decoded copy of the delta
   * exists and a bad payload leaves the round untouched. Every dtype streams
   * (f32, f16, i8, top-k). An update whose weight is not a positive finite
   * number is validated, then ignored.
   * @throws TributaryError with decodeVector's code (LENGTH_MISMATCH for a length other than the base's)
   * @throws Error when called before begin() or after aggregateInPlace()
   */
  acceptEncoded(bytes: Uint8Array, meta: EncodedUpdateMeta): void {
    const { base, sum } = this.open("acceptEncoded");
    const reader = openEncodedVector(bytes, { ...meta.expect, length: base.length });
    const weight = this.weightOf(meta);
    if (!(weight > 0) || !Number.isFinite(weight)) return;
    sum.addChunked(weight, reader.read);
    this.totalWeight += weight;
    this.count++;
  }

  /**
   * θ_base + mean delta as a new vector, or null when nothing was accepted (the base is not read then).
   * @throws Error after aggregateInPlace() in the same round; what a base loader throws
   */
  aggregate(): Float32Array | null {
    this.refuseIfFinalised("aggregate");
    if (!this.base || !this.sum || this.count === 0) return null;
    return this.sum.combine(this.base.get(), 1 / this.normalizer());
  }

  /**
   * The same values as {@link FedAvg.aggregate}, written over the running sum
   * (a float32 sum in place; a float64 sum's first half), so the round needs no
   * result vector: see Strategy.aggregateInPlace for the contract. With the
   * TensorFlow.js backend the result is a new vector. Null when nothing was
   * accepted (the base is not read then).
   * @throws Error when called twice in a round; what a base loader throws (the round is not ended then)
   */
  aggregateInPlace(): Float32Array | null {
    this.refuseIfFinalised("aggregateInPlace");
    if (!this.base || !this.sum) return null;
    const base = this.count === 0 ? null : this.base.get();
    this.endRound();
    return base ? this.sum.combineInPlace(base, 1 / this.normalizer()) : null;
  }

  /**
   * Σwₖ·Δₖ / normalizer, or null when nothing was accepted.
   * @throws Error after aggregateInPlace() in the same round
   */
  meanDelta(): Float32Array | null {
    this.refuseIfFinalised("meanDelta");
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
  protected weightOf(update: Omit<ClientUpdate, "delta">): number {
    return update.numExamples;
  }

  /** What the weighted sum is divided by: the total weight (FedBuff divides by the count instead). */
  protected normalizer(): number {
    return this.totalWeight;
  }

  /** The round's base and sum, for a method that adds to them. */
  private open(method: string): { base: RoundBase; sum: SumAccumulator } {
    if (!this.base || !this.sum) throw new Error(`${this.name}.${method} called before begin()`);
    this.refuseIfFinalised(method);
    return { base: this.base, sum: this.sum };
  }

  /** Throws once aggregateInPlace() has ended the round. */
  protected refuseIfFinalised(method: string): void {
    if (this.finalised) throw new Error(`${this.name}.${method} called after aggregateInPlace(); begin() a new round`);
  }

  /** Ends a begun round: from now on only begin() and dispose() are allowed. */
  protected endRound(): void {
    if (this.base) this.finalised = true;
  }

  /** The round's base for applyDelta (read now when it is lazy), after checking `meanDelta` against its length. */
  protected requireBase(meanDelta: Float32Array): Float32Array {
    if (!this.base) throw new Error(`${this.name}.applyDelta called before begin()`);
    if (meanDelta.length !== this.base.length) throw new Error(`mean delta has ${meanDelta.length} elements, the model ${this.base.length}`);
    return this.base.get();
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
