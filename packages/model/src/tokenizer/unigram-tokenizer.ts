/**
 * SentencePiece's unigram-model segmentation (Kudo, 2018, "Subword Regularization"; Kudo &
 * Richardson, 2018): the Viterbi path maximising the summed log-probabilities of the pieces.
 * Used by the Universal Sentence Encoder lite, whose vocabulary is a list of [piece, score].
 */

/** A unigram vocabulary: index = id, `[piece, log-probability]`. */
export type UnigramVocab = readonly (readonly [string, number])[];

/** Options for {@link UnigramTokenizer}. */
export interface UnigramTokenizerOptions {
  /** Ids below this are control symbols (`<unk>`, `<s>`, …) that text never matches. Default 6 (USE lite). */
  readonly reservedIds?: number;
  /** The id of unknown characters. Default 0. */
  readonly unkId?: number;
}

const WORD_START = "\u2581";
/** SentencePiece scores an unknown character this far below the worst piece. */
const UNK_PENALTY = 10;

interface TrieNode {
  readonly children: Map<string, TrieNode>;
  id: number;
}

/** SentencePiece-style unigram tokenizer. Immutable after construction. */
export class UnigramTokenizer {
  private readonly root: TrieNode = { children: new Map(), id: -1 };
  private readonly scores: Float64Array;
  private readonly unkId: number;
  private readonly unkScore: number;

  constructor(vocab: UnigramVocab, options: UnigramTokenizerOptions = {}) {
    const reserved = options.reservedIds ?? 6;
    this.unkId = options.unkId ?? 0;
    this.scores = Float64Array.from(vocab, ([, score]) => score);
    let minScore = 0;
    vocab.forEach(([piece, score], id) => {
      if (id < reserved || piece === "") return;
      minScore = Math.min(minScore, score);
      let node = this.root;
      for (const ch of piece) {
        let next = node.children.get(ch);
        if (!next) node.children.set(ch, (next = { children: new Map(), id: -1 }));
        node = next;
      }
      node.id = id;
    });
    this.unkScore = minScore - UNK_PENALTY;
  }

  /**
   * SentencePiece's default normalization (NFKC, whitespace runs collapsed, trimmed) with `▁`
   * marking word starts. Returns "" for text without visible characters.
   */
  static normalize(text: string): string {
    const collapsed = text.normalize("NFKC").replace(/\s+/gu, " ").trim();
    return collapsed === "" ? "" : WORD_START + collapsed.replaceAll(" ", WORD_START);
  }

  /** Piece ids of `text`; consecutive unknown characters become one unk id. `[]` for blank text. */
  encode(text: string): number[] {
    const chars = Array.from(UnigramTokenizer.normalize(text));
    const n = chars.length;
    const best = new Float64Array(n + 1).fill(-Infinity);
    const pieceAt = new Int32Array(n + 1).fill(-1);
    const startAt = new Int32Array(n + 1);
    best[0] = 0;
    for (let i = 0; i < n; i++) {
      if (best[i] === -Infinity) continue;
      let node: TrieNode | undefined = this.root;
      let coveredOne = false;
      for (let j = i; j < n && node; j++) {
        node = node.children.get(chars[j]!);
        if (!node || node.id < 0) continue;
        if (j === i) coveredOne = true;
        const score = best[i]! + this.scores[node.id]!;
        if (score > best[j + 1]!) {
          best[j + 1] = score;
          pieceAt[j + 1] = node.id;
          startAt[j + 1] = i;
        }
      }
      // A character no piece starts with can only be crossed as unknown.
      if (!coveredOne && best[i]! + this.unkScore > best[i + 1]!) {
        best[i + 1] = best[i]! + this.unkScore;
        pieceAt[i + 1] = this.unkId;
        startAt[i + 1] = i;
      }
    }
    const ids: number[] = [];
    for (let end = n; end > 0; end = startAt[end]!) {
      const id = pieceAt[end]!;
      if (!(id === this.unkId && ids.at(-1) === this.unkId)) ids.push(id);
    }
    return ids.reverse();
  }
}
