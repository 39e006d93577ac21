/**
 * Exact maximum-inner-product search over a flat row-major Float32Array in one
 * pass: each row's dot product with the query feeds a bounded min-heap of the
 * best `k`, so the n scores are never stored or sorted. Ties follow
 * {@link topKIndices}: equal scores (compared as float32) keep the lower index.
 * Owns its scratch buffers: not re-entrant, and the result is a fresh array.
 */
export class NearestScan {
  private heapIndex = new Int32Array(0);
  private heapScore = new Float64Array(0);

  /**
   * @param vectors n×dim values, row-major (not copied: must not change while scanning)
   * @param dim values per row
   */
  constructor(private readonly vectors: Float32Array, private readonly dim: number) {}

  /**
   * Indices of the `k` rows with the largest dot product with `q`, best first;
   * `skip` (optional) excludes indices. Empty when k ≤ 0.
   * @param q length-dim query (any scale: order only)
   */
  top(q: Float32Array, k: number, skip?: (index: number) => boolean): Int32Array {
    const { vectors, dim } = this;
    const n = vectors.length / dim;
    const size = Math.min(k, n);
    if (size <= 0) return new Int32Array(0);
    if (this.heapIndex.length < size) {
      this.heapIndex = new Int32Array(size);
      this.heapScore = new Float64Array(size);
    }
    const hi = this.heapIndex;
    const hs = this.heapScore;
    let count = 0;
    let floor = -Infinity;
    const unrolled = dim - (dim % 8);
    for (let i = 0, o = 0; i < n; i++, o += dim) {
      // Same summation order as a plain loop, so the float32 scores (and ties) match it bit for bit.
      // Unrolled by 8 (V8 does not), one accumulator, left to right.
      let s = 0;
      let c = 0;
      for (; c < unrolled; c += 8) {
        s += vectors[o + c]! * q[c]!;
        s += vectors[o + c + 1]! * q[c + 1]!;
        s += vectors[o + c + 2]! * q[c + 2]!;
        s += vectors[o + c + 3]! * q[c + 3]!;
        s += vectors[o + c + 4]! * q[c + 4]!;
        s += vectors[o + c + 5]! * q[c + 5]!;
        s += vectors[o + c + 6]! * q[c + 6]!;
        s += vectors[o + c + 7]! * q[c + 7]!;
      }
      for (; c < dim; c++) s += vectors[o + c]! * q[c]!;
      const score = Math.fround(s);
      // Rows come in index order, so a later row with an equal score is the worse one.
      if (count === size && !(score > floor)) continue;
      if (skip?.(i)) continue;
      if (count < size) {
        let c = count++;
        while (c > 0) {
          const p = (c - 1) >> 1;
          if (!worse(score, i, hs[p]!, hi[p]!)) break;
          hs[c] = hs[p]!;
          hi[c] = hi[p]!;
          c = p;
        }
        hs[c] = score;
        hi[c] = i;
      } else {
        siftDown(hs, hi, count, score, i);
      }
      if (count === size) floor = hs[0]!;
    }
    return sortBestFirst(hs, hi, count);
  }
}

/** Whether (sa, ia) ranks below (sb, ib): lower score, or equal score and higher index. */
function worse(sa: number, ia: number, sb: number, ib: number): boolean {
  return sa < sb || (sa === sb && ia > ib);
}

/** Replaces the heap's root with (score, index) and restores the min-heap. */
function siftDown(hs: Float64Array, hi: Int32Array, count: number, score: number, index: number): void {
  let i = 0;
  for (;;) {
    const l = 2 * i + 1;
    if (l >= count) break;
    const r = l + 1;
    let m = l;
    if (r < count && worse(hs[r]!, hi[r]!, hs[l]!, hi[l]!)) m = r;
    if (!worse(hs[m]!, hi[m]!, score, index)) break;
    hs[i] = hs[m]!;
    hi[i] = hi[m]!;
    i = m;
  }
  hs[i] = score;
  hi[i] = index;
}

function sortBestFirst(hs: Float64Array, hi: Int32Array, count: number): Int32Array {
  const order = Array.from({ length: count }, (_, c) => c);
  order.sort((a, b) => (worse(hs[a]!, hi[a]!, hs[b]!, hi[b]!) ? 1 : worse(hs[b]!, hi[b]!, hs[a]!, hi[a]!) ? -1 : 0));
  return Int32Array.from(order, (c) => hi[c]!);
}
