/**
 * The default compute backend: plain typed-array loops split by coordinate
 * range over the main thread and worker threads that share memory. Running sums
 * live in a shared WebAssembly memory (wasm-heap.ts) and are added to by SIMD
 * kernels (wasm-kernels.ts) on every thread; the other operations run the
 * JavaScript kernels of kernels.js. The main thread dispatches with Atomics and
 * waits synchronously, so strategies keep their synchronous accept/aggregate.
 */
import type {} from "./webassembly.js";
import os from "node:os";
import type { AccumulatorPrecision, ComputeBackend, SumAccumulator } from "./compute-backend.js";
import * as kernels from "./kernels.js";
import { ADD_CHUNK, createThreadsAccumulator } from "./threads-accumulator.js";
import { WasmHeap } from "./wasm-heap.js";
import { type WasmKernels, wasmKernelModule } from "./wasm-kernels.js";
import { WorkerPool } from "./worker-pool.js";

/** Options of {@link ThreadsBackend}. */
export interface ThreadsBackendOptions {
  /** Threads that compute, the main thread included (default: available cores, at most 8). */
  readonly threads?: number;
  /** Below this many elements an operation runs on the main thread alone (default 65,536). */
  readonly minParallelLength?: number;
  /** Use the WebAssembly SIMD kernels for sums (default: where the runtime supports them). */
  readonly simd?: boolean;
}

const isShared = (a: ArrayBufferView): boolean => a.buffer instanceof SharedArrayBuffer;

/** See the file comment. Workers start on the first operation large enough to need them. */
export class ThreadsBackend implements ComputeBackend {
  readonly kind = "threads" as const;
  private readonly threads: number;
  private readonly heap: WasmHeap | null;
  private readonly wasm: WasmKernels | null;
  private readonly pool: WorkerPool;
  private staging: Float32Array | null = null;
  private chunkBuffer: Float32Array | null = null;

  /** @throws Error when threads is not a positive integer */
  constructor(options: ThreadsBackendOptions = {}) {
    this.threads = options.threads ?? Math.min(8, os.availableParallelism());
    if (!Number.isInteger(this.threads) || this.threads < 1) throw new Error(`bad thread count ${this.threads}`);
    const module = options.simd === false ? null : wasmKernelModule();
    let heap: WasmHeap | null = null;
    try {
      // A shared memory reserves its 4 GiB maximum of address space up front; where
      // that is refused (ulimit -v), fall back to the JavaScript kernels.
      heap = module ? new WasmHeap() : null;
    } catch {
      heap = null;
    }
    this.heap = heap;
    this.wasm = module && heap ? (new WebAssembly.Instance(module, { env: { memory: heap.memory } }).exports as unknown as WasmKernels) : null;
    this.pool = new WorkerPool({
      threads: this.threads,
      minParallelLength: options.minParallelLength ?? 65_536,
      ...(module && this.wasm ? { wasm: { memory: this.heap!.memory, module } } : {}),
    });
  }

  get description(): string {
    const sums = this.wasm ? "WebAssembly SIMD sums in shared memory" : "JavaScript sums over SharedArrayBuffer";
    return `threads (${this.threads} threads = main + ${this.threads - 1} workers; ${sums})`;
  }

  /** Zeroed memory in the shared heap (summed without copying), or a SharedArrayBuffer when the heap is full. */
  allocate(length: number): Float32Array {
    const ptr = this.heap?.alloc(length * 4) ?? null;
    if (ptr === null) return new Float32Array(new SharedArrayBuffer(length * 4));
    return this.heap!.f32(ptr, length).fill(0);
  }

  /** Gives memory from allocate() back for reuse; the view must not be used afterwards. */
  release(view: Float32Array): void {
    if (this.heap?.isBlock(view)) this.heap.release(view.byteOffset);
  }

