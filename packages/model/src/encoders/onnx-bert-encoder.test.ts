import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureTinyBert, makeTinyBert, TINY_BERT } from "../../scripts/make-tiny-bert.js";
import { OnnxBertEncoder } from "./onnx-bert-encoder.js";
import { textEncoderContract } from "./text-encoder-contract.js";
import { bertReferenceForward } from "./testing/bert-reference-forward.js";
import { readOnnxInitializers } from "./testing/read-onnx-initializers.js";

textEncoderContract("OnnxBertEncoder (tiny BERT)", async () => OnnxBertEncoder.fromFolder(await ensureTinyBert()));

const maxAbsDiff = (x: ArrayLike<number>, y: ArrayLike<number>): number =>
  Array.from(x).reduce((m, v, i) => Math.max(m, Math.abs(v - (y[i] ?? NaN))), 0);

describe("OnnxBertEncoder on the tiny BERT", () => {
  let dir: string;
  let encoder: OnnxBertEncoder;
  const scratch: string[] = [];
  beforeAll(async () => {
    dir = await ensureTinyBert();
    encoder = await OnnxBertEncoder.fromFolder(dir, { batchSize: 4 });
  });
  afterAll(async () => {
    await encoder.dispose();
    for (const d of scratch) await rm(d, { recursive: true, force: true });
  });
  const tempDir = async (): Promise<string> => {
    const d = await mkdtemp(path.join(os.tmpdir(), "tributary-bert-"));
    scratch.push(d);
    return d;
  };

  it("matches an independent plain-TypeScript BERT forward pass (max abs error ≤ 1e-4)", async () => {
    const weights = await readOnnxInitializers(path.join(dir, "model.onnx"));
    const config = { hiddenSize: TINY_BERT.hiddenSize, numLayers: TINY_BERT.numLayers, numHeads: TINY_BERT.numHeads, layerNormEps: TINY_BERT.layerNormEps };
    const texts = [
      "hello world",
      "Unbelievably, the café served 中国 tea!",
      "a",
      "the quick brown fox jumps over the lazy dog again and again",
      Array.from({ length: 200 }, (_, i) => `token${i}`).join(" "), // truncated at 128 positions
      "",
    ];
    const cls = await OnnxBertEncoder.fromFolder(dir, { pooling: "cls", batchSize: 3 });
    const [meanRows, clsRows] = [await encoder.encode(texts), await cls.encode(texts)];
    await cls.dispose();
    let worst = 0;
    texts.forEach((text, i) => {
      const ids = encoder.tokenizer.encode(text);
      const states = bertReferenceForward(weights, config, ids);
      const mean = new Float64Array(config.hiddenSize);
      for (const s of states) s.forEach((v, k) => (mean[k]! += v / states.length));
      worst = Math.max(worst, maxAbsDiff(meanRows[i]!, mean), maxAbsDiff(clsRows[i]!, states[0]!));
    });
    expect(encoder.tokenizer.encode(texts[4]!)).toHaveLength(TINY_BERT.maxPositions);
    expect(worst).toBeLessThanOrEqual(1e-4);
  });

  it("loads the onnx/model.onnx + tokenizer.json layout to the same vectors", async () => {
    const other = await tempDir();
    await mkdir(path.join(other, "onnx"));
    await cp(path.join(dir, "model.onnx"), path.join(other, "onnx", "model.onnx"));
    await cp(path.join(dir, "config.json"), path.join(other, "config.json"));
    const vocab = (await readFile(path.join(dir, "vocab.txt"), "utf8")).split("\n").slice(0, -1);
    await writeFile(
      path.join(other, "tokenizer.json"),
      JSON.stringify({
        normalizer: { type: "BertNormalizer", lowercase: true, strip_accents: null, clean_text: true, handle_chinese_chars: true },
        model: { type: "WordPiece", unk_token: "[UNK]", continuing_subword_prefix: "##", max_input_chars_per_word: 100, vocab: Object.fromEntries(vocab.map((t, i) => [t, i])) },
      }),
    );
    const moved = await OnnxBertEncoder.fromFolder(other);
    const texts = ["Héllo, WORLD!", "unbelievably 中国"];
    const [a, b] = [await encoder.encode(texts), await moved.encode(texts)];
    await moved.dispose();
    a.forEach((row, i) => expect(maxAbsDiff(row, b[i]!)).toBeLessThan(1e-6));
  });

  it("changes its id with pooling, normalization, max length and weights", async () => {
    const variants = [
      await OnnxBertEncoder.fromFolder(dir, { pooling: "cls" }),
      await OnnxBertEncoder.fromFolder(dir, { normalize: true }),
      await OnnxBertEncoder.fromFolder(dir, { maxLength: 64 }),
      await OnnxBertEncoder.fromFolder(await makeTinyBert(path.join(await tempDir(), "reseeded"), 7)),
    ];
    const ids = new Set([encoder.id, ...variants.map((v) => v.id)]);
    const [normalized] = await variants[1]!.encode(["hello"]);
    for (const v of variants) await v.dispose();
    expect(ids.size).toBe(5);
    expect(Math.hypot(...normalized!)).toBeCloseTo(1, 5);
  });

  it("falls back from CUDA to CPU with one log line when CUDA is unavailable", async () => {
    const lines: string[] = [];
    const cuda = await OnnxBertEncoder.fromFolder(dir, { device: "cuda", log: (l) => lines.push(l) });
    const [x] = await cuda.encode(["hello world"]);
    await cuda.dispose();
    const [y] = await encoder.encode(["hello world"]);
    if (cuda.device === "cpu") {
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^\[model\] ONNX Runtime: CUDA unavailable, running on CPU \(.+\)$/);
    } else {
      expect(lines).toEqual([]);
    }
    expect(maxAbsDiff(x!, y!)).toBeLessThan(1e-4);
  });

  it("generates the tiny BERT once for concurrent callers, each seeing a complete folder", async () => {
    const target = path.join(await tempDir(), "fresh", "tiny-bert");
    const dirs = await Promise.all([ensureTinyBert(target), ensureTinyBert(target), ensureTinyBert(target)]);
    expect(new Set(dirs)).toEqual(new Set([target]));
    const fresh = await OnnxBertEncoder.fromFolder(target);
    expect(fresh.id).toBe(encoder.id);
    await fresh.dispose();
    expect((await readdir(path.dirname(target))).sort()).toEqual(["tiny-bert"]);
  });

  it("throws on a folder without a model", async () => {
    const empty = await tempDir();
    await expect(OnnxBertEncoder.fromFolder(empty)).rejects.toThrow(/no model.onnx/);
  });
});
