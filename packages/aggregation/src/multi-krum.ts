/**
 * Multi-Krum [Blanchard et al., 2017, "Machine Learning with Adversaries:
 * Byzantine Tolerant Gradient Descent" (NeurIPS), §4]: Krum's scoring, then the
 * mean of the m best-scored updates; m defaults to n − f, which keeps Krum's
 * robustness while averaging away more variance.
 */
import { Krum, type KrumOptions } from "./krum.js";

/** See the file comment and krum.ts. */
export class MultiKrum extends Krum {
  override readonly name: string = "multikrum";

  /** @throws Error for a negative f or an m below 1 */
  constructor(options: KrumOptions = {}) {
    super(options);
  }

  protected override selectionSize(n: number): number {
    return Math.min(this.m ?? n - this.f, n);
  }
}
