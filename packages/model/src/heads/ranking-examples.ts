import { ErrorCode, TributaryError } from "@tributary/protocol";
import { checkLabels } from "../training/examples.js";

/**
 * Feedback for the ranking head: n (query-or-user vector, item) pairs with a
 * relevance label. The item is given by its vector `d`, or by its index in
 * `items` (resolved through the head's catalog), or both — indices are
 * required when the head learns item biases.
 */
export interface RankingExamples {
  /** n×dim query (search) or user (recommendation) vectors, row-major. */
  q: Float32Array;
  dim: number;
  /** n×dim item vectors, row-major; omit to take them from the catalog by `items`. */
  d?: Float32Array;
  /** n item indices into the catalog and the learned item biases. */
  items?: Int32Array;
  /** Relevance in [0, 1]: 1 clicked/bought/liked, 0 shown and skipped (soft labels allowed). */
  y: Float32Array | Int32Array;
  /** Optional per-example loss weights (≥ 0); all 1 when absent. */
  weights?: Float32Array;
}

/**
 * Checks a {@link RankingExamples} against a head of dimension `dim` with a
 * catalog of `catalogSize` items (0 = none) that learns biases for
 * `numItems` items (0 = none).
 * @returns the number of examples
 * @throws TributaryError LENGTH_MISMATCH on inconsistent lengths; BAD_REQUEST on a missing item source, an item index out of range or a label outside [0, 1]
 */
export function countRankingExamples(data: RankingExamples, dim: number, catalogSize: number, numItems: number): number {
  const mismatch = (what: string) => new TributaryError(ErrorCode.LengthMismatch, what);
  if (data.dim !== dim) throw mismatch(`examples have dim ${data.dim}, the head takes ${dim}`);
  if (data.q.length % dim !== 0) throw mismatch(`q has ${data.q.length} values, not a multiple of dim ${dim}`);
  const n = data.q.length / dim;
  if (data.y.length !== n) throw mismatch(`${n} query rows but ${data.y.length} labels`);
  if (data.weights && data.weights.length !== n) throw mismatch(`${n} examples but ${data.weights.length} weights`);
  if (data.d && data.d.length !== n * dim) throw mismatch(`${n} query rows but ${data.d.length / dim} item rows`);
  if (data.items && data.items.length !== n) throw mismatch(`${n} examples but ${data.items.length} item indices`);
  const bad = (what: string) => new TributaryError(ErrorCode.BadRequest, what);
  if (!data.d && !data.items) throw bad("ranking examples need item vectors d or item indices");
  if (!data.d && catalogSize === 0) throw bad("item indices without vectors need a catalog (setCatalog)");
  if (numItems > 0 && !data.items) throw bad("this head learns item biases: examples need item indices");
  if (data.items) {
    const limit = data.d ? numItems || Number.MAX_SAFE_INTEGER : numItems > 0 ? Math.min(numItems, catalogSize) : catalogSize;
    for (let i = 0; i < n; i++) {
      const item = data.items[i]!;
      if (!(item >= 0 && item < limit)) throw bad(`item index ${item} at example ${i} is outside [0, ${limit})`);
    }
  }
  checkLabels(data.y, 2);
  return n;
}

/** The examples at `indices`, in that order (copies). */
export function selectRankingExamples(data: RankingExamples, indices: Int32Array): RankingExamples {
  const { dim } = data;
  const rows = (src: Float32Array) => {
    const out = new Float32Array(indices.length * dim);
    indices.forEach((r, i) => out.set(src.subarray(r * dim, (r + 1) * dim), i * dim));
    return out;
  };
  const pick = <T extends Float32Array | Int32Array>(src: T, make: new (n: number) => T): T => {
    const out = new make(indices.length);
    indices.forEach((r, i) => (out[i] = src[r]!));
    return out;
  };
  const out: RankingExamples = { q: rows(data.q), dim, y: data.y instanceof Int32Array ? pick(data.y, Int32Array) : pick(data.y, Float32Array) };
  if (data.d) out.d = rows(data.d);
  if (data.items) out.items = pick(data.items, Int32Array);
  if (data.weights) out.weights = pick(data.weights, Float32Array);
  return out;
}
