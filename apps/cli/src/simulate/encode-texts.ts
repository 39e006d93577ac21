import path from "node:path";
import { CachedEncoder, UniversalSentenceEncoder, type TextEncoder } from "@tributary/model";
import type { Progress } from "./progress.js";

/** Texts per encoder call: each chunk reaches the on-disk cache before the next starts, so an interrupted first run keeps its progress. */
const CHUNK = 500;

/**
 * Runs `use` with `encoder` when one is given (tests; it is not disposed), else
 * with the embedded default encoder behind the on-disk cache
 * (`<cacheDir>/embeddings`), disposed when `use` settles.
 * @throws whatever loading the encoder or `use` throws
 */
export async function withTextEncoder<T>(options: { readonly cacheDir: string; readonly encoder?: TextEncoder }, use: (encoder: TextEncoder) => Promise<T>): Promise<T> {
  if (options.encoder) return use(options.encoder);
  const encoder = new CachedEncoder(await UniversalSentenceEncoder.load(), { dir: path.join(options.cacheDir, "embeddings") });
  try {
    return await use(encoder);
  } finally {
    await encoder.dispose();
  }
}

/**
 * Encodes `texts` chunk by chunk into one row-major matrix (texts.length ×
 * encoder.dimension), updating `progress` (when given) with the texts done.
 * @throws whatever the encoder throws
 */
export async function encodeInChunks(encoder: TextEncoder, texts: readonly string[], progress?: Progress): Promise<Float32Array> {
  const dim = encoder.dimension;
  const out = new Float32Array(texts.length * dim);
  for (let start = 0; start < texts.length; start += CHUNK) {
    const vectors = await encoder.encode(texts.slice(start, start + CHUNK));
    vectors.forEach((v, i) => out.set(v, (start + i) * dim));
    progress?.update(Math.min(texts.length, start + CHUNK));
  }
  return out;
}
