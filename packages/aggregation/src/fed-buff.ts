/**
 * Buffered asynchronous aggregation (FedBuff) [Nguyen et al., 2022, "Federated
 * Learning with Buffered Asynchronous Aggregation" (AISTATS)]: edges push
 * whenever they have trained, against whatever version they hold; the server
 * buffers K updates and then steps θ ← θ + η_g · (1/K) Σ s(τₖ)Δₖ, where τₖ is the
 * update's staleness (versions behind) and s(τ) = 1/√(1+τ), the paper's choice.
 * Updates are not weighted by example count, as in the paper.
 *
 * The coordinator calls `begin` on the latest version, accepts updates as they
 * come (with their staleness), and aggregates once {@link FedBuff.ready}.
 */
import { FedAvg, type MeanStrategyOptions } from "./fed-avg.js";
import type { ClientUpdate } from "./strategy.js";

/** Options of {@link FedBuff}. */
export interface FedBuffOptions extends MeanStrategyOptions {
  /** K, updates per server step (default 10). */
  readonly bufferSize?: number;
  /** η_g (default 1). */
  readonly serverLearningRate?: number;
  /** Updates more than this many versions behind are ignored (default: none ignored). */
  readonly maxStaleness?: number;
}

/** s(τ) = 1/√(1+τ): the staleness weight of Nguyen et al., 2022. */
export function stalenessWeight(staleness: number): number {
  return 1 / Math.sqrt(1 + Math.max(0, staleness));
}

/** See the file comment. */
export class FedBuff extends FedAvg {
  override readonly name: string = "fedbuff";
  readonly bufferSize: number;
  readonly serverLearningRate: number;
  readonly maxStaleness: number;

  /** @throws Error for a buffer size below 1 or a non-positive learning rate */
  constructor(options: FedBuffOptions = {}) {
    super(options);
    this.bufferSize = options.bufferSize ?? 10;
    this.serverLearningRate = options.serverLearningRate ?? 1;
    this.maxStaleness = options.maxStaleness ?? Number.POSITIVE_INFINITY;
    if (!Number.isInteger(this.bufferSize) || this.bufferSize < 1) throw new Error(`bad buffer size ${this.bufferSize}`);
    if (!(this.serverLearningRate > 0)) throw new Error(`bad server learning rate ${this.serverLearningRate}`);
  }

  /** True once K updates are buffered: time to aggregate and begin again on the new version. */
  get ready(): boolean {
    return this.accepted >= this.bufferSize;
  }

  protected override weightOf(update: Omit<ClientUpdate, "delta">): number {
    return update.staleness > this.maxStaleness ? 0 : stalenessWeight(update.staleness);
  }

  /** The paper divides by the number of buffered updates, not by the sum of their weights. */
  protected override normalizer(): number {
    return this.accepted / this.serverLearningRate;
  }
}
