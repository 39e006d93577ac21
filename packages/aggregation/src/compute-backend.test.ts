/**
 * The contract every compute backend keeps: the same results as the plain
 * kernels within float tolerance. Threads run with a zero threshold so the
 * worker path is exercised on small inputs; tfjs runs on wasm here (no GPU).
 */
import { afterAll, describe, expect, it } from "vitest";
import { type ComputeBackend, createComputeBackend } from "./compute-backend.js";
import * as kernels from "./kernels.js";
import { SeededRandom } from "./seeded-random.js";
import { ThreadsBackend } from "./threads-backend.js";

const random = new SeededRandom(11);
const vec = (n: number): Float32Array => Float32Array.from({ length: n }, () => random.nextGaussian());

const LENGTH = 1003; // not a multiple of the 16-element split alignment
const COUNT = 7;
const xs = Array.from({ length: 4 }, () => vec(LENGTH));
const weights = [1, 2.5, 0.25, 7];
const base = vec(LENGTH);
const rows = vec(COUNT * LENGTH);

function reference() {
  const acc = new Float64Array(LENGTH);
  xs.forEach((x, k) => kernels.axpy(acc, x, weights[k]!, 0, LENGTH));
  const combined = new Float32Array(LENGTH);
  kernels.scaleAdd(combined, base, acc, 0.1, 0, LENGTH);
  const median = new Float32Array(LENGTH);
  kernels.columnMedian(rows, COUNT, LENGTH, median, 0, LENGTH);
  const trimmed = new Float32Array(LENGTH);
  kernels.columnTrimmedMean(rows, COUNT, LENGTH, 2, trimmed, 0, LENGTH);
  const dist = new Float64Array(COUNT * COUNT);
  kernels.addSquaredDistances(rows, COUNT, LENGTH, dist, 0, LENGTH);
  return { combined, median, trimmed, dist };
}

const backends: Record<string, () => Promise<ComputeBackend>> = {
  "threads (2, inline below threshold)": async () => new ThreadsBackend({ threads: 2 }),
  "threads (2 workers)": async () => new ThreadsBackend({ threads: 2, minParallelLength: 0 }),
  "threads (3 workers)": async () => new ThreadsBackend({ threads: 3, minParallelLength: 0 }),
  "threads (2 workers, JavaScript sums)": async () => new ThreadsBackend({ threads: 2, minParallelLength: 0, simd: false }),
  "tfjs (wasm)": async () => createComputeBackend({ kind: "tfjs", tfjsBackend: "wasm" }, () => {}),
};

const created: ComputeBackend[] = [];
afterAll(() => created.forEach((b) => b.dispose()));

describe.each(Object.entries(backends))("compute backend contract: %s", (_, make) => {
  const expected = reference();
  const close = (a: ArrayLike<number>, b: ArrayLike<number>, tol: number) => {
    expect(a.length).toBe(b.length);
    for (let i = 0; i < a.length; i++) expect(Math.abs(a[i]! - b[i]!)).toBeLessThanOrEqual(tol * (1 + Math.abs(b[i]!)));
  };
  const get = async (): Promise<ComputeBackend> => {
    const b = await make();
    created.push(b);
    return b;
  };

  it("accumulates a weighted sum and combines it with a base", async () => {
    const b = await get();
    const acc = b.createAccumulator(LENGTH);
    xs.forEach((x, k) => acc.add(x, weights[k]!));
    close(acc.combine(base, 0.1), expected.combined, 1e-5);
    // Shared inputs and outputs take the zero-copy path.
    const sharedX = b.allocate(LENGTH);
    sharedX.set(xs[0]!);
    acc.reset();
    close(acc.combine(base, 0.1), base, 0); // an emptied sum reads as zero
    acc.add(sharedX, 2);
    const out = b.allocate(LENGTH);
    close(acc.combine(null, 0.5, out), xs[0]!, 1e-6);
    expect(() => acc.add(new Float32Array(3), 1)).toThrow();
    acc.dispose();
    const single = b.createAccumulator(LENGTH, "float32");
    xs.forEach((x, k) => single.add(x, weights[k]!));
    close(single.combine(base, 0.1), expected.combined, 1e-5);
    single.dispose();
  });

  it.each(["float64", "float32"] as const)("adds chunk by chunk and finalises in place exactly as add and combine do (%s)", async (precision) => {
    const b = await get();
    const whole = b.createAccumulator(LENGTH, precision);
    const chunked = b.createAccumulator(LENGTH, precision);
    xs.forEach((x, k) => {
      whole.add(x, weights[k]!);
      const seen: number[] = [];
      chunked.addChunked(weights[k]!, (start, chunk) => {
        seen.push(start);
        chunk.set(x.subarray(start, start + chunk.length));
      });
      expect(seen[0]).toBe(0);
    });
    const allocated = whole.combine(base, 0.1);
    expect(chunked.combine(base, 0.1)).toEqual(allocated);
    const inPlace = chunked.combineInPlace(base, 0.1);
    expect(inPlace).toEqual(allocated); // bit for bit
    expect(() => chunked.add(xs[0]!, 1)).toThrow(/finalised/);
    expect(() => chunked.addChunked(1, () => {})).toThrow(/finalised/);
    expect(() => chunked.combine(base, 1)).toThrow(/finalised/);
    expect(() => chunked.combineInPlace(base, 1)).toThrow(/finalised/);
    chunked.reset();
    expect(chunked.combine(base, 0.1)).toEqual(base); // usable again, and empty
    chunked.addChunked(2, (start, chunk) => chunk.set(xs[1]!.subarray(start, start + chunk.length)));
    const again = b.createAccumulator(LENGTH, precision);
    again.add(xs[1]!, 2);
    expect(chunked.combineInPlace(null, 0.5)).toEqual(again.combine(null, 0.5));
    for (const acc of [whole, chunked, again]) acc.dispose();
  });

  it("computes column medians, trimmed means and pairwise distances", async () => {
    const b = await get();
    const sharedRows = b.allocate(COUNT * LENGTH);
    sharedRows.set(rows);
    const median = b.allocate(LENGTH);
    b.columnMedian(sharedRows, COUNT, median);
    close(median, expected.median, 1e-6);
    const trimmed = b.allocate(LENGTH);
    b.columnTrimmedMean(sharedRows, COUNT, 2, trimmed);
    close(trimmed, expected.trimmed, 1e-5);
    const dist = new Float64Array(COUNT * COUNT);
    b.addSquaredDistances(sharedRows, COUNT, dist);
    close(dist, expected.dist, 1e-5);
  });

  it("names itself in one line", async () => {
    const b = await get();
    expect(b.description).toMatch(/^(threads|tfjs) \(/);
  });
});

describe("createComputeBackend", () => {
  it("logs exactly one startup line naming the backend", async () => {
    const lines: string[] = [];
    const b = await createComputeBackend({ kind: "threads", threads: 2 }, (l) => lines.push(l));
    created.push(b);
    expect(lines).toEqual([`aggregation compute backend: ${b.description}`]);
  });

  it("uses CUDA through tfjs-node-gpu where it is installed, and otherwise says why it cannot", async () => {
    // No GPU and no tfjs-node-gpu on the development machines: the second branch runs there.
    let backend: ComputeBackend | null = null;
    try {
      backend = await createComputeBackend({ kind: "tfjs", tfjsBackend: "gpu" }, () => {});
    } catch (error) {
      expect(String(error)).toMatch(/tfjs-node-gpu is not installed or cannot load/);
    }
    if (backend) {
      created.push(backend);
      expect(backend.description).toMatch(/tfjs-node-gpu/);
    }
  });
});
