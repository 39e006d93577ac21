import type { DriftDetector } from "./drift-detector.js";

/**
 * ADWIN, adaptive windowing (A. Bifet and R. Gavaldà, "Learning from
 * Time-Changing Data with Adaptive Windowing", SIAM SDM 2007): keeps a window
 * of recent observations in an exponential histogram (at most `maxBuckets`
 * buckets per power-of-two size, O(M·log W) memory) and drops its older part
 * whenever two sub-windows W₀·W₁ have means differing by more than
 * ε_cut = sqrt((2/m)·σ²_W·ln(2/δ')) + (2/(3m))·ln(2/δ'), m the harmonic mean of
 * |W₀| and |W₁|, δ' = δ/ln|W| (the variance-based bound of the paper's §3).
 * Observations are expected in [0, 1] (an error indicator or a clipped loss).
 */
export interface AdwinOptions {
  /** Confidence δ in (0, 1): smaller means fewer false alarms and later detection; default 0.002. */
  readonly delta?: number;
  /** Buckets kept per size (M); default 5. */
  readonly maxBuckets?: number;
  /** Check for a cut every this many observations; default 32. */
  readonly clock?: number;
  /** Smallest sub-window compared; default 10. */
  readonly minWindow?: number;
}

interface Bucket {
  total: number;
  /** Sum of squared deviations from the bucket's mean. */
  m2: number;
  count: number;
}

/** See {@link AdwinOptions}. Only increases of the mean raise an alarm (the model got worse); decreases still shrink the window. */
export class Adwin implements DriftDetector {
  readonly name = "adwin";
  private readonly delta: number;
  private readonly maxBuckets: number;
  private readonly clock: number;
  private readonly minWindow: number;
  /** rows[i] holds buckets of size 2^i, oldest first. */
  private rows: Bucket[][] = [];
  private width = 0;
  private total = 0;
  private m2 = 0;
  private ticks = 0;
  private lastGap = 0;
  private lastEpsilon = 0;

  /** @throws RangeError when δ is outside (0, 1) */
  constructor(options: AdwinOptions = {}) {
    this.delta = options.delta ?? 0.002;
    this.maxBuckets = options.maxBuckets ?? 5;
    this.clock = options.clock ?? 32;
    this.minWindow = options.minWindow ?? 10;
    if (!(this.delta > 0 && this.delta < 1)) throw new RangeError(`delta must be in (0, 1), got ${this.delta}`);
  }

  /** Observations in the window. */
  get windowSize(): number {
    return this.width;
  }

  /** Mean of the window. */
  get mean(): number {
    return this.width > 0 ? this.total / this.width : 0;
  }

  /** The largest mean gap found at the last check. */
  get statistic(): number {
    return this.lastGap;
  }

  /** ε_cut at that gap's split. */
  get threshold(): number {
    return this.lastEpsilon;
  }

  /** @returns true when the window was cut because the recent mean rose */
  update(x: number): boolean {
    if (!Number.isFinite(x)) return false;
    this.insert(x);
    if (++this.ticks % this.clock !== 0 || this.width < 2 * this.minWindow) return false;
    let rose = false;
    for (;;) {
      const cut = this.findCut();
      if (!cut) break;
      if (cut.rose) rose = true;
      this.dropOldest();
    }
    return rose;
  }

  /** Empties the window. */
  reset(): void {
    this.rows = [];
    this.width = this.total = this.m2 = this.ticks = this.lastGap = this.lastEpsilon = 0;
  }

  private insert(x: number): void {
    if (this.width > 0) {
      const mean = this.total / this.width;
      this.m2 += (this.width * (x - mean) ** 2) / (this.width + 1);
    }
    this.width++;
    this.total += x;
    (this.rows[0] ??= []).push({ total: x, m2: 0, count: 1 });
    for (let i = 0; i < this.rows.length; i++) {
      const row = this.rows[i]!;
      if (row.length <= this.maxBuckets) break;
      const a = row.shift()!;
      const b = row.shift()!;
      (this.rows[i + 1] ??= []).push(merge(a, b));
    }
  }

  /** Scans splits from oldest to newest; returns the first whose gap exceeds ε_cut. */
  private findCut(): { rose: boolean } | null {
    const variance = this.m2 / this.width;
    const deltaPrime = this.delta / Math.log(this.width);
    const logTerm = Math.log(2 / deltaPrime);
    let n0 = 0;
    let sum0 = 0;
    this.lastGap = 0;
    for (let i = this.rows.length - 1; i >= 0; i--) {
      for (const bucket of this.rows[i]!) {
        n0 += bucket.count;
        sum0 += bucket.total;
        const n1 = this.width - n0;
        if (n1 < this.minWindow) return null;
        if (n0 < this.minWindow) continue;
        const gap = (this.total - sum0) / n1 - sum0 / n0;
        const m = 1 / (1 / n0 + 1 / n1);
        const epsilon = Math.sqrt((2 / m) * variance * logTerm) + (2 / (3 * m)) * logTerm;
        if (Math.abs(gap) > Math.abs(this.lastGap)) {
          this.lastGap = gap;
          this.lastEpsilon = epsilon;
        }
        if (Math.abs(gap) > epsilon) return { rose: gap > 0 };
      }
    }
    return null;
  }

  private dropOldest(): void {
    for (let i = this.rows.length - 1; i >= 0; i--) {
      const row = this.rows[i]!;
      const oldest = row.shift();
      if (!oldest) continue;
      const rest = this.width - oldest.count;
      if (rest > 0) {
        const meanRest = (this.total - oldest.total) / rest;
        const meanOld = oldest.total / oldest.count;
        this.m2 -= oldest.m2 + ((oldest.count * rest) / this.width) * (meanOld - meanRest) ** 2;
        this.m2 = Math.max(0, this.m2);
      } else {
        this.m2 = 0;
      }
      this.width = rest;
      this.total -= oldest.total;
      if (row.length === 0 && i === this.rows.length - 1) this.rows.pop();
      return;
    }
  }
}

function merge(a: Bucket, b: Bucket): Bucket {
  const count = a.count + b.count;
  const d = a.total / a.count - b.total / b.count;
  return { total: a.total + b.total, m2: a.m2 + b.m2 + ((a.count * b.count) / count) * d * d, count };
}
