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
import { MessageChannel, type MessagePort, Worker, receiveMessageOnPort } from "node:worker_threads";
import type { AccumulatorPrecision, ComputeBackend, SumAccumulator } from "./compute-backend.js";
import * as kernels from "./kernels.js";
import { WasmHeap } from "./wasm-heap.js";
import { type WasmKernels, wasmKernelModule } from "./wasm-kernels.js";

/** Options of {@link ThreadsBackend}. */
export interface ThreadsBackendOptions {
  /** Threads that compute, the main thread included (default: available cores, at most 8). */
  readonly threads?: number;
  /** Below this many elements an operation runs on the main thread alone (default 65,536). */
  readonly minParallelLength?: number;
  /** Use the WebAssembly SIMD kernels for sums (default: where the runtime supports them). */
  readonly simd?: boolean;
}

interface WorkerHandle {
  readonly worker: Worker;
  readonly control: Int32Array;
  readonly port: MessagePort;
}

type Task = Record<string, unknown> & { op: string };

/** Cache-line aligned split points (16 float32 = 64 bytes). */
function splitPoints(n: number, parts: number): number[] {
  const points = [0];
  for (let p = 1; p < parts; p++) points.push(Math.min(n, Math.ceil((n * p) / parts / 16) * 16));
  points.push(n);
  return points;
}

const isShared = (a: ArrayBufferView): boolean => a.buffer instanceof SharedArrayBuffer;
const WAIT_LIMIT_MS = 10 * 60_000;

/** See the file comment. Workers start on the first operation large enough to need them. */
export class ThreadsBackend implements ComputeBackend {
  readonly kind = "threads" as const;
  private readonly threads: number;
  private readonly minParallelLength: number;
  private readonly heap: WasmHeap | null;
  private readonly wasm: WasmKernels | null;
  private pool: WorkerHandle[] | null = null;
  private staging: Float32Array | null = null;
  private sequence = 0;

  /** @throws Error when threads is not a positive integer */
  constructor(options: ThreadsBackendOptions = {}) {
    this.threads = options.threads ?? Math.min(8, os.availableParallelism());
    if (!Number.isInteger(this.threads) || this.threads < 1) throw new Error(`bad thread count ${this.threads}`);
    this.minParallelLength = options.minParallelLength ?? 65_536;
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
    const bytesPerElement = precision === "float64" ? 8 : 4;
    const ptr = this.wasm ? (this.heap?.alloc(length * bytesPerElement) ?? null) : null;
    const sum: Float64Array | Float32Array =
      ptr !== null
        ? precision === "float64"
          ? this.heap!.f64(ptr, length)
          : this.heap!.f32(ptr, length)
        : precision === "float64"
          ? new Float64Array(new SharedArrayBuffer(length * 8))
          : new Float32Array(new SharedArrayBuffer(length * 4));
    // The first add of a round assigns instead of adding, so reset() is free (no pass
    // over the sum). Until then the sum reads as zero.
    let fresh = true;
    const suffix = precision === "float64" ? "f64" : "f32";
    return {
      length,
      add: (x, weight) => {
        if (x.length !== length) throw new Error(`vector has ${x.length} elements, the accumulator ${length}`);
        if (ptr !== null) {
          const op = fresh ? (`assign_${suffix}` as const) : (`axpy_${suffix}` as const);
          const xPtr = this.heapPointer(x);
          this.parallel(
            length,
            (s, e) => ({ op, acc: ptr + s * bytesPerElement, x: xPtr + s * 4, w: weight, n: e - s }),
            (s, e) => this.wasm![op](ptr + s * bytesPerElement, xPtr + s * 4, weight, e - s),
          );
        } else {
          if (fresh) sum.fill(0);
          this.parallel(
            length,
            (s, e, first) => ({ op: "axpy", acc: sum.subarray(s, e), x: this.shareRange(x, s, e, first), w: weight, start: 0, end: e - s }),
            (s, e) => kernels.axpy(sum, x, weight, s, e),
          );
        }
        fresh = false;
      },
      // A plain (unshared) result: callers hash, encode and store it, and some Node
      // APIs refuse shared memory. Once per round, on the main thread.
      combine: (base, scale, out) => {
        const target = out ?? new Float32Array(length);
        if (fresh) {
          if (base) target.set(base);
          else target.fill(0);
        } else {
          kernels.scaleAdd(target, base, sum, scale, 0, length);
        }
        return target;
      },
      reset: () => {
        fresh = true;
      },
      dispose: () => {
        if (ptr !== null && this.heap) this.heap.release(ptr);
      },
    };
  }

