/**
 * The one file that touches ONNX Runtime (onnxruntime-node). Encoders get an {@link OnnxSession}
 * from here and exchange plain typed arrays with it, so nothing else depends on ORT's types.
 * ORT is imported lazily: its native binding loads only when a session is created.
 */
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import type * as OrtModule from "onnxruntime-node";

/** Where a session runs. */
export type OnnxDevice = "cpu" | "cuda";

/** Options for {@link createOnnxSession}. */
export interface OnnxSessionOptions {
  /**
   * "cpu" (default), or "cuda": tried first and, when the CUDA execution provider cannot be
   * loaded (not installed, no GPU), the session is created on CPU with one log line saying why.
   */
  readonly device?: OnnxDevice;
  /** Intra-op threads; ORT's default (one per core) when omitted. */
  readonly threads?: number;
  /** Where the one fallback line goes; defaults to `console.warn`. */
  readonly log?: (line: string) => void;
}

/** An input tensor: int64 ids/masks or float32 values, row-major with `dims`. */
export type OnnxInput =
  | { readonly type: "int64"; readonly data: BigInt64Array; readonly dims: readonly number[] }
  | { readonly type: "int32"; readonly data: Int32Array; readonly dims: readonly number[] }
  | { readonly type: "float32"; readonly data: Float32Array; readonly dims: readonly number[] };

/** A float32 output tensor, row-major. */
export interface OnnxOutput {
  readonly data: Float32Array;
  readonly dims: readonly number[];
}

/** What the graph declares for one input or output. */
export interface OnnxValueInfo {
  readonly name: string;
  /** ORT's element type name ("int64", "float32", …), or null for non-tensor values. */
  readonly type: string | null;
  /** Dimensions; strings are symbolic (e.g. "batch_size"). Empty when unknown. */
  readonly shape: readonly (number | string)[];
}

/** A loaded ONNX model. Not safe to `run` after `release`. */
export interface OnnxSession {
  /** The device it actually runs on (after any CUDA → CPU fallback). */
  readonly device: OnnxDevice;
  readonly inputs: readonly OnnxValueInfo[];
  readonly outputs: readonly OnnxValueInfo[];
  /**
   * Runs the graph.
   * @param outputNames which outputs to fetch; all when omitted
   * @throws Error when ORT rejects the feeds, or an output is not float32
   */
  run(feeds: Readonly<Record<string, OnnxInput>>, outputNames?: readonly string[]): Promise<Record<string, OnnxOutput>>;
  /** Frees the native session. Idempotent. */
  release(): Promise<void>;
}

type Ort = typeof OrtModule;
type OrtSession = Awaited<ReturnType<Ort["InferenceSession"]["create"]>>;

function describeValues(metadata: OrtSession["inputMetadata"]): OnnxValueInfo[] {
  return metadata.map((m) => ({ name: m.name, type: m.isTensor ? m.type : null, shape: m.isTensor ? [...m.shape] : [] }));
}

/**
 * Why CUDA cannot work, when that is visible without trying: onnxruntime-node ships the CUDA
 * provider as a separate library that its install script downloads (skipped on offline hosts).
 * Trying without it makes ORT print a multi-line error of its own; this keeps the fallback to one line.
 */
function missingCudaProvider(): string | null {
  const library = process.platform === "win32" ? "onnxruntime_providers_cuda.dll" : "libonnxruntime_providers_cuda.so";
  if (process.platform !== "linux" && process.platform !== "win32") return `no CUDA build of onnxruntime-node for ${process.platform}`;
  const binDir = path.join(path.dirname(createRequire(import.meta.url).resolve("onnxruntime-node")), "..", "bin", "napi-v6", process.platform, process.arch);
  return existsSync(path.join(binDir, library)) ? null : `${library} is not installed in onnxruntime-node`;
}

/**
 * Loads the ONNX model at `modelPath` (a `.onnx` file; external data files beside it are found by ORT).
 * @throws Error when the file is missing or not a model ORT can load on CPU
 */
export async function createOnnxSession(modelPath: string, options: OnnxSessionOptions = {}): Promise<OnnxSession> {
  const ort = await import("onnxruntime-node");
  const base = {
    graphOptimizationLevel: "all" as const,
    ...(options.threads !== undefined ? { intraOpNumThreads: options.threads } : {}),
  };
  let device: OnnxDevice = "cpu";
  let session: OrtSession | undefined;
  const log = options.log ?? ((line: string) => console.warn(line));
  const fallback = (reason: string): void => log(`[model] ONNX Runtime: CUDA unavailable, running on CPU (${reason})`);
  if (options.device === "cuda") {
    const missing = missingCudaProvider();
    if (missing) {
      fallback(missing);
    } else {
      try {
        session = await ort.InferenceSession.create(modelPath, { ...base, executionProviders: ["cuda", "cpu"] });
        device = "cuda";
      } catch (error) {
        // ORT appends its own multi-line dump (with colour codes) to the message: keep the first line.
        fallback((error instanceof Error ? error.message : String(error)).split(/[\n\x1b]/)[0] ?? "");
      }
    }
  }
  session ??= await ort.InferenceSession.create(modelPath, { ...base, executionProviders: ["cpu"] });
  const live = session;
  let released = false;

  return {
    device,
    inputs: describeValues(live.inputMetadata),
    outputs: describeValues(live.outputMetadata),
    async run(feeds, outputNames) {
      const tensors: Record<string, InstanceType<Ort["Tensor"]>> = {};
      for (const [name, input] of Object.entries(feeds)) tensors[name] = new ort.Tensor(input.type, input.data, input.dims);
      const result = outputNames ? await live.run(tensors, [...outputNames]) : await live.run(tensors);
      const out: Record<string, OnnxOutput> = {};
      for (const [name, tensor] of Object.entries(result)) {
        if (tensor.type !== "float32") throw new Error(`ONNX output ${name} is ${tensor.type}; only float32 is supported`);
        out[name] = { data: tensor.data as Float32Array, dims: [...tensor.dims] };
      }
      return out;
    },
    async release() {
      if (released) return;
      released = true;
      await live.release();
    },
  };
}
