/**
 * Krum [Blanchard et al., 2017, "Machine Learning with Adversaries: Byzantine
 * Tolerant Gradient Descent" (NeurIPS)]: with n updates of which at most f are
 * Byzantine (n ≥ 2f + 3), score each update by the sum of squared distances to
 * its n − f − 2 nearest neighbours and keep the one with the lowest score.
 * Multi-Krum (same paper, §4) averages the m best-scored updates instead.
 * Unweighted, as in the paper. Updates are spilled; distances are summed chunk by
 * chunk in float64, then only the selected updates are read again.
 */
import { aggregateParams } from "./fed-avg.js";
import { SpillingStrategy, type SpillingOptions } from "./spilling-strategy.js";
import type { ClientParams } from "./strategy.js";
import { MemoryUpdateStore } from "./update-store.js";

/** Options of {@link Krum}. */
export interface KrumOptions extends SpillingOptions {
  /** f, the number of Byzantine updates to tolerate (default 0). */
  readonly f?: number;
  /** m, how many best-scored updates to average (default 1: Krum). */
  readonly m?: number;
}

/**
 * Krum scores: for each of n updates, the sum of its n − f − 2 smallest squared
 * distances to the others. `dist` holds the upper triangle (a < b at a·n + b).
 */
export function krumScores(dist: Float64Array, n: number, f: number): Float64Array {
  const neighbours = n - f - 2;
  const scores = new Float64Array(n);
  const row = new Float64Array(n - 1);
  for (let i = 0; i < n; i++) {
    let k = 0;
    for (let j = 0; j < n; j++) if (j !== i) row[k++] = i < j ? dist[i * n + j]! : dist[j * n + i]!;
    row.sort();
    let s = 0;
    for (let t = 0; t < neighbours; t++) s += row[t]!;
    scores[i] = s;
  }
  return scores;
}

/** See the file comment. */
export class Krum extends SpillingStrategy {
  readonly name: string = "krum";
  readonly f: number;
  /** m as configured; undefined means the default (1 for Krum, n − f for Multi-Krum). */
  protected readonly m: number | undefined;
  private selection: string[] = [];

  /** @throws Error for a negative f or an m below 1 */
  constructor(options: KrumOptions = {}) {
    super(options);
    this.f = options.f ?? 0;
    this.m = options.m;
    if (!Number.isInteger(this.f) || this.f < 0) throw new Error(`bad Byzantine count f = ${this.f}`);
    if (this.m !== undefined && (!Number.isInteger(this.m) || this.m < 1)) throw new Error(`bad selection size m = ${this.m}`);
  }

  /** 2f + 3: Krum's guarantee needs n > 2f + 2; with fewer updates aggregate() returns null. */
  override get minUpdates(): number {
    return 2 * this.f + 3;
  }

  /** Edge ids of the updates the last aggregate() selected (for the round's audit record). */
  get selectedEdges(): readonly string[] {
    return this.selection;
  }

  /** How many updates to average for n accepted ones. */
  protected selectionSize(n: number): number {
    return Math.min(this.m ?? 1, n);
  }

  protected combine(base: Float32Array): Float32Array {
    const n = this.accepted;
    const dist = new Float64Array(n * n);
    this.forEachChunk((rows) => this.backend.addSquaredDistances(rows, n, dist));
    const scores = krumScores(dist, n, this.f);
    // Lowest score first; ties go to the earlier update so the choice is deterministic.
    const order = Array.from(scores.keys()).sort((a, b) => scores[a]! - scores[b]! || a - b);
    const chosen = order.slice(0, this.selectionSize(n)).sort((a, b) => a - b);
    this.selection = chosen.map((i) => this.edgeIds[i]!);
    const out = new Float32Array(base.length);
    const m = chosen.length;
    this.forEachChunk((rows, start, width) => {
      for (let j = 0; j < width; j++) {
        let s = 0;
        for (let r = 0; r < m; r++) s += rows[r * width + j]!;
        out[start + j] = base[start + j]! + s / m;
      }
    }, chosen);
    return out;
  }
}

/**
 * Krum (m = 1) or Multi-Krum (m > 1) over complete parameter vectors, or null
 * for fewer than 2f + 3 of them.
 * @throws TributaryError LENGTH_MISMATCH when the vectors differ in length
 */
export function krum(
  results: readonly ClientParams[],
  options: { f: number; m?: number } & Omit<SpillingOptions, "store">,
): Float32Array | null {
  return aggregateParams(new Krum({ ...options, store: new MemoryUpdateStore() }), results);
}
