/**
 * WordPiece (Schuster & Nakajima, 2012; as used by BERT, Devlin et al., 2019): greedy
 * longest-match-first segmentation of one word into vocabulary pieces, continuation pieces
 * carrying a `##` prefix.
 */

/** Vocabulary lookups and limits for {@link wordpieceTokenize}. */
export interface WordpieceOptions {
  /** token → id */
  readonly vocab: ReadonlyMap<string, number>;
  /** The token a word becomes when it cannot be segmented, e.g. `[UNK]`. */
  readonly unkToken: string;
  /** Prefix of non-initial pieces; `##` in every BERT vocabulary. */
  readonly continuingSubwordPrefix: string;
  /** Words longer than this (in Unicode code points) become `unkToken` whole; BERT uses 100. */
  readonly maxInputCharsPerWord: number;
}

/**
 * Segments one word (already basic-tokenized: no spaces, no punctuation inside).
 * @returns the pieces; `[unkToken]` when any part of the word has no match (BERT does not
 *   keep the matched prefix in that case). Never throws.
 */
export function wordpieceTokenize(word: string, options: WordpieceOptions): string[] {
  const chars = Array.from(word);
  if (chars.length > options.maxInputCharsPerWord) return [options.unkToken];
  const pieces: string[] = [];
  let start = 0;
  while (start < chars.length) {
    let end = chars.length;
    let match: string | undefined;
    while (start < end) {
      let candidate = chars.slice(start, end).join("");
      if (start > 0) candidate = options.continuingSubwordPrefix + candidate;
      if (options.vocab.has(candidate)) {
        match = candidate;
        break;
      }
      end--;
    }
    if (match === undefined) return [options.unkToken];
    pieces.push(match);
    start = end;
  }
  return pieces;
}
