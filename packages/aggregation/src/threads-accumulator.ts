/**
 * The running sums of ThreadsBackend. A sum lives in the shared WebAssembly
 * heap and is added to by the SIMD kernels on every thread (or, without
 * WebAssembly, by the JavaScript kernels over a SharedArrayBuffer).
 */
import type { AccumulatorPrecision, SumAccumulator } from "./compute-backend.js";
import * as kernels from "./kernels.js";
import type { WasmHeap } from "./wasm-heap.js";
import type { WasmKernels } from "./wasm-kernels.js";
import type { WorkerPool } from "./worker-pool.js";

/** Elements per chunk of {@link SumAccumulator.addChunked}: 256 KB of float32, so a decoded chunk is still in L2 when it is added. */
export const ADD_CHUNK = 65_536;

/** What a threads accumulator borrows from its backend. */
export interface AccumulatorHost {
  /** The shared heap and its kernels; both null where sums run in JavaScript. */
  readonly heap: WasmHeap | null;
  readonly wasm: WasmKernels | null;
  readonly pool: WorkerPool;
  /** x's byte offset in the heap, copying x into a staging block first when it lives elsewhere. */
  heapPointer(x: Float32Array): number;
  /** A view of x[start, end) that workers can read (x itself, or a staged copy). */
  shareRange(x: Float32Array, start: number, end: number, firstWorkerStart: number): Float32Array;
  /** A reusable buffer of {@link ADD_CHUNK} elements in the heap (or shared memory). */
  chunk(): Float32Array;
}

/**
 * A zeroed sum of `length` elements; see SumAccumulator for the contract.
 * addChunked runs on the calling thread alone: decoding a chunk (checksum,
 * conversion) costs more than adding it, and adding it right away while it is
 * in this core's cache beats handing it to another core, so the
 * decode-and-accumulate path never needs (or starts) a worker thread.
 */
export function createThreadsAccumulator(host: AccumulatorHost, length: number, precision: AccumulatorPrecision): SumAccumulator {
  const { heap, wasm, pool } = host;
  const bytesPerElement = precision === "float64" ? 8 : 4;
  const ptr = wasm ? (heap?.alloc(length * bytesPerElement) ?? null) : null;
  const sum: Float64Array | Float32Array =
    ptr !== null
      ? precision === "float64"
        ? heap!.f64(ptr, length)
        : heap!.f32(ptr, length)
      : precision === "float64"
        ? new Float64Array(new SharedArrayBuffer(length * 8))
        : new Float32Array(new SharedArrayBuffer(length * 4));
  // The first add of a round assigns instead of adding, so reset() is free (no pass
  // over the sum). Until then the sum reads as zero.
  let fresh = true;
  let finalised = false;
  const suffix = precision === "float64" ? "f64" : "f32";
  const usable = () => {
    if (finalised) throw new Error("the sum was finalised by combineInPlace(); reset() it first");
  };
  return {
    length,
    add: (x, weight) => {
      usable();
      if (x.length !== length) throw new Error(`vector has ${x.length} elements, the accumulator ${length}`);
      if (ptr !== null) {
        const op = fresh ? (`assign_${suffix}` as const) : (`axpy_${suffix}` as const);
        const xPtr = host.heapPointer(x);
        pool.run(
          length,
          (s, e) => ({ op, acc: ptr + s * bytesPerElement, x: xPtr + s * 4, w: weight, n: e - s }),
          (s, e) => wasm![op](ptr + s * bytesPerElement, xPtr + s * 4, weight, e - s),
        );
      } else {
        if (fresh) sum.fill(0);
        pool.run(
          length,
          (s, e, first) => ({ op: "axpy", acc: sum.subarray(s, e), x: host.shareRange(x, s, e, first), w: weight, start: 0, end: e - s }),
          (s, e) => kernels.axpy(sum, x, weight, s, e),
        );
      }
      fresh = false;
    },
    addChunked: (weight, read) => {
      usable();
      const chunk = host.chunk();
      if (ptr === null && fresh) sum.fill(0);
      const op = fresh ? (`assign_${suffix}` as const) : (`axpy_${suffix}` as const);
      for (let start = 0; start < length; start += chunk.length) {
        // Whole chunks reuse the chunk itself: no view object per chunk of every update.
        const view = length - start >= chunk.length ? chunk : chunk.subarray(0, length - start);
        read(start, view);
        if (ptr !== null) wasm![op](ptr + start * bytesPerElement, view.byteOffset, weight, view.length);
        else kernels.axpy(sum.subarray(start, start + view.length), view, weight, 0, view.length);
      }
      fresh = false;
    },
    // A plain (unshared) result: callers hash, encode and store it, and some Node
    // APIs refuse shared memory. Once per round, on the main thread.
    combine: (base, scale, out) => {
      usable();
      const target = out ?? new Float32Array(length);
      if (fresh) {
        if (base) target.set(base);
        else target.fill(0);
      } else {
        kernels.scaleAdd(target, base, sum, scale, 0, length);
      }
      return target;
    },
    combineInPlace: (base, scale) => {
      usable();
      // A float64 sum takes the float32 result in its first half. In ascending order
      // element i is written over bytes [4i, 4i + 4) of sum elements ≤ i, which were
      // all read already, so the pass is safe on one thread (and only on one).
      const target = precision === "float32" ? (sum as Float32Array) : new Float32Array(sum.buffer, sum.byteOffset, length);
      if (fresh) {
        if (base) target.set(base);
        else target.fill(0);
      } else {
        kernels.scaleAdd(target, base, sum, scale, 0, length);
      }
      finalised = true;
      return target;
    },
    reset: () => {
      fresh = true;
      finalised = false;
    },
    dispose: () => {
      if (ptr !== null && heap) heap.release(ptr);
    },
  };
}
