/**
 * The shared shape of strategies that treat the mean delta as a pseudo-gradient
 * and step a server optimizer with state kept across rounds (FedAvgM, FedAdam,
 * FedYogi, FedAdagrad: Reddi et al., 2021, "Adaptive Federated Optimization").
 *
 * Use ONE instance for the whole run: its state (momentum, second moments) is
 * what makes it differ from FedAvg. The state advances only for a candidate that
 * was kept: `applyDelta` (and so `aggregate`) computes the candidate from the
 * current state and remembers its mean delta; the next `begin` commits that step
 * if the new round's base version differs from the one the candidate was built
 * on (the candidate was promoted), and drops it otherwise (rejected, the model
 * stayed as it was). Calling `aggregate` twice in a round is therefore harmless.
 */
import type { RoundContext } from "./strategy.js";
import { FedAvg, type MeanStrategyOptions } from "./fed-avg.js";
import { roundLength } from "./round-base.js";

/** See the file comment. */
export abstract class ServerOptimizerStrategy extends FedAvg {
  private pending: { readonly delta: Float32Array; readonly baseVersion: number } | null = null;
  private roundBaseVersion = 0;
  /** Rounds whose step was committed so far. */
  private steps = 0;

  constructor(options: MeanStrategyOptions = {}) {
    super(options);
  }

  /** How many server steps have been committed (promoted candidates). */
  get committedSteps(): number {
    return this.steps;
  }

  override begin(context: RoundContext): void {
    if (this.pending && this.pending.baseVersion !== context.baseVersion && this.pending.delta.length === roundLength(context)) {
      this.commit(this.pending.delta);
      this.steps++;
    }
    this.pending = null;
    this.roundBaseVersion = context.baseVersion;
    super.begin(context);
  }

  override aggregate(): Float32Array | null {
    const delta = this.meanDelta();
    return delta ? this.applyDelta(delta) : null;
  }

  /**
   * Not in place: the step writes its own output and keeps the mean delta for the
   * next begin() to commit, so this is aggregate() that then ends the round as
   * FedAvg's does (only begin() and dispose() are allowed afterwards).
   * @throws Error when called twice in a round
   */
  override aggregateInPlace(): Float32Array | null {
    this.refuseIfFinalised("aggregateInPlace");
    const out = this.aggregate();
    this.endRound();
    return out;
  }

  /** The candidate for `meanDelta` from the current state; remembered for the next begin() to commit. */
  override applyDelta(meanDelta: Float32Array): Float32Array {
    const base = this.requireBase(meanDelta);
    const out = new Float32Array(base.length);
    this.step(base, meanDelta, out);
    this.pending = { delta: meanDelta, baseVersion: this.roundBaseVersion };
    return out;
  }

  /** Writes the candidate θ for `delta` into `out` without changing the state. */
  protected abstract step(base: Float32Array, delta: Float32Array, out: Float32Array): void;
  /** Advances the state by the step taken with `delta`. */
  protected abstract commit(delta: Float32Array): void;
}
