/**
 * Federated Averaging (FedAvg) [McMahan et al., 2017, "Communication-Efficient
 * Learning of Deep Networks from Decentralized Data"]: θ_new = θ_base + Σ nₖΔₖ / Σ nₖ,
 * weighted by each edge's example count. Accumulates in place in float64, so a
 * round holds two vectors (base and sum) whatever the number of updates.
 */
import { ErrorCode, TributaryError } from "@tributary/protocol";
import type { ClientUpdate, RoundContext, Strategy } from "./strategy.js";

export class FedAvg implements Strategy {
  readonly name: string = "fedavg";
  private base: Float32Array | null = null;
  private sum: Float64Array | null = null;
  private totalWeight = 0;
  private count = 0;

  get accepted(): number {
    return this.count;
  }

  begin(context: RoundContext): void {
    this.base = context.base;
    this.sum = new Float64Array(context.base.length);
    this.totalWeight = 0;
    this.count = 0;
  }

  accept(update: ClientUpdate): void {
    if (!this.base || !this.sum) throw new Error("FedAvg.accept called before begin()");
    if (update.delta.length !== this.base.length) {
      throw new TributaryError(ErrorCode.LengthMismatch, `delta has ${update.delta.length} elements, the model ${this.base.length}`);
    }
    const weight = this.weightOf(update);
    if (!(weight > 0) || !Number.isFinite(weight)) return;
    const { sum } = this;
    const { delta } = update;
    for (let i = 0; i < delta.length; i++) sum[i]! += weight * delta[i]!;
    this.totalWeight += weight;
    this.count++;
  }

  aggregate(): Float32Array | null {
    if (!this.base || !this.sum || this.totalWeight === 0) return null;
    const out = new Float32Array(this.base.length);
    const { base, sum, totalWeight } = this;
    for (let i = 0; i < out.length; i++) out[i] = base[i]! + sum[i]! / totalWeight;
    return out;
  }

  /** The weight of one update; subclasses change it (e.g. staleness discounts). */
  protected weightOf(update: ClientUpdate): number {
    return update.numExamples;
  }
}

/**
 * FedAvg as a pure function over complete parameter vectors:
 * Σ nₖθₖ / Σ nₖ, or null for an empty input or zero total weight.
 * @throws TributaryError LENGTH_MISMATCH when the vectors differ in length
 */
export function fedAvg(results: readonly { params: Float32Array; numExamples: number }[]): Float32Array | null {
  const first = results[0];
  if (!first) return null;
  const strategy = new FedAvg();
  const zero = new Float32Array(first.params.length);
  strategy.begin({ base: zero, baseVersion: 0, roundId: 0 });
  results.forEach((r, i) => strategy.accept({ edgeId: String(i), delta: r.params, numExamples: r.numExamples, baseVersion: 0, staleness: 0 }));
  return strategy.aggregate();
}
