/**
 * Writes a BERT encoder (Devlin et al., 2019) as an ONNX graph of standard opset-14 operators, the
 * way `torch.onnx.export` lays out Hugging Face's BertModel: embeddings (word + position +
 * token type), LayerNorm decomposed into ReduceMean, Sub, Mul, Sqrt and Div, multi-head
 * self-attention with the additive mask (1 − mask)·−10000, exact GELU via Erf, residuals.
 * Inputs `input_ids`, `attention_mask`, `token_type_ids` (int64, [batch, sequence]); output
 * `last_hidden_state` (float32, [batch, sequence, hidden]).
 */
import onnxProto from "onnx-proto";
import type { BertArchitecture, WeightTensor } from "./tiny-bert-weights.js";

const { onnx } = onnxProto;
const FLOAT = onnx.TensorProto.DataType.FLOAT;
const INT64 = onnx.TensorProto.DataType.INT64;

/** Accumulates nodes and initializers with unique output names. */
class GraphBuilder {
  readonly nodes: onnxProto.onnx.INodeProto[] = [];
  readonly initializers: onnxProto.onnx.ITensorProto[] = [];
  private counter = 0;

  op(opType: string, inputs: string[], attributes: onnxProto.onnx.IAttributeProto[] = [], name?: string): string {
    const output = name ?? `${opType.toLowerCase()}_${this.counter++}`;
    this.nodes.push({ opType, input: inputs, output: [output], name: `${output}_node`, attribute: attributes });
    return output;
  }

  floats(name: string, tensor: WeightTensor): string {
    const raw = new Uint8Array(tensor.data.buffer, tensor.data.byteOffset, tensor.data.byteLength);
    this.initializers.push({ name, dims: [...tensor.dims], dataType: FLOAT, rawData: raw });
    return name;
  }

  scalar(value: number): string {
    return this.floats(`const_${this.counter++}`, { dims: [], data: new Float32Array([value]) });
  }

  ints(values: number[], dims: number[] = [values.length]): string {
    const name = `const_${this.counter++}`;
    this.initializers.push({ name, dims, dataType: INT64, int64Data: values });
    return name;
  }
}

const ints = (name: string, values: number[]): onnxProto.onnx.IAttributeProto => ({ name, type: onnx.AttributeProto.AttributeType.INTS, ints: values });
const int = (name: string, value: number): onnxProto.onnx.IAttributeProto => ({ name, type: onnx.AttributeProto.AttributeType.INT, i: value });

function layerNorm(g: GraphBuilder, x: string, prefix: string, weights: Map<string, WeightTensor>, eps: number): string {
  const mean = g.op("ReduceMean", [x], [ints("axes", [-1]), int("keepdims", 1)]);
  const centered = g.op("Sub", [x, mean]);
  const variance = g.op("ReduceMean", [g.op("Mul", [centered, centered])], [ints("axes", [-1]), int("keepdims", 1)]);
  const std = g.op("Sqrt", [g.op("Add", [variance, g.scalar(eps)])]);
  const normed = g.op("Div", [centered, std]);
  return g.op("Add", [g.op("Mul", [normed, g.floats(`${prefix}.weight`, need(weights, `${prefix}.weight`))]), g.floats(`${prefix}.bias`, need(weights, `${prefix}.bias`))]);
}

function linear(g: GraphBuilder, x: string, prefix: string, weights: Map<string, WeightTensor>): string {
  const w = g.floats(`${prefix}.weight`, need(weights, `${prefix}.weight`));
  return g.op("Add", [g.op("MatMul", [x, w]), g.floats(`${prefix}.bias`, need(weights, `${prefix}.bias`))]);
}

function need(weights: Map<string, WeightTensor>, name: string): WeightTensor {
  const w = weights.get(name);
  if (!w) throw new Error(`missing weight ${name}`);
  return w;
}

