/**
 * Random weights for a BERT-architecture model, drawn from a seeded PRNG so that every machine
 * generates the same tiny test model. Matrices are stored input-major (`[in, out]`, `y = x·W + b`),
 * the layout ONNX MatMul wants; names follow Hugging Face's BertModel.
 */

/** The architecture of a BERT encoder (the fields of a Hugging Face BertConfig that matter here). */
export interface BertArchitecture {
  readonly vocabSize: number;
  readonly hiddenSize: number;
  readonly numLayers: number;
  readonly numHeads: number;
  readonly intermediateSize: number;
  readonly maxPositions: number;
  readonly typeVocabSize: number;
  readonly layerNormEps: number;
}

/** A float32 tensor, row-major. */
export interface WeightTensor {
  readonly dims: readonly number[];
  readonly data: Float32Array;
}

/** mulberry32: a small, well-mixed 32-bit PRNG; returns uniform numbers in [0, 1). */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Every parameter of the model, keyed by Hugging Face name (`embeddings.word_embeddings.weight`,
 * `encoder.layer.0.attention.self.query.weight`, …). Deterministic for a given seed.
 * Scales are chosen so attention is far from uniform and every op matters to the output.
 */
export function tinyBertWeights(arch: BertArchitecture, seed: number): Map<string, WeightTensor> {
  const uniform = mulberry32(seed);
  const normal = (): number => {
    // Box–Muller; 1 - u keeps the log argument in (0, 1].
    const u = 1 - uniform();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * uniform());
  };
  const weights = new Map<string, WeightTensor>();
  const add = (name: string, dims: number[], std: number, mean = 0): void => {
    const data = new Float32Array(dims.reduce((a, b) => a * b, 1));
    for (let i = 0; i < data.length; i++) data[i] = mean + std * normal();
    weights.set(name, { dims, data });
  };
  const { hiddenSize: h, intermediateSize: ff } = arch;
  add("embeddings.word_embeddings.weight", [arch.vocabSize, h], 0.5);
  add("embeddings.position_embeddings.weight", [arch.maxPositions, h], 0.5);
  add("embeddings.token_type_embeddings.weight", [arch.typeVocabSize, h], 0.5);
  add("embeddings.LayerNorm.weight", [h], 0.1, 1);
  add("embeddings.LayerNorm.bias", [h], 0.1);
  for (let l = 0; l < arch.numLayers; l++) {
    const p = `encoder.layer.${l}.`;
    for (const m of ["query", "key", "value"]) {
      add(`${p}attention.self.${m}.weight`, [h, h], 0.3);
      add(`${p}attention.self.${m}.bias`, [h], 0.1);
    }
    add(`${p}attention.output.dense.weight`, [h, h], 0.2);
    add(`${p}attention.output.dense.bias`, [h], 0.1);
    add(`${p}attention.output.LayerNorm.weight`, [h], 0.1, 1);
    add(`${p}attention.output.LayerNorm.bias`, [h], 0.1);
    add(`${p}intermediate.dense.weight`, [h, ff], 0.2);
    add(`${p}intermediate.dense.bias`, [ff], 0.1);
    add(`${p}output.dense.weight`, [ff, h], 0.2);
    add(`${p}output.dense.bias`, [h], 0.1);
    add(`${p}output.LayerNorm.weight`, [h], 0.1, 1);
    add(`${p}output.LayerNorm.bias`, [h], 0.1);
  }
  return weights;
}
