/**
 * BERT's BasicTokenizer (Devlin et al., 2019; google-research/bert `tokenization.py`, and the
 * `BertNormalizer` + `BertPreTokenizer` of Hugging Face tokenizers): clean the text, put spaces
 * around CJK ideographs, optionally lower-case and strip accents, then split on whitespace and
 * punctuation. WordPiece runs on each resulting word.
 */

/** How a BERT checkpoint normalizes text (its `do_lower_case` / `strip_accents` settings). */
export interface BasicTokenizeOptions {
  /** Lower-case every word (bert-base-uncased: true). */
  readonly lowerCase: boolean;
  /**
   * Drop combining marks after NFD decomposition. `undefined` follows `lowerCase`, as both the
   * original BERT code and Hugging Face do.
   */
  readonly stripAccents?: boolean | undefined;
}

const CONTROL = /\p{C}/u;
const SPACE_SEPARATOR = /\p{Zs}/u;
const PUNCTUATION = /\p{P}/u;
const NONSPACING_MARK = /\p{Mn}/gu;

/** BERT's `_is_whitespace`: space, tab, newline, carriage return and Unicode Zs. */
function isWhitespace(ch: string): boolean {
  return ch === " " || ch === "\t" || ch === "\n" || ch === "\r" || SPACE_SEPARATOR.test(ch);
}

/** BERT's `_is_control`: any Unicode C* category except the three whitespace controls. */
function isControl(ch: string): boolean {
  if (ch === "\t" || ch === "\n" || ch === "\r") return false;
  return CONTROL.test(ch);
}

/**
 * BERT's `_is_punctuation`: all non-letter/number ASCII symbols (`$`, `^`, `` ` `` are not
 * Unicode P* but BERT splits them anyway) and Unicode P*.
 */
function isPunctuation(ch: string): boolean {
  const cp = ch.codePointAt(0) ?? 0;
  if ((cp >= 33 && cp <= 47) || (cp >= 58 && cp <= 64) || (cp >= 91 && cp <= 96) || (cp >= 123 && cp <= 126)) {
    return true;
  }
  return PUNCTUATION.test(ch);
}

/**
 * BERT's `_is_chinese_char`: the CJK Unified Ideographs blocks only. Japanese kana and Korean
 * Hangul are not in them and are tokenized like any other letters.
 */
function isCjkIdeograph(cp: number): boolean {
  return (
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x20000 && cp <= 0x2a6df) ||
    (cp >= 0x2a700 && cp <= 0x2b73f) ||
    (cp >= 0x2b740 && cp <= 0x2b81f) ||
    (cp >= 0x2b820 && cp <= 0x2ceaf) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0x2f800 && cp <= 0x2fa1f)
  );
}

/** Removes NUL, U+FFFD and control characters; maps every whitespace character to a space. */
function cleanAndSpaceCjk(text: string): string {
  let out = "";
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    if (cp === 0 || cp === 0xfffd || isControl(ch)) continue;
    if (isWhitespace(ch)) out += " ";
    else if (isCjkIdeograph(cp)) out += ` ${ch} `;
    else out += ch;
  }
  return out;
}

function splitOnPunctuation(word: string): string[] {
  const pieces: string[] = [];
  let current = "";
  for (const ch of word) {
    if (isPunctuation(ch)) {
      if (current !== "") pieces.push(current);
      pieces.push(ch);
      current = "";
    } else {
      current += ch;
    }
  }
  if (current !== "") pieces.push(current);
  return pieces;
}

/**
 * Splits raw text into BERT's pre-WordPiece words.
 * @returns the words in order; an empty array for text with no visible characters. Never throws.
 */
export function basicTokenize(text: string, options: BasicTokenizeOptions): string[] {
  const stripAccents = options.stripAccents ?? options.lowerCase;
  const words: string[] = [];
  for (const raw of cleanAndSpaceCjk(text).split(/\s+/u)) {
    if (raw === "") continue;
    let word = options.lowerCase ? raw.toLowerCase() : raw;
    if (stripAccents) word = word.normalize("NFD").replace(NONSPACING_MARK, "");
    for (const piece of splitOnPunctuation(word)) words.push(piece);
  }
  return words;
}
