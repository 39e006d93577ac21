import type { TextEncoder } from "@tributary/model";
import { encodeInChunks, withTextEncoder } from "../encode-texts.js";
import { startProgress } from "../progress.js";

/** The encoder's view of a text stream: one vector per record and one per class name. */
export interface TextFeatures {
  /** Record vectors (n×dim, row-major), in stream order. */
  readonly x: Float32Array;
  readonly dim: number;
  /** Class-name vectors (classes×dim), for zero-shot classification. */
  readonly classVectors: Float32Array;
  /** The encoder's id (content hash). */
  readonly encoderId: string;
}

/** Options of {@link encodeTextStream}. */
export interface EncodeTextStreamOptions {
  readonly texts: readonly string[];
  readonly classes: readonly string[];
  /** Embedding cache root (a folder under the datasets cache). */
  readonly cacheDir: string;
  readonly quiet?: boolean;
  /** An encoder to use instead of the cached default (tests); it is not disposed. */
  readonly encoder?: TextEncoder;
}

/**
 * Encodes every record and every class name with the encoder the ranking path
 * uses (the embedded default behind the on-disk cache, see encode-texts.ts).
 * The vectors are used as they are: a classification head reads the encoder's
 * full dimension.
 * @throws whatever the encoder throws
 */
export async function encodeTextStream(options: EncodeTextStreamOptions): Promise<TextFeatures> {
  return withTextEncoder(options, async (encoder) => {
    const progress = startProgress(`encoding ${options.texts.length} texts`, options.texts.length, { quiet: options.quiet });
    const x = await encodeInChunks(encoder, options.texts, progress);
    const classVectors = await encodeInChunks(encoder, options.classes);
    progress.finish(`${encoder.dimension}-d`);
    return { x, dim: encoder.dimension, classVectors, encoderId: encoder.id };
  });
}

/** The vectors of `records` (records.length × dim, row-major), copied in that order. */
export function textVectors(features: TextFeatures, records: ArrayLike<number>): Float32Array {
  const { dim } = features;
  const x = new Float32Array(records.length * dim);
  for (let k = 0; k < records.length; k++) x.set(features.x.subarray(records[k]! * dim, (records[k]! + 1) * dim), k * dim);
  return x;
}
