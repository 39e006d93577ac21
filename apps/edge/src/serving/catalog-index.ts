import { NearestScan } from "./nearest-scan.js";

/**
 * The catalog's cached embeddings in memory, L2-normalised, for candidate
 * generation by cosine similarity (exact: one pass over n×dim floats).
 * Immutable once built.
 */
export class CatalogIndex {
  /** n×dim unit vectors, row-major. */
  readonly vectors: Float32Array;
  /** Unit vector of the catalog's mean direction (a query for users without history). */
  readonly centroid: Float32Array;
  private readonly byId: Map<string, number>;
  private readonly scan: NearestScan;
  private readonly unit: Float32Array;

  /**
   * @param ids item ids in index order
   * @param vectors ids.length × dim embeddings, row-major (copied and normalised)
   * @throws RangeError when the lengths disagree
   */
  constructor(readonly ids: readonly string[], vectors: Float32Array, readonly dim: number) {
    if (vectors.length !== ids.length * dim) throw new RangeError(`${ids.length} items × dim ${dim} ≠ ${vectors.length} values`);
    this.vectors = Float32Array.from(vectors);
    this.centroid = new Float32Array(dim);
    for (let i = 0; i < ids.length; i++) {
      const row = this.vectors.subarray(i * dim, (i + 1) * dim);
      normalise(row);
      for (let k = 0; k < dim; k++) this.centroid[k]! += row[k]!;
    }
    normalise(this.centroid);
    this.byId = new Map(ids.map((id, i) => [id, i]));
    this.scan = new NearestScan(this.vectors, dim);
    this.unit = new Float32Array(dim);
  }

  /** Number of items. */
  get size(): number {
    return this.ids.length;
  }

  /** An item's index, or undefined for an unknown id. */
  indexOf(id: string): number | undefined {
    return this.byId.get(id);
  }

  /** The unit vector of item `index` (a view, do not modify). */
  vector(index: number): Float32Array {
    return this.vectors.subarray(index * this.dim, (index + 1) * this.dim);
  }

  /** Cosine similarity of `q` (any length-dim vector) with every item. */
  similarities(q: Float32Array): Float32Array {
    const { dim, vectors } = this;
    const n = this.ids.length;
    const out = new Float32Array(n);
    const unit = Float32Array.from(q);
    normalise(unit);
    for (let i = 0, o = 0; i < n; i++, o += dim) {
      let s = 0;
      for (let k = 0; k < dim; k++) s += vectors[o + k]! * unit[k]!;
      out[i] = s;
    }
    return out;
  }

  /**
   * The `k` most similar items to `q`, best first (ties: lower index), optionally
   * excluding some: one pass, no per-item scores kept (see {@link NearestScan}).
   * @throws RangeError when q.length ≠ dim
   */
  nearest(q: Float32Array, k: number, skip?: (index: number) => boolean): Int32Array {
    if (q.length !== this.dim) throw new RangeError(`query vector has ${q.length} values, the index takes ${this.dim}`);
    this.unit.set(q);
    normalise(this.unit);
    return this.scan.top(this.unit, k, skip);
  }
}

/** Scales `v` to unit length in place (a zero vector stays zero). */
export function normalise(v: Float32Array): Float32Array {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i]! * v[i]!;
  if (s > 0) {
    const inv = 1 / Math.sqrt(s);
    for (let i = 0; i < v.length; i++) v[i]! *= inv;
  }
  return v;
}
