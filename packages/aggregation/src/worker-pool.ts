/**
 * The worker threads of ThreadsBackend: one operation at a time is split by
 * coordinate range over the main thread and the workers, which block on a
 * shared control word (thread-worker.js), so the main thread dispatches with
 * Atomics and waits synchronously and strategies keep their synchronous
 * accept/aggregate. Workers start on the first operation large enough to need them.
 */
import { MessageChannel, type MessagePort, Worker, receiveMessageOnPort } from "node:worker_threads";
import type {} from "./webassembly.js";

/** One operation's share for a worker; `op` names the kernel (see thread-worker.js). */
export type Task = Record<string, unknown> & { op: string };

/** Options of {@link WorkerPool}. */
export interface WorkerPoolOptions {
  /** Threads that compute, the main thread included (1 = no workers). */
  readonly threads: number;
  /** Below this much work an operation runs on the main thread alone. */
  readonly minParallelLength: number;
  /** The shared WebAssembly memory and kernel module every worker instantiates, when sums run in WebAssembly. */
  readonly wasm?: { readonly memory: WebAssembly.Memory; readonly module: WebAssembly.Module };
}

interface WorkerHandle {
  readonly worker: Worker;
  readonly control: Int32Array;
  readonly port: MessagePort;
}

const WAIT_LIMIT_MS = 10 * 60_000;

/** Cache-line aligned split points (16 float32 = 64 bytes). */
function splitPoints(n: number, parts: number): number[] {
  const points = [0];
  for (let p = 1; p < parts; p++) points.push(Math.min(n, Math.ceil((n * p) / parts / 16) * 16));
  points.push(n);
  return points;
}

/** See the file comment. */
export class WorkerPool {
  private handles: WorkerHandle[] | null = null;
  private sequence = 0;

  constructor(private readonly options: WorkerPoolOptions) {}

  /** Threads that compute, the main thread included. */
  get threads(): number {
    return this.options.threads;
  }

  /**
   * Runs one operation over [0, range): parts 1… go to workers as tasks, part 0
   * runs here. `work` is the amount of work used to decide whether threads pay
   * off; null forces the main thread (an output workers could not write to).
   * @throws Error when a worker fails, does not start within 30 s or does not answer within 10 minutes
   */
  run(
    work: number | null,
    task: (start: number, end: number, firstWorkerStart: number) => Task,
    here: (start: number, end: number) => void,
    range: number = work ?? 0,
  ): void {
    const { threads, minParallelLength } = this.options;
    if (work === null || threads === 1 || work < minParallelLength || range < threads * 16) {
      here(0, range);
      return;
    }
    const pool = this.start();
    const points = splitPoints(range, threads);
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

  /** Stops the workers. Idempotent; a later run() starts new ones. */
  dispose(): void {
    for (const handle of this.handles ?? []) {
      Atomics.store(handle.control, 0, -1);
      Atomics.notify(handle.control, 0);
      handle.port.close();
      void handle.worker.terminate();
    }
    this.handles = null;
  }

  private start(): WorkerHandle[] {
    if (this.handles) return this.handles;
    const pool: WorkerHandle[] = [];
    for (let w = 1; w < this.options.threads; w++) {
      const control = new Int32Array(new SharedArrayBuffer(16));
      const { port1, port2 } = new MessageChannel();
      const worker = new Worker(new URL("./thread-worker.js", import.meta.url), {
        workerData: { control, port: port2, ...this.options.wasm },
        transferList: [port2],
        // thread-worker.js is plain JavaScript: it needs none of the parent's flags,
        // and inheriting a loader (`--import tsx`) would cost each worker ~5–8 MB.
        execArgv: [],
      });
      worker.unref();
      port1.unref();
      pool.push({ worker, control, port: port1 });
    }
    this.handles = pool;
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
