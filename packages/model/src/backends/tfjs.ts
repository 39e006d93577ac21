/**
 * The one file that touches TensorFlow.js. Everything else in the package gets
 * `tf` from {@link loadTf} and tensor types from the aliases below, so the
 * runtime can be swapped (wasm, pure-JS cpu, or tfjs-node-gpu's native
 * "tensorflow" backend where it is installed) without touching model code.
 */
import { createRequire } from "node:module";
import path from "node:path";
import type * as TfModule from "@tensorflow/tfjs";

/** The TensorFlow.js namespace as returned by {@link loadTf}. */
export type Tf = typeof TfModule;
/** Any TF.js tensor. */
export type Tensor = TfModule.Tensor;
/** A rank-0 tensor. */
export type Scalar = TfModule.Scalar;
/** A rank-1 tensor. */
export type Tensor1D = TfModule.Tensor1D;
/** A rank-2 tensor. */
export type Tensor2D = TfModule.Tensor2D;
/** A mutable tensor holding trainable state. */
export type Variable = TfModule.Variable;
/** A TF.js graph model (used by the TF.js graph-model encoder). */
export type GraphModel = TfModule.GraphModel;

/** Which TF.js backend to run on. */
export type TfBackendName = "wasm" | "cpu" | "tensorflow";

/** Options for {@link loadTf}. */
export interface LoadTfOptions {
  /**
   * "wasm" (default): WebAssembly with SIMD, single-threaded in Node; "cpu":
   * pure JavaScript (slow, a reference); "tensorflow": the native backend of
   * `@tensorflow/tfjs-node-gpu` (CUDA) or else `@tensorflow/tfjs-node`, only
   * where one is installed — otherwise wasm, with the log line saying why.
   */
  backend?: TfBackendName;
  /** Where the one log line goes; defaults to `console.info`. */
  log?: (line: string) => void;
}

let loading: Promise<{ tf: Tf; backend: TfBackendName }> | undefined;

/**
 * Loads TensorFlow.js and initialises its backend once per process; later
 * calls return the same namespace (the backend of the first call wins, since
 * TF.js has one global engine). Logs one line naming the backend in use.
 * @throws Error when the wasm backend cannot be initialised
 */
export async function loadTf(options: LoadTfOptions = {}): Promise<Tf> {
  loading ??= initialise(options.backend ?? "wasm", options.log ?? ((line) => console.info(line)));
  return (await loading).tf;
}

/** The backend {@link loadTf} settled on, or null before it has finished. */
export async function loadedTfBackend(): Promise<TfBackendName | null> {
  return loading ? (await loading).backend : null;
}

async function initialise(wanted: TfBackendName, log: (line: string) => void): Promise<{ tf: Tf; backend: TfBackendName }> {
  let note = "";
  if (wanted === "tensorflow") {
    const native = await loadNative();
    if (native.tf) {
      await native.tf.setBackend("tensorflow");
      await native.tf.ready();
      log(`[model] TensorFlow.js backend: tensorflow (${native.name})`);
      return { tf: native.tf, backend: "tensorflow" };
    }
    note = ` (native TensorFlow unavailable: ${native.reason})`;
    wanted = "wasm";
  }
  const tf = unwrap(await import("@tensorflow/tfjs"));
  tf.env().set("PROD", true); // skips per-op NaN checks and debug bookkeeping
  if (wanted === "wasm") {
    const wasm = await import("@tensorflow/tfjs-backend-wasm");
    wasm.setWasmPaths(wasmDistFolder());
    const ok = await tf.setBackend("wasm");
    if (!ok) throw new Error("TensorFlow.js wasm backend failed to initialise");
    registerSegmentSum(tf);
  } else {
    await tf.setBackend("cpu");
  }
  await tf.ready();
  log(`[model] TensorFlow.js backend: ${tf.getBackend()}${note}`);
  return { tf, backend: wanted };
}

/** The installed tfjs-backend-wasm's dist folder, as a path ending in a separator (the wasm loader concatenates file names). */
function wasmDistFolder(): string {
  const require = createRequire(import.meta.url);
  const main = require.resolve("@tensorflow/tfjs-backend-wasm");
  return path.dirname(main) + path.sep;
}

async function loadNative(): Promise<{ tf: Tf | null; name: string; reason: string }> {
  const reasons: string[] = [];
  for (const name of ["@tensorflow/tfjs-node-gpu", "@tensorflow/tfjs-node"]) {
    try {
      // A variable specifier keeps TypeScript and bundlers from requiring the optional package.
      const specifier: string = name;
      const mod = (await import(specifier)) as Tf | { default: Tf };
      return { tf: unwrap(mod), name, reason: "" };
    } catch (error) {
      reasons.push(`${name}: ${error instanceof Error ? (error.message.split("\n")[0] ?? "") : String(error)}`);
    }
  }
  return { tf: null, name: "", reason: reasons.join("; ") };
}

function unwrap(mod: Tf | { default: Tf }): Tf {
  return "tensor" in mod ? mod : mod.default;
}

/** The slice of the wasm backend's API that {@link registerSegmentSum} uses. */
interface WasmBackendData {
  readSync(dataId: unknown): ArrayLike<number>;
  makeOutput(shape: number[], dtype: "float32", memoryOffset?: number, values?: Float32Array): unknown;
}

/**
 * The wasm backend lacks UnsortedSegmentSum, the gradient of tf.gather, so
 * learned item biases or embeddings could not train on it. This registers a
 * plain-JS kernel: one pass over the rows, O(rows × row size).
 */
function registerSegmentSum(tf: Tf): void {
  if (tf.getKernel("UnsortedSegmentSum", "wasm")) return;
  tf.registerKernel({
    kernelName: "UnsortedSegmentSum",
    backendName: "wasm",
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { x, segmentIds } = inputs as { x: TfModule.TensorInfo; segmentIds: TfModule.TensorInfo };
      const numSegments = (attrs as { numSegments: number }).numSegments;
      const wasm = backend as unknown as WasmBackendData;
      const values = wasm.readSync(x.dataId);
      const ids = wasm.readSync(segmentIds.dataId);
      const rowSize = ids.length === 0 ? 0 : values.length / ids.length;
      const out = new Float32Array(numSegments * rowSize);
      for (let r = 0; r < ids.length; r++) {
        const id = ids[r]!;
        if (id < 0 || id >= numSegments) continue; // as TensorFlow: out-of-range ids are dropped
        for (let j = 0; j < rowSize; j++) out[id * rowSize + j]! += values[r * rowSize + j]!;
      }
      const shape = [numSegments, ...x.shape.slice(segmentIds.shape.length)];
      return wasm.makeOutput(shape, "float32", undefined, out) as TfModule.TensorInfo;
    },
  });
}
