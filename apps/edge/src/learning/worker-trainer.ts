import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import type { LocalTrainResult, RankingExamples, RankingHeadOptions, TrainConfig } from "@tributary/model";
import type { LocalTrainer } from "./local-trainer.js";

/** What the worker is started with. */
export interface TrainingWorkerData {
  readonly head: RankingHeadOptions;
  /** n×dim catalog vectors the head trains against. */
  readonly catalog: Float32Array;
}

/** One job, as posted to the worker. */
export interface TrainingJob {
  readonly id: number;
  readonly base: Float32Array;
  readonly examples: RankingExamples;
  readonly config: TrainConfig;
}

/** The worker's answer to a job (id 0: started). */
export type TrainingReply = { id: number; ready: true } | { id: number; result: LocalTrainResult } | { id: number; error: string };

/**
 * The worker's entry. Run from source (tsx: `npm start`, tests) the worker is
 * the .ts file, and loader hooks are not inherited by worker threads (nor does
 * `--import tsx` in a worker's execArgv apply them on Node 20): a small
 * bootstrap registers tsx's ESM hooks inside the worker first.
 */
function workerEntry(): { entry: string | URL; eval: boolean } {
  const self = import.meta.url;
  if (!self.endsWith(".ts")) return { entry: new URL("./training-worker.js", self), eval: false };
  const tsxRoot = path.dirname(createRequire(self).resolve("tsx/package.json"));
  const api = pathToFileURL(path.join(tsxRoot, "dist/esm/api/index.mjs")).href;
  const target = new URL("./training-worker.ts", self).href;
  return { entry: `import(${JSON.stringify(api)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(target)}); })`, eval: true };
}

/**
 * Trains on a worker thread with its own ranking head (same options and
 * catalog as serving's), so a training job never blocks the serving event
 * loop; the job's θ and examples are copied over, results come back
 * transferred. The worker starts on the first job and is restarted after a
 * crash (the job in flight then fails).
 */
export class WorkerTrainer implements LocalTrainer {
  private worker: Worker | null = null;
  private ready: Promise<void> | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (r: LocalTrainResult) => void; reject: (e: Error) => void }>();

  constructor(private readonly data: TrainingWorkerData) {}

  /** See {@link LocalTrainer.train}. @throws Error with the worker's message, or when the worker died */
  async train(base: Float32Array, examples: RankingExamples, config: TrainConfig): Promise<LocalTrainResult> {
    await this.start();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker!.postMessage({ id, base, examples, config } satisfies TrainingJob);
    });
  }

  /** Stops the worker; jobs in flight fail. */
  async dispose(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    this.ready = null;
    if (worker) await worker.terminate();
  }

  private start(): Promise<void> {
    if (this.ready) return this.ready;
    const { entry, eval: isEval } = workerEntry();
    const worker = new Worker(entry, { workerData: this.data, eval: isEval });
    this.worker = worker;
    this.ready = new Promise<void>((resolve, reject) => {
      worker.on("message", (reply: TrainingReply) => {
        if ("ready" in reply) return resolve();
        const job = this.pending.get(reply.id);
        this.pending.delete(reply.id);
        if ("result" in reply) job?.resolve(reply.result);
        else job?.reject(new Error(reply.error));
      });
      worker.on("error", (error) => {
        reject(error);
        this.fail(worker, error);
      });
      worker.on("exit", (code) => this.fail(worker, new Error(`training worker exited with code ${code}`)));
    });
    // A worker blocked on nothing must not keep the process alive.
    worker.unref();
    return this.ready;
  }

  private fail(worker: Worker, error: Error): void {
    if (this.worker === worker) {
      this.worker = null;
      this.ready = null;
    }
    for (const job of this.pending.values()) job.reject(error);
    this.pending.clear();
  }
}
