import { describe, expect, it } from "vitest";
import { NearestScan } from "./nearest-scan.js";

/** The reference: every float32 score, sorted (score descending, then index ascending). */
function reference(vectors: Float32Array, dim: number, q: Float32Array, k: number, skip?: (i: number) => boolean): number[] {
  const scores: { i: number; s: number }[] = [];
  for (let i = 0; i < vectors.length / dim; i++) {
    if (skip?.(i)) continue;
    let s = 0;
    for (let c = 0; c < dim; c++) s += vectors[i * dim + c]! * q[c]!;
    scores.push({ i, s: Math.fround(s) });
  }
  scores.sort((a, b) => b.s - a.s || a.i - b.i);
  return scores.slice(0, Math.max(0, k)).map((x) => x.i);
}

let state = 12345;
const uniform = () => ((state = (state * 1103515245 + 12345) >>> 0) / 2 ** 32) * 2 - 1;

describe("NearestScan", () => {
  it.each([{ dim: 64 }, { dim: 13 }])("gives exactly the sorted top k (dim $dim: unrolled and remainder)", ({ dim }) => {
    const n = 2000;
    const vectors = Float32Array.from({ length: n * dim }, uniform);
    const scan = new NearestScan(vectors, dim);
    for (let t = 0; t < 5; t++) {
      const q = Float32Array.from({ length: dim }, uniform);
      const got = Array.from(scan.top(q, 100));
      expect(got).toEqual(reference(vectors, dim, q, 100));
      expect(got).toHaveLength(100);
    }
  });

  it("breaks ties by the lower index and honours skip", () => {
    const dim = 2;
    // Rows with scores 1, 3, 3, 2, 3, 0 against q = (1, 0).
    const vectors = Float32Array.from([1, 0, 3, 0, 3, 1, 2, 0, 3, 5, 0, 0]);
    const q = Float32Array.from([1, 0]);
    const scan = new NearestScan(vectors, dim);
    expect(Array.from(scan.top(q, 3))).toEqual([1, 2, 4]);
    expect(Array.from(scan.top(q, 3, (i) => i === 2))).toEqual([1, 4, 3]);
    expect(Array.from(scan.top(q, 10))).toEqual([1, 2, 4, 3, 0, 5]);
    expect(scan.top(q, 0)).toHaveLength(0);
  });

  it("reuses its buffers without leaking one query into the next", () => {
    const dim = 8;
    const vectors = Float32Array.from({ length: 500 * dim }, uniform);
    const scan = new NearestScan(vectors, dim);
    const a = Float32Array.from({ length: dim }, uniform);
    const b = Float32Array.from({ length: dim }, uniform);
    const first = Array.from(scan.top(a, 20));
    expect(Array.from(scan.top(b, 50))).toEqual(reference(vectors, dim, b, 50));
    expect(Array.from(scan.top(a, 20))).toEqual(first);
    expect(first).toEqual(reference(vectors, dim, a, 20));
  });
});
