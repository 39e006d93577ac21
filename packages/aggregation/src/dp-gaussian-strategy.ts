/**
 * Central differential privacy for weighted-mean strategies (DP-FedAvg:
 * McMahan et al., 2018, "Learning Differentially Private Recurrent Language
 * Models" (ICLR)): every delta is clipped to L2 norm C and weighted equally, so
 * one edge changes the sum by at most C; the sum gets N(0, σ²C²) noise per
 * coordinate before it is divided by the number of updates (or a fixed expected
 * count) and handed to the inner strategy's server rule. Each non-null
 * aggregate() is one release and is charged to the RDP accountant with the edge
 * sampling rate q — so call it once per round.
 *
 * Assumptions the guarantee rests on (document them to users): each edge takes
 * part in a round independently with probability q; edges are the privacy unit
 * (user-level if each edge is one user, region-level otherwise); the noise
 * generator is seeded from node:crypto unless a seed is given for reproducible
 * tests, and floating-point Gaussian sampling has known weaknesses (Mironov,
 * 2012, "On Significance of the Least Significant Bits for Differential Privacy").
 */
import { clipToNorm } from "./clipped-strategy.js";
import { RdpAccountant } from "./rdp-accountant.js";
import { SeededRandom } from "./seeded-random.js";
import type { ClientUpdate, MeanDeltaStrategy, RoundContext, Strategy } from "./strategy.js";

/** Options of {@link DpGaussianStrategy}. */
export interface DpGaussianOptions {
  /** σ, the noise multiplier: noise std = σ · clipNorm on the sum. */
  readonly noiseMultiplier: number;
  /** C, the L2 bound every delta is clipped to. */
  readonly clipNorm: number;
  /** q in (0, 1], the probability that an edge takes part in a round (default 1). */
  readonly samplingRate?: number;
  /** Divide the noisy sum by this fixed count instead of the number of updates (DP-FedAvg's estimator). */
  readonly expectedUpdates?: number;
  /** Seed for reproducible noise (tests, simulations); default: random from node:crypto. */
  readonly seed?: number;
  /** Accountant to charge (default: a new one with the default orders). */
  readonly accountant?: RdpAccountant;
}

/** See the file comment. Reuse one instance for the whole run so the accountant sees every round. */
export class DpGaussianStrategy implements Strategy {
  readonly name: string;
  readonly accountant: RdpAccountant;
  private readonly random: SeededRandom;

  /** @throws Error for σ ≤ 0, C ≤ 0, q outside (0, 1] or expectedUpdates < 1 */
  constructor(
    readonly inner: MeanDeltaStrategy,
    readonly options: DpGaussianOptions,
  ) {
    this.name = `${inner.name}+dp`;
    if (!(options.noiseMultiplier > 0)) throw new Error(`noise multiplier must be positive, got ${options.noiseMultiplier}`);
    if (!(options.clipNorm > 0)) throw new Error(`clip norm must be positive, got ${options.clipNorm}`);
    const q = options.samplingRate ?? 1;
    if (!(q > 0 && q <= 1)) throw new Error(`sampling rate must be in (0, 1], got ${q}`);
    if (options.expectedUpdates !== undefined && !(options.expectedUpdates >= 1)) throw new Error("expectedUpdates must be ≥ 1");
    this.accountant = options.accountant ?? new RdpAccountant();
    this.random = new SeededRandom(options.seed);
  }

  get accepted(): number {
    return this.inner.accepted;
  }

  begin(context: RoundContext): void {
    this.inner.begin(context);
  }

  /** Clips to C and weights the update 1 (example counts would break the sensitivity bound). */
  accept(update: ClientUpdate): void {
    this.inner.accept({ ...update, delta: clipToNorm(update.delta, this.options.clipNorm).delta, numExamples: 1 });
  }

  /** The inner rule applied to the noisy mean delta, or null when nothing was accepted (nothing is charged then). */
  aggregate(): Float32Array | null {
    const mean = this.inner.meanDelta();
    if (!mean) return null;
    const n = this.inner.accepted;
    const denominator = this.options.expectedUpdates ?? n;
    // mean·n is the clipped sum; noise goes on the sum, where the sensitivity is C.
    const std = this.options.noiseMultiplier * this.options.clipNorm;
    for (let i = 0; i < mean.length; i++) mean[i] = (mean[i]! * n + std * this.random.nextGaussian()) / denominator;
    // Charged once the release exists: a base loader that throws in applyDelta releases nothing.
    const out = this.inner.applyDelta(mean);
    this.accountant.compose(this.options.samplingRate ?? 1, this.options.noiseMultiplier);
    return out;
  }

  /** (ε, δ) spent by the releases so far. */
  privacySpent(delta: number): { epsilon: number; order: number; rounds: number } {
    return { ...this.accountant.getEpsilon(delta), rounds: this.accountant.rounds };
  }

  dispose(): void {
    this.inner.dispose?.();
  }
}
