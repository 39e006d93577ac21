/**
 * Indices of the `k` largest scores (ties: lower index first), best first.
 * O(n log k) with a binary min-heap; `skip` (optional) excludes indices.
 */
export function topKIndices(scores: Float32Array, k: number, skip?: (index: number) => boolean): Int32Array {
  const size = Math.min(k, scores.length);
  if (size <= 0) return new Int32Array(0);
  const heap = new Int32Array(size);
  let count = 0;
  // "a is worse than b": lower score, or equal score and higher index.
  const worse = (a: number, b: number) => scores[a]! < scores[b]! || (scores[a] === scores[b] && a > b);
  const siftDown = (start: number) => {
    let i = start;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < count && worse(heap[l]!, heap[m]!)) m = l;
      if (r < count && worse(heap[r]!, heap[m]!)) m = r;
      if (m === i) return;
      const t = heap[i]!;
      heap[i] = heap[m]!;
      heap[m] = t;
      i = m;
    }
  };
  for (let i = 0; i < scores.length; i++) {
    if (skip?.(i)) continue;
    if (count < size) {
      let c = count++;
      heap[c] = i;
      while (c > 0) {
        const p = (c - 1) >> 1;
        if (!worse(heap[c]!, heap[p]!)) break;
        const t = heap[c]!;
        heap[c] = heap[p]!;
        heap[p] = t;
        c = p;
      }
    } else if (worse(heap[0]!, i)) {
      heap[0] = i;
      siftDown(0);
    }
  }
  const out = Array.from(heap.subarray(0, count));
  out.sort((a, b) => (worse(a, b) ? 1 : worse(b, a) ? -1 : 0));
  return Int32Array.from(out);
}
