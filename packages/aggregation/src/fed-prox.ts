/**
 * FedProx [Li et al., 2020, "Federated Optimization in Heterogeneous Networks"
 * (MLSys)]: each client minimizes its loss plus (μ/2)‖θ − θ_base‖², which keeps
 * heterogeneous edges from drifting apart. The server side is FedAvg; this
 * strategy carries μ so the coordinator can announce it with the round.
 */
import { FedAvg, type MeanStrategyOptions } from "./fed-avg.js";

/** Options of {@link FedProx}. */
export interface FedProxOptions extends MeanStrategyOptions {
  /** μ ≥ 0, the proximal coefficient clients use (default 0.01). */
  readonly proximalMu?: number;
}

/** See the file comment. */
export class FedProx extends FedAvg {
  override readonly name: string = "fedprox";
  /** μ, for the round config that edges train with. */
  readonly proximalMu: number;

  /** @throws Error for a negative or non-finite μ */
  constructor(options: FedProxOptions = {}) {
    super(options);
    this.proximalMu = options.proximalMu ?? 0.01;
    if (!(this.proximalMu >= 0) || !Number.isFinite(this.proximalMu)) throw new Error(`bad proximal mu ${this.proximalMu}`);
  }
}
