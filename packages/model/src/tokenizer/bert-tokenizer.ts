/**
 * BERT's full tokenizer (Devlin et al., 2019): {@link basicTokenize} then {@link wordpieceTokenize},
 * `[CLS] … [SEP]` around each text, truncation to the model's maximum length, and per-batch
 * padding with an attention mask. Text is always text: a literal "[SEP]" typed by a user is
 * tokenized as the characters `[`, `sep`, `]`, never as the special token.
 */
import { basicTokenize } from "./basic-tokenize.js";
import { wordpieceTokenize, type WordpieceOptions } from "./wordpiece-tokenize.js";

/** Everything that defines a BERT tokenizer; what a Hugging Face folder's tokenizer files say. */
export interface BertTokenizerConfig {
  /** token → id, as in `vocab.txt` (line number) or `tokenizer.json` (`model.vocab`). */
  readonly vocab: ReadonlyMap<string, number>;
  /** `do_lower_case`. */
  readonly lowerCase: boolean;
  /** `strip_accents`; `undefined` follows `lowerCase`. */
  readonly stripAccents?: boolean | undefined;
  /** Maximum tokens per text, `[CLS]` and `[SEP]` included (≥ 2). */
  readonly maxLength: number;
  /** Defaults: `[UNK]`, `[CLS]`, `[SEP]`, `[PAD]`, `##`, 100. */
  readonly unkToken?: string;
  readonly clsToken?: string;
  readonly sepToken?: string;
  readonly padToken?: string;
  readonly continuingSubwordPrefix?: string;
  readonly maxInputCharsPerWord?: number;
}

/**
 * A padded batch, row-major `batchSize × sequenceLength`. Rows are padded with the pad id up to
 * the longest row of this batch (not to `maxLength`); `attentionMask` is 1 on real tokens.
 */
export interface TokenBatch {
  readonly batchSize: number;
  readonly sequenceLength: number;
  readonly inputIds: Int32Array;
  readonly attentionMask: Int32Array;
  /** All zeros: one segment per text. */
  readonly tokenTypeIds: Int32Array;
}

/** A BERT WordPiece tokenizer over a fixed vocabulary. Immutable; safe to share. */
export class BertTokenizer {
  /** Maximum tokens per encoded text, specials included. */
  readonly maxLength: number;
  readonly clsId: number;
  readonly sepId: number;
  readonly padId: number;
  readonly unkId: number;
  private readonly config: BertTokenizerConfig;
  private readonly wordpiece: WordpieceOptions;

  /** @throws Error when a special token is missing from the vocabulary or `maxLength` < 2. */
  constructor(config: BertTokenizerConfig) {
    if (!Number.isInteger(config.maxLength) || config.maxLength < 2) {
      throw new Error(`BertTokenizer: maxLength must be an integer ≥ 2, got ${config.maxLength}`);
    }
    this.config = config;
    this.maxLength = config.maxLength;
    const unkToken = config.unkToken ?? "[UNK]";
    this.unkId = this.requireId(unkToken);
    this.clsId = this.requireId(config.clsToken ?? "[CLS]");
    this.sepId = this.requireId(config.sepToken ?? "[SEP]");
    this.padId = this.requireId(config.padToken ?? "[PAD]");
    this.wordpiece = {
      vocab: config.vocab,
      unkToken,
      continuingSubwordPrefix: config.continuingSubwordPrefix ?? "##",
      maxInputCharsPerWord: config.maxInputCharsPerWord ?? 100,
    };
  }

  /** Number of entries in the vocabulary. */
  get vocabSize(): number {
    return this.config.vocab.size;
  }

  /** The id of `token`, or null when it is not in the vocabulary. */
  idOf(token: string): number | null {
    return this.config.vocab.get(token) ?? null;
  }

  /** WordPiece tokens of `text`, without specials and without truncation. */
  tokenize(text: string): string[] {
    const words = basicTokenize(text, { lowerCase: this.config.lowerCase, stripAccents: this.config.stripAccents });
    const tokens: string[] = [];
    for (const word of words) for (const piece of wordpieceTokenize(word, this.wordpiece)) tokens.push(piece);
    return tokens;
  }

  /** Ids of `[CLS] tokens [SEP]`, the tokens truncated so that the whole fits `maxLength`. */
  encode(text: string): number[] {
    const tokens = this.tokenize(text).slice(0, this.maxLength - 2);
    const ids = [this.clsId];
    for (const token of tokens) ids.push(this.config.vocab.get(token) ?? this.unkId);
    ids.push(this.sepId);
    return ids;
  }

  /** Encodes and pads a batch. An empty batch gives `batchSize` 0 and empty arrays. */
  encodeBatch(texts: readonly string[]): TokenBatch {
    return padBatch(
      texts.map((t) => this.encode(t)),
      this.padId,
    );
  }

  private requireId(token: string): number {
    const id = this.config.vocab.get(token);
    if (id === undefined) throw new Error(`BertTokenizer: special token ${token} is not in the vocabulary`);
    return id;
  }
}

/** Pads id rows to the longest one. Exported for callers that pre-encode (e.g. length-sorted batching). */
export function padBatch(rows: readonly (readonly number[])[], padId: number): TokenBatch {
  const batchSize = rows.length;
  const sequenceLength = rows.reduce((max, r) => Math.max(max, r.length), 0);
  const inputIds = new Int32Array(batchSize * sequenceLength).fill(padId);
  const attentionMask = new Int32Array(batchSize * sequenceLength);
  rows.forEach((row, i) => {
    inputIds.set(row, i * sequenceLength);
    attentionMask.fill(1, i * sequenceLength, i * sequenceLength + row.length);
  });
  return { batchSize, sequenceLength, inputIds, attentionMask, tokenTypeIds: new Int32Array(batchSize * sequenceLength) };
}
