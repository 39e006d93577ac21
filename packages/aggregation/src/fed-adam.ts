/**
 * FedAdam [Reddi et al., 2021, "Adaptive Federated Optimization", Algorithm 2]:
 * the server applies Adam-style adaptive steps to the weighted mean delta.
 * Defaults: η = 0.1, β₁ = 0.9, β₂ = 0.99, τ = 1e-9 (tune η per task, as the paper does).
 * State is kept across rounds: reuse one instance (see server-optimizer.ts).
 */
import { FedOpt, type FedOptOptions, type SecondMomentRule } from "./fed-opt.js";

/** See the file comment. */
export class FedAdam extends FedOpt {
  override readonly name: string = "fedadam";
  protected readonly rule: SecondMomentRule = "adam";

  /** @throws Error for β outside [0, 1) or non-positive η or τ */
  constructor(options: FedOptOptions = {}) {
    super(options, { serverLearningRate: 0.1, beta1: 0.9, beta2: 0.99, tau: 1e-9 });
  }
}
