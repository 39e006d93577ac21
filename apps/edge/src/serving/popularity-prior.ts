/**
 * The popularity prior of model fusion: log(1 + positives(item)) / log(1 + max
 * positives), in [0, 1]; 0 for every item before any positive feedback.
 */
export class PopularityPrior {
  private readonly counts: Float64Array;
  private max = 0;

  /** @param size catalog items; @param initial positives per item index (from the store) */
  constructor(size: number, initial: ReadonlyMap<number, number> = new Map()) {
    this.counts = new Float64Array(size);
    for (const [i, n] of initial) if (i >= 0 && i < size) this.counts[i] = n;
    for (const n of this.counts) this.max = Math.max(this.max, n);
  }

  /** Counts one positive interaction with item `index`. */
  add(index: number): void {
    const n = ++this.counts[index]!;
    if (n > this.max) this.max = n;
  }

  /** The prior of item `index`, in [0, 1]. */
  prior(index: number): number {
    return this.max > 0 ? Math.log1p(this.counts[index] ?? 0) / Math.log1p(this.max) : 0;
  }
}
