/**
 * The adaptive server optimizers of Reddi et al., 2021, "Adaptive Federated
 * Optimization" (ICLR), Algorithm 2, as one base: with Δ̄ the weighted mean delta,
 *   m ← β₁m + (1−β₁)Δ̄
 *   v ← v + Δ̄²                              (FedAdagrad)
 *   v ← β₂v + (1−β₂)Δ̄²                      (FedAdam)
 *   v ← v − (1−β₂)Δ̄²·sign(v − Δ̄²)           (FedYogi)
 *   θ ← θ_base + η·m / (√v + τ)
 * v starts at τ² as in the paper; no bias correction (the paper has none).
 * State is kept across rounds; see server-optimizer.ts.
 */
import type { MeanStrategyOptions } from "./fed-avg.js";
import { ServerOptimizerStrategy } from "./server-optimizer.js";

/** Hyper-parameters of the adaptive server optimizers. */
export interface FedOptOptions extends MeanStrategyOptions {
  /** η, the server learning rate. */
  readonly serverLearningRate?: number;
  /** β₁, first-moment decay in [0, 1). */
  readonly beta1?: number;
  /** β₂, second-moment decay in [0, 1) (unused by FedAdagrad). */
  readonly beta2?: number;
  /** τ > 0, the adaptivity floor. */
  readonly tau?: number;
}

/** Which second-moment rule a subclass uses. */
export type SecondMomentRule = "adagrad" | "adam" | "yogi";

/** See the file comment. Subclasses pick the rule and defaults. */
export abstract class FedOpt extends ServerOptimizerStrategy {
  readonly serverLearningRate: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly tau: number;
  protected abstract readonly rule: SecondMomentRule;
  private m: Float32Array | null = null;
  private v: Float32Array | null = null;

  /** @throws Error for β outside [0, 1) or non-positive η or τ */
  constructor(options: FedOptOptions, defaults: Required<Omit<FedOptOptions, keyof MeanStrategyOptions>>) {
    super(options);
    this.serverLearningRate = options.serverLearningRate ?? defaults.serverLearningRate;
    this.beta1 = options.beta1 ?? defaults.beta1;
    this.beta2 = options.beta2 ?? defaults.beta2;
    this.tau = options.tau ?? defaults.tau;
    if (!(this.serverLearningRate > 0) || !(this.tau > 0)) throw new Error("server learning rate and tau must be positive");
    if (!(this.beta1 >= 0 && this.beta1 < 1 && this.beta2 >= 0 && this.beta2 < 1)) throw new Error("beta1 and beta2 must be in [0, 1)");
  }

  protected step(base: Float32Array, delta: Float32Array, out: Float32Array): void {
    const { m, v } = this.state(base.length, false);
    const { serverLearningRate: eta, beta1, tau } = this;
    for (let i = 0; i < out.length; i++) {
      const d = delta[i]!;
      const mi = m ? beta1 * m[i]! + (1 - beta1) * d : (1 - beta1) * d;
      const vi = this.nextV(v ? v[i]! : tau * tau, d * d);
      out[i] = base[i]! + (eta * mi) / (Math.sqrt(vi) + tau);
    }
  }

  protected commit(delta: Float32Array): void {
    const { m, v } = this.state(delta.length, true);
    for (let i = 0; i < delta.length; i++) {
      const d = delta[i]!;
      m![i] = this.beta1 * m![i]! + (1 - this.beta1) * d;
      v![i] = this.nextV(v![i]!, d * d);
    }
  }

  private nextV(v: number, d2: number): number {
    switch (this.rule) {
      case "adagrad":
        return v + d2;
      case "adam":
        return this.beta2 * v + (1 - this.beta2) * d2;
      case "yogi":
        return v - (1 - this.beta2) * d2 * Math.sign(v - d2);
    }
  }

  /** The moments for a model of `length`, or nulls (meaning m = 0, v = τ²) until the first commit. */
  private state(length: number, create: boolean): { m: Float32Array | null; v: Float32Array | null } {
    if (this.m?.length !== length) {
      if (!create) return { m: null, v: null };
      this.m = new Float32Array(length);
      this.v = new Float32Array(length).fill(this.tau * this.tau);
    }
    return { m: this.m, v: this.v };
  }
}
