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

/**
 * Writes the model folder at `dir`, replacing it. The files are first written to a sibling
 * temporary folder and renamed into place, so a reader never sees a half-written model.
 * @returns `dir`
 */
export async function makeTinyBert(dir: string = DEFAULT_TINY_BERT_DIR, seed: number = TINY_BERT_SEED): Promise<string> {
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
    await rm(dir, { recursive: true, force: true });
    await rename(staging, dir);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
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
 * several test processes race: each writes its own staging folder and one rename wins.
 */
export async function ensureTinyBert(dir: string = DEFAULT_TINY_BERT_DIR, seed: number = TINY_BERT_SEED): Promise<string> {
  if (await isCurrent(dir, seed)) return dir;
  try {
    await makeTinyBert(dir, seed);
  } catch (error) {
    // Another process may have renamed its copy into place between our rm and rename.
    if (!(await isCurrent(dir, seed))) throw error;
  }
  return dir;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const out = await makeTinyBert(process.argv[2] ? path.resolve(process.argv[2]) : DEFAULT_TINY_BERT_DIR);
  console.log(`wrote ${out}`);
}
