/**
 * A BERT-family encoder (BERT, MiniLM, …) exported to ONNX in the Hugging Face layout, run by
 * ONNX Runtime: the production encoder. Users export their own model (e.g. `optimum-cli export
 * onnx --task feature-extraction`) and point this at the folder; nothing is downloaded.
 */
import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import { createOnnxSession, type OnnxDevice, type OnnxInput, type OnnxSession } from "../backends/onnx.js";
import { padBatch, type BertTokenizer, type TokenBatch } from "../tokenizer/bert-tokenizer.js";
import { loadBertTokenizer } from "../tokenizer/load-bert-tokenizer.js";
import { contentHash } from "./content-hash.js";
import { poolHiddenStates, type Pooling } from "./pool-hidden-states.js";
import type { TextEncoder } from "./text-encoder.js";

/** Options for {@link OnnxBertEncoder.fromFolder}. */
export interface OnnxBertEncoderOptions {
  /** "mean" over the attention mask (default) or the "cls" token's state. */
  readonly pooling?: Pooling;
  /** L2-normalize each vector (sentence-transformers models that end in Normalize). Default false. */
  readonly normalize?: boolean;
  /** Texts per ONNX run; default 32. */
  readonly batchSize?: number;
  /** Cap on tokens per text, specials included; the model's own limit applies anyway. */
  readonly maxLength?: number;
  /** "cpu" (default) or "cuda" (falls back to CPU with one log line when unavailable). */
  readonly device?: OnnxDevice;
  /** ONNX Runtime intra-op threads; its default when omitted. */
  readonly threads?: number;
  /** Where the CUDA fallback line goes; defaults to `console.warn`. */
  readonly log?: (line: string) => void;
}

/** Files besides the model that define the tokenizer and architecture, in hash order. */
const DEFINING_FILES = ["config.json", "tokenizer.json", "vocab.txt", "tokenizer_config.json", "special_tokens_map.json"];

async function findModelFile(dir: string): Promise<string> {
  for (const candidate of ["model.onnx", path.join("onnx", "model.onnx")]) {
    const file = path.join(dir, candidate);
    if ((await stat(file).catch(() => null))?.isFile()) return file;
  }
  throw new Error(`${dir}: no model.onnx or onnx/model.onnx`);
}

/** Builds the feeds a graph declares from a token batch. @throws Error on an input it cannot fill */
function feedsFor(session: OnnxSession, batch: TokenBatch): Record<string, OnnxInput> {
  const dims = [batch.batchSize, batch.sequenceLength];
  const feeds: Record<string, OnnxInput> = {};
  for (const input of session.inputs) {
    let values: Int32Array;
    if (input.name === "input_ids") values = batch.inputIds;
    else if (input.name === "attention_mask") values = batch.attentionMask;
    else if (input.name === "token_type_ids") values = batch.tokenTypeIds;
    else if (input.name === "position_ids") values = Int32Array.from({ length: dims[0]! * dims[1]! }, (_, i) => i % dims[1]!);
    else throw new Error(`ONNX BERT encoder: cannot fill graph input ${input.name}`);
    feeds[input.name] =
      input.type === "int32" ? { type: "int32", data: values, dims } : { type: "int64", data: BigInt64Array.from(values, (v) => BigInt(v)), dims };
  }
  return feeds;
}

/** A {@link TextEncoder} over a local ONNX BERT folder. */
export class OnnxBertEncoder implements TextEncoder {
  readonly id: string;
  readonly dimension: number;
  /** Where the session runs after any CUDA → CPU fallback. */
  readonly device: OnnxDevice;
  /** The tokenizer in use (e.g. for token counts). */
  readonly tokenizer: BertTokenizer;
  private readonly session: OnnxSession;
  private readonly outputName: string;
  private readonly pooling: Pooling;
  private readonly normalize: boolean;
  private readonly batchSize: number;
  private disposed = false;

  private constructor(fields: {
    id: string;
    dimension: number;
    tokenizer: BertTokenizer;
    session: OnnxSession;
    outputName: string;
    pooling: Pooling;
    normalize: boolean;
    batchSize: number;
  }) {
    this.id = fields.id;
    this.dimension = fields.dimension;
    this.tokenizer = fields.tokenizer;
    this.session = fields.session;
    this.device = fields.session.device;
    this.outputName = fields.outputName;
    this.pooling = fields.pooling;
    this.normalize = fields.normalize;
    this.batchSize = fields.batchSize;
  }

