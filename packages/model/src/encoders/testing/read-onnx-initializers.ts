/**
 * Test support: the float32 initializers (weights) of an ONNX file, decoded with onnx-proto, so a
 * reference implementation can run on exactly the weights ONNX Runtime runs on.
 */
import { readFile } from "node:fs/promises";
import onnxProto from "onnx-proto";

/** A float32 tensor, row-major. */
export interface NamedTensor {
  readonly dims: readonly number[];
  readonly data: Float32Array;
}

/**
 * Reads every FLOAT initializer stored as raw data or float_data.
 * @throws Error when the file is unreadable or not an ONNX model
 */
export async function readOnnxInitializers(file: string): Promise<Map<string, NamedTensor>> {
  const model = onnxProto.onnx.ModelProto.decode(await readFile(file));
  const out = new Map<string, NamedTensor>();
  for (const t of model.graph?.initializer ?? []) {
    if (t.dataType !== onnxProto.onnx.TensorProto.DataType.FLOAT || !t.name) continue;
    const dims = (t.dims ?? []).map(Number);
    const data = t.rawData && t.rawData.length > 0
      ? new Float32Array(t.rawData.buffer.slice(t.rawData.byteOffset, t.rawData.byteOffset + t.rawData.byteLength))
      : Float32Array.from(t.floatData ?? []);
    out.set(t.name, { dims, data });
  }
  return out;
}
