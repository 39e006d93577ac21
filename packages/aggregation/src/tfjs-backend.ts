/**
 * The TensorFlow.js compute backend, and the only file of this package that
 * touches an ML runtime. It prefers CUDA through @tensorflow/tfjs-node-gpu when
 * that package is installed (a GPU host with internet at install time), else
 * the wasm backend of @tensorflow/tfjs, else its pure-JS cpu backend. All
 * arithmetic is float32 (TensorFlow.js has no float64), so results match the
 * threads backend within float32 tolerance, not bit for bit.
 */
import type * as Tf from "@tensorflow/tfjs";
import type { ComputeBackend, SumAccumulator } from "./compute-backend.js";

/** Elements read per call of addChunked's `read`. */
const READ_CHUNK = 65_536;

type TfModule = typeof Tf;

/** Which TensorFlow.js backend to use; "auto" tries gpu, then wasm, then cpu. */
export type TfjsBackendChoice = "auto" | "gpu" | "wasm" | "cpu";

// A variable specifier keeps TypeScript and bundlers from requiring a package that is
// usually absent: tfjs-node-gpu cannot install without downloading libtensorflow.
const NODE_GPU_PACKAGE = "@tensorflow/tfjs-node-gpu";

async function loadGpu(): Promise<TfModule | null> {
  try {
    const tf = (await import(NODE_GPU_PACKAGE)) as TfModule;
    await tf.setBackend("tensorflow");
    await tf.ready();
    return tf;
  } catch {
    return null;
  }
}

async function loadBrowserStyle(choice: "wasm" | "cpu"): Promise<TfModule> {
  const tf = (await import("@tensorflow/tfjs")) as TfModule;
  if (choice === "wasm") {
    await import("@tensorflow/tfjs-backend-wasm");
    if (await tf.setBackend("wasm")) {
      await tf.ready();
      return tf;
    }
  }
  await tf.setBackend("cpu");
  await tf.ready();
  return tf;
}

/** See the file comment. Create with {@link TfjsBackend.create}. */
export class TfjsBackend implements ComputeBackend {
  readonly kind = "tfjs" as const;

  private constructor(
    private readonly tf: TfModule,
    readonly description: string,
  ) {}

  /**
   * Loads TensorFlow.js with the chosen backend.
   * @throws Error when "gpu" is asked for and @tensorflow/tfjs-node-gpu cannot load
   */
  static async create(choice: TfjsBackendChoice = "auto"): Promise<TfjsBackend> {
    if (choice === "gpu" || choice === "auto") {
      const tf = await loadGpu();
      if (tf) return new TfjsBackend(tf, `tfjs (${tf.getBackend()} via ${NODE_GPU_PACKAGE}, float32)`);
      if (choice === "gpu") throw new Error(`${NODE_GPU_PACKAGE} is not installed or cannot load its native library`);
    }
    const tf = await loadBrowserStyle(choice === "cpu" ? "cpu" : "wasm");
    const why = choice === "auto" ? `; ${NODE_GPU_PACKAGE} not available` : "";
    return new TfjsBackend(tf, `tfjs (${tf.getBackend()} backend, float32${why})`);
  }

  allocate(length: number): Float32Array {
    return new Float32Array(length);
  }

  release(): void {
    // Plain arrays: the garbage collector frees them.
  }

  /**
   * A float32 sum in a device variable. addChunked assembles x in host memory
   * first (one model-sized transient: a device tensor is not written by range),
   * and combineInPlace returns a new vector: a device sum has no host memory to reuse.
   */
  createAccumulator(length: number): SumAccumulator {
    const { tf } = this;
    const sum = tf.variable(tf.zeros([length]), false);
    let finalised = false;
    const usable = () => {
      if (finalised) throw new Error("the sum was finalised by combineInPlace(); reset() it first");
    };
    const add = (x: Float32Array, weight: number) => {
      usable();
      if (x.length !== length) throw new Error(`vector has ${x.length} elements, the accumulator ${length}`);
      tf.tidy(() => {
        sum.assign(sum.add(tf.tensor1d(x).mul(tf.scalar(weight))));
      });
    };
    const combine = (base: Float32Array | null, scale: number, out?: Float32Array) => {
      usable();
      const values = tf.tidy(() => {
        const scaled = sum.mul(tf.scalar(scale));
        return base === null ? scaled : scaled.add(tf.tensor1d(base));
      });
      const data = values.dataSync() as Float32Array;
      values.dispose();
      const target = out ?? new Float32Array(length);
      target.set(data);
      return target;
    };
    return {
      length,
      add,
      addChunked(weight, read) {
        usable();
        const x = new Float32Array(length);
        for (let start = 0; start < length; start += READ_CHUNK) read(start, x.subarray(start, Math.min(length, start + READ_CHUNK)));
        add(x, weight);
      },
      combine,
      combineInPlace(base, scale) {
        const out = combine(base, scale);
        finalised = true;
        return out;
      },
      reset() {
        finalised = false;
        sum.assign(tf.zeros([length]));
      },
      dispose() {
        sum.dispose();
      },
    };
  }

  /** Columns sorted descending: [width, count], via topk over the transposed chunk. */
  private sortedColumns(rows: Float32Array, count: number, width: number): Tf.Tensor2D {
    const { tf } = this;
    return tf.topk(tf.tensor2d(rows, [count, width]).transpose(), count, true).values as Tf.Tensor2D;
  }

  columnMedian(rows: Float32Array, count: number, out: Float32Array): void {
    const { tf } = this;
    const width = out.length;
    const result = tf.tidy(() => {
      const sorted = this.sortedColumns(rows, count, width);
      const mid = count >> 1;
      if (count % 2 === 1) return sorted.slice([0, mid], [width, 1]).reshape([width]);
      return sorted.slice([0, mid - 1], [width, 2]).mean(1);
    });
    out.set(result.dataSync() as Float32Array);
    result.dispose();
  }

  columnTrimmedMean(rows: Float32Array, count: number, trim: number, out: Float32Array): void {
    const { tf } = this;
    const width = out.length;
    const result = tf.tidy(() => this.sortedColumns(rows, count, width).slice([0, trim], [width, count - 2 * trim]).mean(1));
    out.set(result.dataSync() as Float32Array);
    result.dispose();
  }

  addSquaredDistances(rows: Float32Array, count: number, dist: Float64Array): void {
    const { tf } = this;
    const width = rows.length / count;
    // Row by row from the differences (not ‖a‖² + ‖b‖² − 2ab, which cancels badly in float32).
    const matrix = tf.tensor2d(rows, [count, width]);
    for (let a = 0; a < count - 1; a++) {
      const d = tf.tidy(() => matrix.slice([a + 1, 0], [count - a - 1, width]).sub(matrix.slice([a, 0], [1, width])).square().sum(1));
      const values = d.dataSync();
      d.dispose();
      for (let b = a + 1; b < count; b++) dist[a * count + b]! += values[b - a - 1]!;
    }
    matrix.dispose();
  }

  dispose(): void {
    // Variables are disposed by their accumulators; nothing else is held.
  }
}