/** Serializes the model. @throws Error when a weight the architecture needs is missing */
export function tinyBertOnnx(arch: BertArchitecture, weights: Map<string, WeightTensor>): Uint8Array {
  const g = new GraphBuilder();
  const headDim = arch.hiddenSize / arch.numHeads;

  const words = g.op("Gather", [g.floats("embeddings.word_embeddings.weight", need(weights, "embeddings.word_embeddings.weight")), "input_ids"]);
  const seqLen = g.op("Gather", [g.op("Shape", ["input_ids"]), g.ints([1], [])], [int("axis", 0)]);
  const positionIds = g.op("Range", [g.ints([0], []), seqLen, g.ints([1], [])]);
  const positions = g.op("Gather", [g.floats("embeddings.position_embeddings.weight", need(weights, "embeddings.position_embeddings.weight")), positionIds]);
  const types = g.op("Gather", [g.floats("embeddings.token_type_embeddings.weight", need(weights, "embeddings.token_type_embeddings.weight")), "token_type_ids"]);
  let x = layerNorm(g, g.op("Add", [g.op("Add", [words, positions]), types]), "embeddings.LayerNorm", weights, arch.layerNormEps);

  const maskFloat = g.op("Cast", ["attention_mask"], [int("to", FLOAT)]);
  const negative = g.op("Mul", [g.op("Sub", [g.scalar(1), maskFloat]), g.scalar(-10000)]);
  const additiveMask = g.op("Unsqueeze", [negative, g.ints([1, 2])]);
  const splitHeads = g.ints([0, 0, arch.numHeads, headDim]);
  const mergeHeads = g.ints([0, 0, arch.hiddenSize]);

  for (let l = 0; l < arch.numLayers; l++) {
    const p = `encoder.layer.${l}.`;
    const heads = (m: string, perm: number[]): string =>
      g.op("Transpose", [g.op("Reshape", [linear(g, x, `${p}attention.self.${m}`, weights), splitHeads])], [ints("perm", perm)]);
    const q = heads("query", [0, 2, 1, 3]);
    const kT = heads("key", [0, 2, 3, 1]);
    const v = heads("value", [0, 2, 1, 3]);
    const scores = g.op("Add", [g.op("Mul", [g.op("MatMul", [q, kT]), g.scalar(1 / Math.sqrt(headDim))]), additiveMask]);
    const probs = g.op("Softmax", [scores], [int("axis", -1)]);
    const context = g.op("Reshape", [g.op("Transpose", [g.op("MatMul", [probs, v])], [ints("perm", [0, 2, 1, 3])]), mergeHeads]);
    const attended = linear(g, context, `${p}attention.output.dense`, weights);
    x = layerNorm(g, g.op("Add", [attended, x]), `${p}attention.output.LayerNorm`, weights, arch.layerNormEps);

    const hidden = linear(g, x, `${p}intermediate.dense`, weights);
    const erf = g.op("Erf", [g.op("Div", [hidden, g.scalar(Math.SQRT2)])]);
    const gelu = g.op("Mul", [g.op("Mul", [hidden, g.scalar(0.5)]), g.op("Add", [erf, g.scalar(1)])]);
    const out = linear(g, gelu, `${p}output.dense`, weights);
    x = layerNorm(g, g.op("Add", [out, x]), `${p}output.LayerNorm`, weights, arch.layerNormEps);
  }
  g.op("Identity", [x], [], "last_hidden_state");

  const idsInput = (name: string): onnxProto.onnx.IValueInfoProto => ({
    name,
    type: { tensorType: { elemType: INT64, shape: { dim: [{ dimParam: "batch_size" }, { dimParam: "sequence_length" }] } } },
  });
  const model = onnx.ModelProto.create({
    irVersion: 8,
    producerName: "tributary make-tiny-bert",
    opsetImport: [{ domain: "", version: 14 }],
    graph: {
      name: "tiny_bert",
      node: g.nodes,
      initializer: g.initializers,
      input: [idsInput("input_ids"), idsInput("attention_mask"), idsInput("token_type_ids")],
      output: [{
        name: "last_hidden_state",
        type: { tensorType: { elemType: FLOAT, shape: { dim: [{ dimParam: "batch_size" }, { dimParam: "sequence_length" }, { dimValue: arch.hiddenSize }] } } },
      }],
    },
  });
  return onnx.ModelProto.encode(model).finish();
}
