/**
 * Top-k sparsification (Aji & Heafield, 2017, "Sparse Communication for
 * Distributed Gradient Descent"; with error feedback, Stich et al., 2018,
 * "Sparsified SGD with Memory"): only the k coordinates of largest magnitude
 * travel. What is dropped is not lost when the edge keeps it in an
 * {@link ErrorFeedback} residual and adds it to its next delta.
 *
 * Payload: u32 index per kept element, strictly increasing | f32 value per kept element.
 */
import { ErrorCode, TributaryError } from "./error-codes.js";
import { byteSwap32, hostWords, littleEndianHost } from "./little-endian.js";

/**
 * The indices (ascending) of the `k` elements of largest magnitude; ties at the
 * threshold go to the lower index, so the choice is deterministic.
 */
export function selectTopK(values: Float32Array, k: number): Uint32Array {
  const n = values.length;
  const count = Math.max(0, Math.min(n, Math.floor(k)));
  if (count === n) return Uint32Array.from({ length: n }, (_, i) => i);
  if (count === 0) return new Uint32Array(0);
  const mags = new Float32Array(n);
  for (let i = 0; i < n; i++) mags[i] = Math.abs(values[i]!);
  const threshold = kthLargest(mags, count);
  const out = new Uint32Array(count);
  let above = 0;
  for (let i = 0; i < n; i++) if (Math.abs(values[i]!) > threshold) above++;
  let ties = count - above;
  let j = 0;
  for (let i = 0; i < n && j < count; i++) {
    const m = Math.abs(values[i]!);
    if (m > threshold || (m === threshold && ties-- > 0)) out[j++] = i;
  }
  return out;
}

/** The k-th largest value of `a` (1-based), reordering `a` in place (Hoare's quickselect). */
function kthLargest(a: Float32Array, k: number): number {
  let lo = 0;
  let hi = a.length - 1;
  const target = k - 1;
  while (lo < hi) {
    const pivot = a[(lo + hi) >>> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! > pivot) i++;
      while (a[j]! < pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i++] = a[j]!;
        a[j--] = t;
      }
    }
    if (target <= j) hi = j;
    else if (target >= i) lo = i;
    else break;
  }
  return a[target]!;
}

/** Encodes the top `k` elements of `values` as an index/value payload. */
export function encodeTopK(values: Float32Array, k: number): Uint8Array {
  const indices = selectTopK(values, k);
  const nnz = indices.length;
  const out = new Uint8Array(nnz * 8);
  const idx = new Uint32Array(out.buffer, 0, nnz);
  const vals = new Float32Array(out.buffer, nnz * 4, nnz);
  idx.set(indices);
  for (let j = 0; j < nnz; j++) vals[j] = values[indices[j]!]!;
  if (!littleEndianHost) byteSwap32(out);
  return out;
}

/**
 * Expands a top-k payload into a dense vector of `length` elements (zeros
 * elsewhere), written into `out` when given.
 * @throws TributaryError LENGTH_MISMATCH for a payload that is not whole index/value pairs or holds more
 *   than `length` of them; BAD_REQUEST for indices out of range or not strictly increasing;
 *   NON_FINITE for a NaN or infinite value
 */
export function decodeTopK(payload: Uint8Array, length: number, out: Float32Array = new Float32Array(length)): Float32Array {
  if (payload.length % 8 !== 0 || payload.length / 8 > length) {
    throw new TributaryError(ErrorCode.LengthMismatch, `top-k payload of ${payload.length} bytes is not at most ${length} index/value pairs`);
  }
  const nnz = payload.length / 8;
  const words = hostWords(payload, 4);
  const idx = new Uint32Array(words.buffer, words.byteOffset, nnz);
  const vals = new Float32Array(words.buffer, words.byteOffset + nnz * 4, nnz);
  out.fill(0);
  let previous = -1;
  for (let j = 0; j < nnz; j++) {
    const i = idx[j]!;
    if (i <= previous || i >= length) {
      throw new TributaryError(ErrorCode.BadRequest, `top-k index ${i} at position ${j} is out of range or not increasing`);
    }
    const v = vals[j]!;
    if (!Number.isFinite(v)) throw new TributaryError(ErrorCode.NonFinite, `top-k element ${i} is ${v}`);
    out[i] = v;
    previous = i;
  }
  return out;
}
