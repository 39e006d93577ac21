/**
 * FedAvg with server momentum (FedAvgM) [Hsu et al., 2019, "Measuring the Effects
 * of Non-Identical Data Distribution for Federated Visual Classification"]:
 * v ← βv + Δ̄, θ ← θ_base + ηv, with Δ̄ the example-weighted mean delta.
 * With β = 0 and η = 1 it is FedAvg. State is kept across rounds; see server-optimizer.ts.
 */
import type { MeanStrategyOptions } from "./fed-avg.js";
import { ServerOptimizerStrategy } from "./server-optimizer.js";

/** Options of {@link FedAvgM}. */
export interface FedAvgMOptions extends MeanStrategyOptions {
  /** η, default 1. */
  readonly serverLearningRate?: number;
  /** β in [0, 1), default 0.9. */
  readonly serverMomentum?: number;
}

/** See the file comment. */
export class FedAvgM extends ServerOptimizerStrategy {
  override readonly name: string = "fedavgm";
  readonly serverLearningRate: number;
  readonly serverMomentum: number;
  private velocity: Float32Array | null = null;

  /** @throws Error for a momentum outside [0, 1) or a non-positive learning rate */
  constructor(options: FedAvgMOptions = {}) {
    super(options);
    this.serverLearningRate = options.serverLearningRate ?? 1;
    this.serverMomentum = options.serverMomentum ?? 0.9;
    if (!(this.serverLearningRate > 0)) throw new Error(`bad server learning rate ${this.serverLearningRate}`);
    if (!(this.serverMomentum >= 0 && this.serverMomentum < 1)) throw new Error(`bad server momentum ${this.serverMomentum}`);
  }

  protected step(base: Float32Array, delta: Float32Array, out: Float32Array): void {
    const v = this.velocity?.length === base.length ? this.velocity : null;
    const { serverLearningRate: eta, serverMomentum: beta } = this;
    for (let i = 0; i < out.length; i++) out[i] = base[i]! + eta * ((v ? beta * v[i]! : 0) + delta[i]!);
  }

  protected commit(delta: Float32Array): void {
    if (this.velocity?.length !== delta.length) this.velocity = new Float32Array(delta.length);
    const v = this.velocity;
    for (let i = 0; i < v.length; i++) v[i] = this.serverMomentum * v[i]! + delta[i]!;
  }
}
