/**
 * Test support: BERT's encoder forward pass (Devlin et al., 2019; Hugging Face `BertModel`) in
 * plain TypeScript, float64, one text at a time, no padding, straight from the paper's equations.
 * It shares nothing with the ONNX graph builder but the weight names, so agreement checks the
 * graph, ONNX Runtime's execution and the encoder's batching/padding/pooling together.
 */
import type { NamedTensor } from "./read-onnx-initializers.js";

/** Architecture numbers the forward pass needs (from config.json). */
export interface ReferenceConfig {
  readonly hiddenSize: number;
  readonly numLayers: number;
  readonly numHeads: number;
  readonly layerNormEps: number;
}

type Matrix = Float64Array[];

function weight(weights: Map<string, NamedTensor>, name: string): NamedTensor {
  const w = weights.get(name);
  if (!w) throw new Error(`reference: missing ${name}`);
  return w;
}

function row(t: NamedTensor, i: number): Float64Array {
  const width = t.dims[t.dims.length - 1]!;
  return Float64Array.from(t.data.subarray(i * width, (i + 1) * width));
}

/** x·W + b with W stored [in, out]. */
function dense(x: Matrix, weights: Map<string, NamedTensor>, prefix: string): Matrix {
  const w = weight(weights, `${prefix}.weight`);
  const b = weight(weights, `${prefix}.bias`);
  const [inDim, outDim] = w.dims as [number, number];
  return x.map((v) => {
    const y = Float64Array.from(b.data);
    for (let i = 0; i < inDim; i++) for (let o = 0; o < outDim; o++) y[o]! += v[i]! * w.data[i * outDim + o]!;
    return y;
  });
}

function layerNorm(x: Matrix, weights: Map<string, NamedTensor>, prefix: string, eps: number): Matrix {
  const gamma = weight(weights, `${prefix}.weight`).data;
  const beta = weight(weights, `${prefix}.bias`).data;
  return x.map((v) => {
    const mean = v.reduce((a, b) => a + b, 0) / v.length;
    const variance = v.reduce((a, b) => a + (b - mean) ** 2, 0) / v.length;
    return v.map((value, k) => ((value - mean) / Math.sqrt(variance + eps)) * gamma[k]! + beta[k]!);
  });
}

const add = (x: Matrix, y: Matrix): Matrix => x.map((v, i) => v.map((value, k) => value + y[i]![k]!));

/** JS has no Math.erf. Taylor series below 3, continued fraction above: ~1e-13, far inside the test's 1e-4. */
function erf(x: number): number {
  const z = Math.abs(x);
  let result: number;
  if (z < 3) {
    let term = z;
    let sum = z;
    for (let n = 1; n < 100; n++) {
      term *= (-z * z) / n;
      sum += term / (2 * n + 1);
    }
    result = (2 / Math.sqrt(Math.PI)) * sum;
  } else {
    let fraction = 0;
    for (let n = 60; n >= 1; n--) fraction = (n / 2) / (z + fraction);
    result = 1 - Math.exp(-z * z) / Math.sqrt(Math.PI) / (z + fraction);
  }
  return x < 0 ? -result : result;
}

/** The last hidden state, one row per token of `ids` (a single unpadded sequence). */
export function bertReferenceForward(weights: Map<string, NamedTensor>, config: ReferenceConfig, ids: readonly number[]): Matrix {
  const words = weight(weights, "embeddings.word_embeddings.weight");
  const positions = weight(weights, "embeddings.position_embeddings.weight");
  const types = weight(weights, "embeddings.token_type_embeddings.weight");
  const embedded = ids.map((id, t) => {
    const w = row(words, id);
    const p = row(positions, t);
    const s = row(types, 0);
    return w.map((value, k) => value + p[k]! + s[k]!);
  });
  let x = layerNorm(embedded, weights, "embeddings.LayerNorm", config.layerNormEps);
  const headDim = config.hiddenSize / config.numHeads;
  for (let l = 0; l < config.numLayers; l++) {
    const p = `encoder.layer.${l}.`;
    const q = dense(x, weights, `${p}attention.self.query`);
    const k = dense(x, weights, `${p}attention.self.key`);
    const v = dense(x, weights, `${p}attention.self.value`);
    const context: Matrix = x.map(() => new Float64Array(config.hiddenSize));
    for (let h = 0; h < config.numHeads; h++) {
      const off = h * headDim;
      for (let i = 0; i < x.length; i++) {
        const scores = k.map((kj) => {
          let dot = 0;
          for (let d = 0; d < headDim; d++) dot += q[i]![off + d]! * kj[off + d]!;
          return dot / Math.sqrt(headDim);
        });
        const max = Math.max(...scores);
        const exps = scores.map((s) => Math.exp(s - max));
        const total = exps.reduce((a, b) => a + b, 0);
        exps.forEach((e, j) => {
          for (let d = 0; d < headDim; d++) context[i]![off + d]! += (e / total) * v[j]![off + d]!;
        });
      }
    }
    x = layerNorm(add(dense(context, weights, `${p}attention.output.dense`), x), weights, `${p}attention.output.LayerNorm`, config.layerNormEps);
    const hidden = dense(x, weights, `${p}intermediate.dense`).map((r) => r.map((u) => 0.5 * u * (1 + erf(u / Math.SQRT2))));
    x = layerNorm(add(dense(hidden, weights, `${p}output.dense`), x), weights, `${p}output.LayerNorm`, config.layerNormEps);
  }
  return x;
}
