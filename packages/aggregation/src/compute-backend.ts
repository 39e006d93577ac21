/**
 * The arithmetic behind the strategies, behind one interface so it can run on
 * worker threads (default) or TensorFlow.js (GPU where tfjs-node-gpu is
 * installed). Strategies never loop over model-sized arrays themselves for
 * the heavy steps: they call a backend.
 */
import { z } from "zod";

/**
 * A running weighted sum Σ wₖxₖ of model-sized vectors, owned by a backend
 * (shared memory for threads, a device tensor for TensorFlow.js).
 */
export interface SumAccumulator {
  /** Number of elements. */
  readonly length: number;
  /**
   * sum += weight · x.
   * @throws Error when x's length differs
   */
  add(x: Float32Array, weight: number): void;
  /**
   * base + scale · sum as a new vector (or into `out`); base null means zeros.
   * Does not change the sum.
   */
  combine(base: Float32Array | null, scale: number, out?: Float32Array): Float32Array;
  /**
   * sum += weight · x, where x is never whole in memory: `read(start, chunk)`
   * writes x[start, start + chunk.length) into `chunk` (memory the backend
   * owns and reuses), chunk after chunk in ascending order over the whole
   * length. For decode-and-accumulate in one pass. `read` must not throw: a
   * throw leaves the sum partly updated (validate the input before calling).
   */
  addChunked(weight: number, read: (start: number, chunk: Float32Array) => void): void;
  /**
   * Finalises the round: base + scale · sum written over the sum's own memory
   * where the backend can (threads: a float32 sum in place, a float64 sum into its
   * first half), so the result costs no memory beyond the sum. The returned view
   * stays valid until {@link SumAccumulator.reset} or dispose(); copy it to keep it.
   * It may lie in shared memory. Backends that cannot (TensorFlow.js) return a new
   * vector, as combine() does. Afterwards add, addChunked, combine and combineInPlace
   * throw until reset().
   * @throws Error when already finalised
   */
  combineInPlace(base: Float32Array | null, scale: number): Float32Array;
  /** Sets the sum back to zero (and makes a finalised accumulator usable again). */
  reset(): void;
  /** Frees the sum's memory; the accumulator is unusable afterwards. */
  dispose(): void;
}

/**
 * Compute for aggregation. `rows` arguments are count × width matrices (row k
 * at k·width): one coordinate chunk of every update of a round.
 */
export interface ComputeBackend {
  /** "threads" or "tfjs". */
  readonly kind: ComputeBackendKind;
  /** One line naming the backend and how it runs, for the startup log. */
  readonly description: string;
  /** A zeroed vector the backend reads without copying (shared memory for threads). */
  allocate(length: number): Float32Array;
  /**
   * Gives a vector from {@link ComputeBackend.allocate} back for reuse; it must not be
   * used afterwards. Anything else is ignored. Unreleased vectors live until dispose().
   */
  release(vector: Float32Array): void;
  /**
   * A zeroed weighted-sum accumulator of `length` elements, summing in float64
   * (default: 2× the model's bytes) or float32 (1×, about 1e-7 relative error per
   * addition). Backends without float64 (TensorFlow.js) always use float32.
   */
  createAccumulator(length: number, precision?: AccumulatorPrecision): SumAccumulator;
  /** out[j] = median over rows of column j (mean of the two middle values for an even count). */
  columnMedian(rows: Float32Array, count: number, out: Float32Array): void;
  /** out[j] = mean of column j without its `trim` smallest and `trim` largest values. */
  columnTrimmedMean(rows: Float32Array, count: number, trim: number, out: Float32Array): void;
  /** dist[a·count + b] += ‖row a − row b‖² for every a < b (float64 sums). */
  addSquaredDistances(rows: Float32Array, count: number, dist: Float64Array): void;
  /** Stops workers / frees device memory. Idempotent. */
  dispose(): void;
}

/** Element type of a running sum. */
export type AccumulatorPrecision = "float64" | "float32";

/** The backends there are, as config values. */
export const ComputeBackendKind = { threads: "threads", tfjs: "tfjs" } as const;
export type ComputeBackendKind = (typeof ComputeBackendKind)[keyof typeof ComputeBackendKind];

/** Backend configuration, validated once at startup. */
export const computeBackendConfigSchema = z.object({
  kind: z.enum(["threads", "tfjs"]).default("threads"),
  /** For threads: how many threads compute, the main thread included (default: available cores, at most 8). */
  threads: z.number().int().min(1).max(64).optional(),
  /** For tfjs: which TensorFlow.js backend; auto = CUDA (tfjs-node-gpu) if installed, else wasm. */
  tfjsBackend: z.enum(["auto", "gpu", "wasm", "cpu"]).default("auto"),
});
export type ComputeBackendConfig = z.input<typeof computeBackendConfigSchema>;

/**
 * Creates the configured backend and logs one line naming it. TensorFlow.js is
 * imported only here, and only when asked for.
 * @param log where the startup line goes (default console.info)
 * @throws ZodError for an invalid config; Error when tfjs is asked for and cannot load
 *   (tfjsBackend "gpu" without @tensorflow/tfjs-node-gpu, or @tensorflow/tfjs missing)
 */
export async function createComputeBackend(
  config: ComputeBackendConfig = {},
  log: (line: string) => void = console.info,
): Promise<ComputeBackend> {
  const parsed = computeBackendConfigSchema.parse(config);
  let backend: ComputeBackend;
  if (parsed.kind === "tfjs") {
    const { TfjsBackend } = await import("./tfjs-backend.js");
    backend = await TfjsBackend.create(parsed.tfjsBackend);
  } else {
    const { ThreadsBackend } = await import("./threads-backend.js");
    backend = new ThreadsBackend(parsed.threads === undefined ? {} : { threads: parsed.threads });
  }
  log(`aggregation compute backend: ${backend.description}`);
  return backend;
}