  createAccumulator(length: number, precision: AccumulatorPrecision = "float64"): SumAccumulator {
    return createThreadsAccumulator(
      {
        heap: this.heap,
        wasm: this.wasm,
        pool: this.pool,
        heapPointer: (x) => this.heapPointer(x),
        shareRange: (x, start, end, first) => this.shareRange(x, start, end, first),
        chunk: () => this.chunk(),
      },
      length,
      precision,
    );
  }

  columnMedian(rows: Float32Array, count: number, out: Float32Array): void {
    const width = out.length;
    this.pool.run(
      isShared(rows) && isShared(out) ? width * count : null,
      (s, e) => ({ op: "median", rows, count, width, out, start: s, end: e }),
      (s, e) => kernels.columnMedian(rows, count, width, out, s, e),
      width,
    );
  }

  columnTrimmedMean(rows: Float32Array, count: number, trim: number, out: Float32Array): void {
    const width = out.length;
    this.pool.run(
      isShared(rows) && isShared(out) ? width * count : null,
      (s, e) => ({ op: "trimmedMean", rows, count, width, trim, out, start: s, end: e }),
      (s, e) => kernels.columnTrimmedMean(rows, count, width, trim, out, s, e),
      width,
    );
  }

  addSquaredDistances(rows: Float32Array, count: number, dist: Float64Array): void {
    const width = rows.length / count;
    const partials: Float64Array[] = [];
    this.pool.run(
      isShared(rows) ? width * count : null,
      (s, e) => {
        const partial = new Float64Array(new SharedArrayBuffer(count * count * 8));
        partials.push(partial);
        return { op: "distances", rows, count, width, dist: partial, start: s, end: e };
      },
      (s, e) => kernels.addSquaredDistances(rows, count, width, dist, s, e),
      width,
    );
    for (const partial of partials) for (let i = 0; i < dist.length; i++) dist[i]! += partial[i]!;
  }

  dispose(): void {
    this.pool.dispose();
    for (const buffer of [this.staging, this.chunkBuffer]) if (buffer) this.release(buffer);
    this.staging = null;
    this.chunkBuffer = null;
  }

  /** The reusable chunk of addChunked, in the heap where sums run in WebAssembly. */
  private chunk(): Float32Array {
    if (!this.chunkBuffer) {
      this.chunkBuffer = this.allocate(ADD_CHUNK);
      if (this.wasm && !this.heap!.owns(this.chunkBuffer)) throw new Error("the WebAssembly heap is full (4 GiB)");
    }
    return this.chunkBuffer;
  }

  /** x's byte offset in the heap; copies x into the heap's staging block first when it lives elsewhere. */
  private heapPointer(x: Float32Array): number {
    if (this.heap!.owns(x)) return x.byteOffset;
    if (!this.staging || this.staging.length < x.length) {
      if (this.staging) this.release(this.staging);
      this.staging = this.allocate(x.length);
      if (!this.heap!.owns(this.staging)) throw new Error("the WebAssembly heap is full (4 GiB)");
    }
    this.staging.set(x);
    return this.staging.byteOffset;
  }

  /**
   * A view of x[start, end) that workers can read: x itself when it is shared,
   * else a copy in the staging buffer (indexed from the first worker's start).
   */
  private shareRange(x: Float32Array, start: number, end: number, firstWorkerStart: number): Float32Array {
    if (isShared(x)) return x.subarray(start, end);
    const need = x.length - firstWorkerStart;
    if (!this.staging || this.staging.length < need) {
      if (this.staging) this.release(this.staging);
      this.staging = this.allocate(need);
    }
    const view = this.staging.subarray(start - firstWorkerStart, end - firstWorkerStart);
    view.set(x.subarray(start, end));
    return view;
  }
}

let shared: ThreadsBackend | null = null;

/**
 * The process-wide default backend (threads over all cores, at most 8), created
 * on first use; its workers are unref'd so they never keep the process alive.
 */
export function defaultComputeBackend(): ThreadsBackend {
  shared ??= new ThreadsBackend();
  return shared;
}
