/**
 * Encoder-side figures for `npm run bench:model` (issue 4 item 4): texts/s at batch 32 for the
 * ONNX BERT encoder on the generated tiny BERT and for the embedded default encoder (USE lite),
 * each beside baselines from the same run: batch 1 (what batching buys), tokenization alone
 * (the preprocessing floor), and cache hits (what a catalog re-encode costs once cached).
 */
import { spawnSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { CachedEncoder, OnnxBertEncoder, UniversalSentenceEncoder, type TextEncoder } from "@tributary/model";

/** One measured figure: `name` for the table, `key` for the closing JSON line (as model-heads.ts). */
export interface EncoderFigure {
  key: string;
  name: string;
  value: number;
  unit: string;
}

const WORDS = (
  "story love war night city space dark last house return king lost man woman girl boy day world life " +
  "time dead blood star game river road family secret summer winter island dream fire ghost heart " +
  "comedy drama thriller adventure animation romance crime documentary horror musical western mystery"
).split(" ");

/** Deterministic catalog-like texts: a title, a year, genres (MovieLens-shaped, 8–16 words). */
export function catalogTexts(count: number, seed = 1): string[] {
  let state = seed >>> 0;
  const next = (n: number): number => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state % n;
  };
  return Array.from({ length: count }, () => {
    const title = Array.from({ length: 3 + next(6) }, () => WORDS[next(WORDS.length)]).join(" ");
    const genres = Array.from({ length: 1 + next(3) }, () => WORDS[WORDS.length - 1 - next(12)]).join("|");
    return `The ${title} (${1950 + next(70)}) ${genres} about a ${WORDS[next(WORDS.length)]} and a ${WORDS[next(WORDS.length)]}`;
  });
}

/** Texts/s over `texts` in batches of `batchSize`, after one warm-up batch. */
async function textsPerSecond(encoder: TextEncoder, texts: string[], batchSize: number): Promise<number> {
  await encoder.encode(texts.slice(0, batchSize));
  const start = performance.now();
  for (let i = 0; i < texts.length; i += batchSize) await encoder.encode(texts.slice(i, i + batchSize));
  return texts.length / ((performance.now() - start) / 1000);
}

/** Generates the tiny BERT with the model package's own script (its documented CLI) into `dir`. */
function generateTinyBert(dir: string): void {
  const script = fileURLToPath(new URL("../../packages/model/scripts/make-tiny-bert.ts", import.meta.url));
  const run = spawnSync("npx", ["tsx", script, dir], { encoding: "utf8" });
  if (run.status !== 0) throw new Error(`make-tiny-bert failed: ${run.stderr}`);
}

/** The encoder figures; every figure is texts/s. @throws Error when an encoder cannot load */
export async function benchEncoders(): Promise<EncoderFigure[]> {
  const scratch = await mkdtemp(path.join(os.tmpdir(), "tributary-bench-encoders-"));
  const figures: EncoderFigure[] = [];
  const add = (key: string, name: string, value: number): void => void figures.push({ key, name, value, unit: "texts/s" });
  try {
    const modelDir = path.join(scratch, "tiny-bert");
    generateTinyBert(modelDir);
    const onnx = await OnnxBertEncoder.fromFolder(modelDir);
    const texts = catalogTexts(1024);
    const tokenizeStart = performance.now();
    for (const t of texts) onnx.tokenizer.encode(t);
    add("bertTokenizerTextsPerSec", "BERT WordPiece tokenization alone", texts.length / ((performance.now() - tokenizeStart) / 1000));
    add("onnxTinyBertTextsPerSecBatch32", "ONNX tiny BERT, batch 32", await textsPerSecond(onnx, texts, 32));
    add("onnxTinyBertTextsPerSecBatch1", "ONNX tiny BERT, batch 1 (baseline)", await textsPerSecond(onnx, texts.slice(0, 256), 1));
    await onnx.dispose();

    const use = await UniversalSentenceEncoder.load();
    add("defaultEncoderTextsPerSecBatch32", "default encoder (USE lite), batch 32", await textsPerSecond(use, texts.slice(0, 320), 32));
    add("defaultEncoderTextsPerSecBatch1", "default encoder (USE lite), batch 1 (baseline)", await textsPerSecond(use, texts.slice(0, 64), 1));
    const cached = new CachedEncoder(use, { dir: path.join(scratch, "cache") });
    await cached.encode(texts.slice(0, 320));
    add("cachedDefaultEncoderHitTextsPerSecBatch32", "default encoder, all cache hits, batch 32", await textsPerSecond(cached, texts.slice(0, 320), 32));
    await cached.dispose();
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
  return figures;
}
