/**
 * Generates the tiny BERT test model: bert-base-uncased's real 30,522-token vocabulary with a
 * 2-layer, 32-wide, 2-head encoder of seeded random weights, in the Hugging Face export layout
 * (`config.json`, `vocab.txt`, `tokenizer_config.json`, `model.onnx`). Nothing is downloaded.
 *
 *   npx tsx packages/model/scripts/make-tiny-bert.ts [outDir]
 *
 * Tests call {@link ensureTinyBert}, so a fresh clone generates it on first use (~1 s). The
 * output folder carries its own `.gitignore` (`*`, as pytest does for its cache), so git ignores
 * it wherever it is written: never commit generated weights.
 */
import { randomBytes } from "node:crypto";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { bertBaseUncasedVocab } from "../src/tokenizer/bert-base-uncased-vocab.js";
import { tinyBertOnnx } from "./tiny-bert-graph.js";
import { tinyBertWeights, type BertArchitecture } from "./tiny-bert-weights.js";

/** The tiny model's architecture. */
export const TINY_BERT: BertArchitecture = {
  vocabSize: 30522,
  hiddenSize: 32,
  numLayers: 2,
  numHeads: 2,
  intermediateSize: 64,
  maxPositions: 128,
  typeVocabSize: 2,
  layerNormEps: 1e-12,
};

/** The PRNG seed of the tiny model's weights. */
export const TINY_BERT_SEED = 20240229;

/** Bumped whenever the generator's output changes, so stale folders are regenerated. */
const GENERATOR_VERSION = 1;

/** `packages/model/fixtures/generated/tiny-bert`. */
export const DEFAULT_TINY_BERT_DIR = fileURLToPath(new URL("../fixtures/generated/tiny-bert", import.meta.url));

/** The `config.json` a Hugging Face BertModel export would carry, plus the generator's stamp. */
function configJson(arch: BertArchitecture, seed: number): Record<string, unknown> {
  return {
    architectures: ["BertModel"],
    model_type: "bert",
    vocab_size: arch.vocabSize,
    hidden_size: arch.hiddenSize,
    num_hidden_layers: arch.numLayers,
    num_attention_heads: arch.numHeads,
    intermediate_size: arch.intermediateSize,
    hidden_act: "gelu",
    max_position_embeddings: arch.maxPositions,
    type_vocab_size: arch.typeVocabSize,
    layer_norm_eps: arch.layerNormEps,
    pad_token_id: 0,
    tributary_generator: { name: "make-tiny-bert", version: GENERATOR_VERSION, seed },
  };
}

/** Writes every file of the model into a fresh sibling of `dir`. @returns the staging folder */
async function writeStaging(dir: string, seed: number): Promise<string> {
  const staging = `${dir}.tmp-${process.pid}-${randomBytes(4).toString("hex")}`;
  await mkdir(staging, { recursive: true });
  try {
    await writeFile(path.join(staging, ".gitignore"), "*\n");
    const vocab = bertBaseUncasedVocab();
    await writeFile(path.join(staging, "vocab.txt"), vocab.join("\n") + "\n");
    await writeFile(
      path.join(staging, "tokenizer_config.json"),
      JSON.stringify({ do_lower_case: true, model_max_length: TINY_BERT.maxPositions, tokenizer_class: "BertTokenizer" }, null, 2),
    );
    await writeFile(path.join(staging, "model.onnx"), tinyBertOnnx(TINY_BERT, tinyBertWeights(TINY_BERT, seed)));
    await writeFile(path.join(staging, "config.json"), JSON.stringify(configJson(TINY_BERT, seed), null, 2));
    return staging;
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
}

/**
 * Moves `staging` to `dir` with renames only, so a reader sees the old folder or the new one,
 * never a half-written one. When `dir` exists it is kept if `keepCurrent` and it is already
 * current (another process won the race), else moved aside and deleted.
 */
async function install(staging: string, dir: string, seed: number, keepCurrent: boolean): Promise<void> {
  try {
    await rename(staging, dir);
    return;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== "ENOTEMPTY" && code !== "EEXIST") throw error;
  }
  if (keepCurrent && (await isCurrent(dir, seed))) {
    await rm(staging, { recursive: true, force: true });
    return;
  }
  const old = `${dir}.old-${process.pid}-${randomBytes(4).toString("hex")}`;
  await rename(dir, old).catch(() => undefined);
  await rename(staging, dir);
  await rm(old, { recursive: true, force: true });
}

/**
 * Writes the model folder at `dir`, replacing whatever is there.
 * @returns `dir`
 */
export async function makeTinyBert(dir: string = DEFAULT_TINY_BERT_DIR, seed: number = TINY_BERT_SEED): Promise<string> {
  await mkdir(path.dirname(dir), { recursive: true });
  await install(await writeStaging(dir, seed), dir, seed, false);
  return dir;
}

async function isCurrent(dir: string, seed: number): Promise<boolean> {
  try {
    const config = JSON.parse(await readFile(path.join(dir, "config.json"), "utf8")) as { tributary_generator?: { version?: number; seed?: number } };
    return config.tributary_generator?.version === GENERATOR_VERSION && config.tributary_generator.seed === seed;
  } catch {
    return false;
  }
}

/**
 * Returns `dir` holding the current tiny model, generating it when missing or stale. Safe when
 * several test processes race: each writes its own staging folder, the first rename wins and the
 * others keep the winner's folder rather than replacing it under a reader.
 */
export async function ensureTinyBert(dir: string = DEFAULT_TINY_BERT_DIR, seed: number = TINY_BERT_SEED): Promise<string> {
  if (await isCurrent(dir, seed)) return dir;
  await mkdir(path.dirname(dir), { recursive: true });
  await install(await writeStaging(dir, seed), dir, seed, true);
  return dir;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const out = await makeTinyBert(process.argv[2] ? path.resolve(process.argv[2]) : DEFAULT_TINY_BERT_DIR);
  console.log(`wrote ${out}`);
}
