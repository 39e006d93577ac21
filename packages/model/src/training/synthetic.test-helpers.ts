import { createSeededRandom } from "./seeded-random.js";
import type { Examples } from "./examples.js";

/** A linearly separable binary set: y = 1 when x·w > 0 for a fixed random w. */
export function separableBinary(n: number, dim: number, seed: number): Examples {
  const r = createSeededRandom(seed);
  const w = Float32Array.from({ length: dim }, () => r.next() * 2 - 1);
  const x = new Float32Array(n * dim);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < dim; j++) {
      const v = r.next() * 2 - 1;
      x[i * dim + j] = v;
      s += v * w[j]!;
    }
    y[i] = s > 0 ? 1 : 0;
  }
  return { x, dim, y };
}

/** Three Gaussian-ish blobs around distinct centres, labels 0..2. */
export function threeBlobs(n: number, dim: number, seed: number): Examples {
  const r = createSeededRandom(seed);
  const x = new Float32Array(n * dim);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % 3;
    y[i] = c;
    for (let j = 0; j < dim; j++) x[i * dim + j] = (j % 3 === c ? 1.5 : 0) + (r.next() - 0.5);
  }
  return { x, dim, y };
}
