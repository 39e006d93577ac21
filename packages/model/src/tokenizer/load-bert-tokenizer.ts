/**
 * Reads a BERT tokenizer from a local Hugging Face folder: `tokenizer.json` (the fast tokenizer,
 * preferred when present) or `vocab.txt` + `tokenizer_config.json` (the slow tokenizer's files).
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { BertTokenizer } from "./bert-tokenizer.js";

/** Options for {@link loadBertTokenizer}. */
export interface LoadBertTokenizerOptions {
  /**
   * Cap on tokens per text (specials included). The effective limit is the smallest of this, the
   * folder's `model_max_length` / truncation length, and `config.json`'s `max_position_embeddings`;
   * 512 when none is known.
   */
  readonly maxLength?: number;
}

type Json = Record<string, unknown>;

async function readJson(file: string): Promise<Json | null> {
  try {
    return JSON.parse(await readFile(file, "utf8")) as Json;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw new Error(`cannot read ${file}`, { cause: error });
  }
}

/** `"[UNK]"` or `{ "content": "[UNK]", … }` (an AddedToken) → the string. */
function tokenString(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (value && typeof value === "object" && typeof (value as Json).content === "string") return (value as Json).content as string;
  return undefined;
}

function positive(value: unknown): number | undefined {
  // Hugging Face writes model_max_length = 1e30 for "no limit".
  return typeof value === "number" && value > 0 && value < 1e6 ? value : undefined;
}

/** The BertNormalizer of a tokenizer.json, also when nested in a Sequence. */
function findBertNormalizer(normalizer: unknown): Json | null {
  if (!normalizer || typeof normalizer !== "object") return null;
  const n = normalizer as Json;
  if (n.type === "BertNormalizer") return n;
  if (n.type === "Sequence" && Array.isArray(n.normalizers)) {
    for (const inner of n.normalizers) {
      const found = findBertNormalizer(inner);
      if (found) return found;
    }
  }
  return null;
}

function fromTokenizerJson(json: Json, maxLength: number): BertTokenizer {
  const model = (json.model ?? {}) as Json;
  if (model.type !== "WordPiece" || !model.vocab || typeof model.vocab !== "object") {
    throw new Error(`tokenizer.json: expected a WordPiece model, found ${String(model.type)}`);
  }
  const vocab = new Map(Object.entries(model.vocab as Record<string, number>));
  const normalizer = findBertNormalizer(json.normalizer);
  if (json.normalizer && !normalizer) throw new Error("tokenizer.json: only BertNormalizer is supported");
  const post = (json.post_processor ?? {}) as Json;
  const [cls, sep] = post.type === "BertProcessing" ? [post.cls, post.sep] : [undefined, undefined];
  const truncation = (json.truncation ?? {}) as Json;
  const padding = (json.padding ?? {}) as Json;
  const strip = normalizer?.strip_accents;
  return new BertTokenizer({
    vocab,
    lowerCase: normalizer ? normalizer.lowercase !== false : true,
    stripAccents: typeof strip === "boolean" ? strip : undefined,
    maxLength: Math.min(maxLength, positive(truncation.max_length) ?? Infinity),
    unkToken: tokenString(model.unk_token) ?? "[UNK]",
    clsToken: (Array.isArray(cls) ? tokenString(cls[0]) : undefined) ?? "[CLS]",
    sepToken: (Array.isArray(sep) ? tokenString(sep[0]) : undefined) ?? "[SEP]",
    padToken: tokenString(padding.pad_token) ?? "[PAD]",
    continuingSubwordPrefix: typeof model.continuing_subword_prefix === "string" ? model.continuing_subword_prefix : "##",
    maxInputCharsPerWord: positive(model.max_input_chars_per_word) ?? 100,
  });
}

function fromVocabTxt(text: string, config: Json, maxLength: number): BertTokenizer {
  const lines = text.split("\n");
  if (lines.at(-1) === "") lines.pop();
  const vocab = new Map<string, number>();
  // Later duplicates must not steal an earlier id: the slow tokenizer keeps the first one.
  lines.forEach((line, id) => {
    const token = line.endsWith("\r") ? line.slice(0, -1) : line;
    if (!vocab.has(token)) vocab.set(token, id);
  });
  const strip = config.strip_accents;
  return new BertTokenizer({
    vocab,
    lowerCase: config.do_lower_case !== false,
    stripAccents: typeof strip === "boolean" ? strip : undefined,
    maxLength,
    unkToken: tokenString(config.unk_token) ?? "[UNK]",
    clsToken: tokenString(config.cls_token) ?? "[CLS]",
    sepToken: tokenString(config.sep_token) ?? "[SEP]",
    padToken: tokenString(config.pad_token) ?? "[PAD]",
  });
}

/**
 * Loads the tokenizer of the model folder `dir`.
 * @throws Error when the folder has neither `tokenizer.json` nor `vocab.txt`, when
 *   `tokenizer.json` is not a WordPiece/BertNormalizer tokenizer, or a file is unreadable
 */
export async function loadBertTokenizer(dir: string, options: LoadBertTokenizerOptions = {}): Promise<BertTokenizer> {
  const [tokenizerConfig, modelConfig] = await Promise.all([
    readJson(path.join(dir, "tokenizer_config.json")),
    readJson(path.join(dir, "config.json")),
  ]);
  const limits = [options.maxLength, positive(tokenizerConfig?.model_max_length), positive(modelConfig?.max_position_embeddings)];
  const known = limits.filter((n): n is number => n !== undefined);
  const maxLength = known.length > 0 ? Math.min(...known) : 512;

  const fast = await readJson(path.join(dir, "tokenizer.json"));
  if (fast) return fromTokenizerJson(fast, maxLength);
  let vocabText: string;
  try {
    vocabText = await readFile(path.join(dir, "vocab.txt"), "utf8");
  } catch (error) {
    throw new Error(`${dir}: no tokenizer.json or vocab.txt`, { cause: error });
  }
  return fromVocabTxt(vocabText, tokenizerConfig ?? {}, maxLength);
}