  columnMedian(rows: Float32Array, count: number, out: Float32Array): void {
    const width = out.length;
    this.parallel(
      isShared(rows) && isShared(out) ? width * count : null,
      (s, e) => ({ op: "median", rows, count, width, out, start: s, end: e }),
      (s, e) => kernels.columnMedian(rows, count, width, out, s, e),
      width,
    );
  }

  columnTrimmedMean(rows: Float32Array, count: number, trim: number, out: Float32Array): void {
    const width = out.length;
    this.parallel(
      isShared(rows) && isShared(out) ? width * count : null,
      (s, e) => ({ op: "trimmedMean", rows, count, width, trim, out, start: s, end: e }),
      (s, e) => kernels.columnTrimmedMean(rows, count, width, trim, out, s, e),
      width,
    );
  }

  addSquaredDistances(rows: Float32Array, count: number, dist: Float64Array): void {
    const width = rows.length / count;
    const partials: Float64Array[] = [];
    this.parallel(
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
    for (const handle of this.pool ?? []) {
      Atomics.store(handle.control, 0, -1);
      Atomics.notify(handle.control, 0);
      handle.port.close();
      void handle.worker.terminate();
    }
    this.pool = null;
    if (this.staging) this.release(this.staging);
    this.staging = null;
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
   * Runs one operation over [0, range): parts 1… go to workers as tasks, part 0
   * runs here. `work` is the amount of work used to decide whether threads pay
   * off; null forces the main thread (an output workers could not write to).
   */
  private parallel(
    work: number | null,
    task: (start: number, end: number, firstWorkerStart: number) => Task,
    here: (start: number, end: number) => void,
    range: number = work ?? 0,
  ): void {
    if (work === null || this.threads === 1 || work < this.minParallelLength || range < this.threads * 16) {
      here(0, range);
      return;
    }
    const pool = this.ensurePool();
    const points = splitPoints(range, this.threads);
    const first = points[1]!;
    const seq = ++this.sequence;
    pool.forEach((handle, w) => {
      handle.port.postMessage(task(points[w + 1]!, points[w + 2]!, first));
      Atomics.store(handle.control, 0, seq);
      Atomics.notify(handle.control, 0);
    });
    let failure: unknown = null;
    try {
      here(0, first);
    } catch (error) {
      failure = error;
    }
    for (const handle of pool) this.waitFor(handle, seq);
    if (failure) throw failure;
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

  private ensurePool(): WorkerHandle[] {
    if (this.pool) return this.pool;
    const pool: WorkerHandle[] = [];
    const wasm = this.wasm ? { memory: this.heap!.memory, module: wasmKernelModule() } : {};
    for (let w = 1; w < this.threads; w++) {
      const control = new Int32Array(new SharedArrayBuffer(16));
      const { port1, port2 } = new MessageChannel();
      const worker = new Worker(new URL("./thread-worker.js", import.meta.url), {
        workerData: { control, port: port2, ...wasm },
        transferList: [port2],
      });
      worker.unref();
      port1.unref();
      pool.push({ worker, control, port: port1 });
    }
    this.pool = pool;
    for (const handle of pool) {
      if (Atomics.wait(handle.control, 3, 0, 30_000) === "timed-out" && Atomics.load(handle.control, 3) !== 1) {
        this.dispose();
        throw new Error("a compute worker did not start within 30 s");
      }
    }
    return pool;
  }

  private waitFor(handle: WorkerHandle, seq: number): void {
    const deadline = Date.now() + WAIT_LIMIT_MS;
    for (let done = Atomics.load(handle.control, 1); done !== seq; done = Atomics.load(handle.control, 1)) {
      Atomics.wait(handle.control, 1, done, 1000);
      if (Date.now() > deadline) throw new Error("a compute worker did not answer within 10 minutes");
    }
    if (Atomics.load(handle.control, 2) === 1) {
      const message = receiveMessageOnPort(handle.port)?.message;
      throw new Error(`a compute worker failed: ${String(message)}`);
    }
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
