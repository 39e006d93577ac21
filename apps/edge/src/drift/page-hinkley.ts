import type { DriftDetector } from "./drift-detector.js";

/**
 * The Page-Hinkley test for an increase in the mean of a stream (E. S. Page,
 * "Continuous Inspection Schemes", Biometrika 41, 1954; D. V. Hinkley,
 * "Inference about the change-point from cumulative sum tests", Biometrika 58,
 * 1971), as used for concept drift by Gama et al., "A survey on concept drift
 * adaptation", ACM CSUR 2014: m_T = Σ_{t≤T} (x_t − x̄_t − δ), M_T = min_t m_t,
 * alarm when m_T − M_T > λ. Fed the loss of live feedback, so an alarm means
 * the model got worse.
 */
export interface PageHinkleyOptions {
  /** δ: tolerated increase of the mean (same units as x); default 0.005. */
  readonly delta?: number;
  /** λ: alarm threshold; default 50. */
  readonly lambda?: number;
  /** No alarm before this many observations; default 30. */
  readonly minInstances?: number;
}

/** See {@link PageHinkleyOptions}. */
export class PageHinkley implements DriftDetector {
  readonly name = "page-hinkley";
  readonly threshold: number;
  private readonly delta: number;
  private readonly minInstances: number;
  private n = 0;
  private mean = 0;
  private cumulative = 0;
  private minimum = 0;
  private last = 0;

  /** @throws RangeError on a negative δ or a non-positive λ */
  constructor(options: PageHinkleyOptions = {}) {
    this.delta = options.delta ?? 0.005;
    this.threshold = options.lambda ?? 50;
    this.minInstances = options.minInstances ?? 30;
    if (!(this.delta >= 0)) throw new RangeError(`delta must be ≥ 0, got ${this.delta}`);
    if (!(this.threshold > 0)) throw new RangeError(`lambda must be > 0, got ${this.threshold}`);
  }

  /** m_T − M_T at the last observation (before the restart that follows an alarm). */
  get statistic(): number {
    return this.last;
  }

  /** @returns true on an alarm (the test then restarts) */
  update(x: number): boolean {
    if (!Number.isFinite(x)) return false;
    this.n++;
    this.mean += (x - this.mean) / this.n;
    this.cumulative += x - this.mean - this.delta;
    this.minimum = Math.min(this.minimum, this.cumulative);
    this.last = this.cumulative - this.minimum;
    if (this.n >= this.minInstances && this.last > this.threshold) {
      this.reset();
      return true;
    }
    return false;
  }

  /** Restarts the test. */
  reset(): void {
    this.n = 0;
    this.mean = 0;
    this.cumulative = 0;
    this.minimum = 0;
  }
}
