import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { bertBaseUncasedVocab } from "./bert-base-uncased-vocab.js";
import { loadBertTokenizer } from "./load-bert-tokenizer.js";

const vocab = bertBaseUncasedVocab();
const dirs: string[] = [];

async function folder(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "tributary-tok-"));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) await writeFile(path.join(dir, name), text);
  return dir;
}

afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

const vocabTxt = vocab.join("\n") + "\n";
const tokenizerJson = JSON.stringify({
  truncation: null,
  padding: null,
  normalizer: { type: "BertNormalizer", clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true },
  pre_tokenizer: { type: "BertPreTokenizer" },
  post_processor: { type: "TemplateProcessing" },
  model: {
    type: "WordPiece",
    unk_token: "[UNK]",
    continuing_subword_prefix: "##",
    max_input_chars_per_word: 100,
    vocab: Object.fromEntries(vocab.map((t, i) => [t, i])),
  },
});

describe("loadBertTokenizer", () => {
  it("reads vocab.txt with tokenizer_config.json and caps maxLength by config.json", async () => {
    const dir = await folder({
      "vocab.txt": vocabTxt,
      "tokenizer_config.json": JSON.stringify({ do_lower_case: true, model_max_length: 1e30 }),
      "config.json": JSON.stringify({ max_position_embeddings: 64 }),
    });
    const tokenizer = await loadBertTokenizer(dir);
    expect(tokenizer.maxLength).toBe(64);
    expect(tokenizer.encode("Héllo, WORLD!")).toEqual([101, 7592, 1010, 2088, 999, 102]);
    expect((await loadBertTokenizer(dir, { maxLength: 16 })).maxLength).toBe(16);
  });

  it("reads tokenizer.json the same way", async () => {
    const dir = await folder({ "tokenizer.json": tokenizerJson });
    const tokenizer = await loadBertTokenizer(dir);
    expect(tokenizer.maxLength).toBe(512);
    expect(tokenizer.encode("unbelievably 中国")).toEqual([101, 4895, 8671, 2666, 3567, 6321, 1746, 1799, 102]);
  });

  it("honours do_lower_case: false", async () => {
    const dir = await folder({ "vocab.txt": vocabTxt, "tokenizer_config.json": JSON.stringify({ do_lower_case: false }) });
    expect((await loadBertTokenizer(dir)).tokenize("Hello")).toEqual(["[UNK]"]);
  });

  it("throws on a folder without tokenizer files, or a non-WordPiece tokenizer.json", async () => {
    await expect(loadBertTokenizer(await folder({}))).rejects.toThrow(/no tokenizer.json or vocab.txt/);
    const bpe = await folder({ "tokenizer.json": JSON.stringify({ model: { type: "BPE", vocab: {} } }) });
    await expect(loadBertTokenizer(bpe)).rejects.toThrow(/WordPiece/);
  });
});