  /**
   * Loads `dir`: `config.json`, `tokenizer.json` and/or `vocab.txt`, and `model.onnx` or
   * `onnx/model.onnx`. Hashes every defining file for {@link OnnxBertEncoder.id} (streamed).
   * @throws Error when a file is missing or unreadable, the graph has no 3-D float output
   *   (`last_hidden_state` preferred) or declares an input other than input_ids, attention_mask,
   *   token_type_ids, position_ids
   */
  static async fromFolder(dir: string, options: OnnxBertEncoderOptions = {}): Promise<OnnxBertEncoder> {
    const pooling = options.pooling ?? "mean";
    const normalize = options.normalize ?? false;
    const batchSize = options.batchSize ?? 32;
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`batchSize must be a positive integer, got ${batchSize}`);
    const modelFile = await findModelFile(dir);
    const config = JSON.parse(await readFile(path.join(dir, "config.json"), "utf8")) as { hidden_size?: unknown };
    const tokenizer = await loadBertTokenizer(dir, options.maxLength !== undefined ? { maxLength: options.maxLength } : {});
    const id = await contentHash(
      { encoder: "onnx-bert", pooling, normalize, maxLength: tokenizer.maxLength },
      [modelFile, `${modelFile}_data`, `${modelFile}.data`, ...DEFINING_FILES.map((f) => path.join(dir, f))],
    );
    const session = await createOnnxSession(modelFile, {
      ...(options.device ? { device: options.device } : {}),
      ...(options.threads !== undefined ? { threads: options.threads } : {}),
      ...(options.log ? { log: options.log } : {}),
    });
    try {
      const output = session.outputs.find((o) => o.name === "last_hidden_state") ?? session.outputs.find((o) => o.shape.length === 3);
      if (!output) throw new Error(`${modelFile}: no last_hidden_state or other [batch, sequence, hidden] output`);
      const declared = output.shape[2];
      const dimension = typeof config.hidden_size === "number" ? config.hidden_size : typeof declared === "number" ? declared : NaN;
      if (!Number.isInteger(dimension)) throw new Error(`${dir}: config.json has no hidden_size`);
      feedsFor(session, padBatch([[tokenizer.clsId, tokenizer.sepId]], tokenizer.padId));
      return new OnnxBertEncoder({ id, dimension, tokenizer, session, outputName: output.name, pooling, normalize, batchSize });
    } catch (error) {
      await session.release();
      throw error;
    }
  }

  /** See {@link TextEncoder.encode}. Texts are length-sorted into batches to minimise padding. */
  async encode(texts: readonly string[]): Promise<Float32Array[]> {
    if (this.disposed) throw new Error("OnnxBertEncoder: encode after dispose");
    const ids = texts.map((t) => this.tokenizer.encode(t));
    const order = ids.map((_, i) => i).sort((a, b) => ids[a]!.length - ids[b]!.length);
    const rows = new Array<Float32Array>(texts.length);
    for (let start = 0; start < order.length; start += this.batchSize) {
      const chunk = order.slice(start, start + this.batchSize);
      const batch = padBatch(chunk.map((i) => ids[i]!), this.tokenizer.padId);
      const result = await this.session.run(feedsFor(this.session, batch), [this.outputName]);
      const hidden = result[this.outputName]!;
      if (hidden.dims[2] !== this.dimension) throw new Error(`ONNX output is [${hidden.dims.join(", ")}], expected hidden size ${this.dimension}`);
      const pooled = poolHiddenStates(
        { data: hidden.data, batchSize: batch.batchSize, sequenceLength: batch.sequenceLength, hiddenSize: this.dimension, attentionMask: batch.attentionMask },
        this.pooling,
        this.normalize,
      );
      chunk.forEach((textIndex, j) => (rows[textIndex] = pooled[j]!));
    }
    return rows;
  }

  /** See {@link TextEncoder.dispose}. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    await this.session.release();
  }
}
