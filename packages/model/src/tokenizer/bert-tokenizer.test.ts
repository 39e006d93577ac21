import { describe, expect, it } from "vitest";
import { bertBaseUncasedVocab } from "./bert-base-uncased-vocab.js";
import { BertTokenizer } from "./bert-tokenizer.js";

/*
 * Expected ids are bert-base-uncased's. 101/102 ([CLS]/[SEP]), 100 ([UNK]), 7592 "hello",
 * 2088 "world", 1010 ",", 999 "!", 2123 "don", 1005 "'", 1056 "t", 2015 "##s" and 1746 "中" are
 * widely published (e.g. the Hugging Face docs' "hello world" → [101, 7592, 2088, 102]); the rest
 * equal the token's line in Google's vocab.txt, which is its position in bert-tokenizer's
 * assets/vocab.json (checked: that file keeps Google's order, `▁x` for word starts).
 */
const vocab = bertBaseUncasedVocab();
const uncased = new BertTokenizer({ vocab: new Map(vocab.map((t, i) => [t, i])), lowerCase: true, maxLength: 512 });

describe("bertBaseUncasedVocab", () => {
  it("puts specials and pieces on their bert-base-uncased ids", () => {
    expect(vocab).toHaveLength(30522);
    expect([vocab[0], vocab[1], vocab[100], vocab[101], vocab[102], vocab[103], vocab[998]]).toEqual([
      "[PAD]", "[unused0]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "[unused993]",
    ]);
    expect([vocab[999], vocab[1010], vocab[1996], vocab[2015], vocab[7592], vocab[30521]]).toEqual([
      "!", ",", "the", "##s", "hello", "##～",
    ]);
  });
});

describe("BertTokenizer (bert-base-uncased)", () => {
  it("encodes hello world with [CLS]/[SEP]", () => {
    expect(uncased.encode("hello world")).toEqual([101, 7592, 2088, 102]);
  });

  it("splits an unseen word greedily into ## pieces", () => {
    expect(uncased.tokenize("unbelievably")).toEqual(["un", "##bel", "##ie", "##va", "##bly"]);
    expect(uncased.encode("unbelievably")).toEqual([101, 4895, 8671, 2666, 3567, 6321, 102]);
  });

  it("lower-cases, strips accents and splits punctuation", () => {
    expect(uncased.encode("Héllo, WORLD!")).toEqual([101, 7592, 1010, 2088, 999, 102]);
    expect(uncased.encode("don't")).toEqual([101, 2123, 1005, 1056, 102]);
    expect(uncased.tokenize("naïve café")).toEqual(["naive", "cafe"]);
    // BERT counts ASCII $ ^ ` as punctuation although Unicode does not.
    expect(uncased.tokenize("$5^2`x")).toEqual(["$", "5", "^", "2", "`", "x"]);
  });

  it("splits CJK ideographs into single characters, even without spaces", () => {
    expect(uncased.encode("hello中国")).toEqual([101, 7592, 1746, 1799, 102]);
    // 爱 (simplified) is not in bert-base-uncased's vocabulary.
    expect(uncased.tokenize("我爱北京")).toEqual(["我", "[UNK]", "北", "京"]);
    // Kana are not CJK ideographs: one word, WordPiece'd.
    expect(uncased.tokenize("こんにちは")).toEqual(["こ", "##ん", "##に", "##ち", "##は"]);
  });

  it("cleans control characters and treats all whitespace alike", () => {
    expect(uncased.tokenize("a\tb\u00a0c\u0000d\n\r")).toEqual(["a", "b", "cd"]);
    expect(uncased.encode(" \u200b\t")).toEqual([101, 102]);
  });

  it("maps unknown characters and words over 100 characters to [UNK]", () => {
    expect(uncased.encode("🤗")).toEqual([101, 100, 102]);
    expect(uncased.tokenize("a".repeat(101))).toEqual(["[UNK]"]);
    expect(uncased.tokenize("a".repeat(100))).not.toEqual(["[UNK]"]);
  });

  it("treats a typed special token as text", () => {
    expect(uncased.tokenize("[SEP]")).toEqual(["[", "sep", "]"]);
  });

  it("truncates to maxLength, keeping [SEP] last", () => {
    const short = new BertTokenizer({ vocab: new Map(vocab.map((t, i) => [t, i])), lowerCase: true, maxLength: 5 });
    expect(short.encode("the the the the the the")).toEqual([101, 1996, 1996, 1996, 102]);
  });

  it("pads a batch to its longest row with an attention mask", () => {
    const batch = uncased.encodeBatch(["hello world", "hello"]);
    expect(batch.sequenceLength).toBe(4);
    expect(Array.from(batch.inputIds)).toEqual([101, 7592, 2088, 102, 101, 7592, 102, 0]);
    expect(Array.from(batch.attentionMask)).toEqual([1, 1, 1, 1, 1, 1, 1, 0]);
    expect(Array.from(batch.tokenTypeIds)).toEqual(new Array(8).fill(0));
    expect(uncased.encodeBatch([])).toMatchObject({ batchSize: 0, sequenceLength: 0 });
  });

  it("keeps case and accents when configured cased", () => {
    const cased = new BertTokenizer({ vocab: new Map([...["[UNK]", "[CLS]", "[SEP]", "[PAD]", "Héllo", "hello"].entries()].map(([i, t]) => [t, i])), lowerCase: false, maxLength: 16 });
    expect(cased.tokenize("Héllo hello HELLO")).toEqual(["Héllo", "hello", "[UNK]"]);
  });

  it("rejects a vocabulary without its special tokens", () => {
    expect(() => new BertTokenizer({ vocab: new Map([["a", 0]]), lowerCase: true, maxLength: 8 })).toThrow(/\[UNK\]/);
  });
});
