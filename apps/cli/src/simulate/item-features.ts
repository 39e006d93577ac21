import type { Item } from "@tributary/datasets";
import type { TextEncoder } from "@tributary/model";
import { encodeInChunks, withTextEncoder } from "./encode-texts.js";
import { fitPrincipalComponents, projectRows, type PrincipalComponents } from "./principal-components.js";
import { startProgress } from "./progress.js";

/** The catalog as the models see it: item i of `ids` has row i in both matrices. */
export interface ItemFeatures {
  readonly ids: readonly string[];
  readonly indexOf: ReadonlyMap<string, number>;
  /** The encoder's vectors (count×rawDim), for zero-shot similarity. */
  readonly raw: Float32Array;
  readonly rawDim: number;
  /** The projected vectors (count×dim) the ranking head reads. */
  readonly vectors: Float32Array;
  readonly dim: number;
  readonly projection: PrincipalComponents;
  /** The encoder's id (content hash). */
  readonly encoderId: string;
}

/** Options of {@link encodeCatalog}. */
export interface EncodeCatalogOptions {
  readonly items: readonly Item[];
  /** Embedding cache root (a folder under the datasets cache). */
  readonly cacheDir: string;
  /** Dimensions kept by the projection. */
  readonly dim: number;
  readonly seed: number;
  readonly quiet?: boolean;
  /** An encoder to use instead of the default (tests); it is not disposed. */
  readonly encoder?: TextEncoder;
}

/**
 * Encodes every item's text with the embedded default encoder behind the
 * on-disk cache (`<cacheDir>/embeddings`; see encode-texts.ts), then fits and
 * applies the principal-component projection.
 * @throws whatever the encoder throws
 */
export async function encodeCatalog(options: EncodeCatalogOptions): Promise<ItemFeatures> {
  return withTextEncoder(options, async (encoder) => {
    const rawDim = encoder.dimension;
    const progress = startProgress(`encoding ${options.items.length} items`, options.items.length, { quiet: options.quiet });
    const raw = await encodeInChunks(encoder, options.items.map((item) => item.text), progress);
    const projection = fitPrincipalComponents(raw, rawDim, Math.min(options.dim, rawDim), options.seed);
    progress.finish(`${rawDim}-d → ${projection.dim}-d keeps ${(projection.explained * 100).toFixed(0)}% of the variance`);
    const ids = options.items.map((item) => item.itemId);
    return {
      ids,
      indexOf: new Map(ids.map((id, i) => [id, i])),
      raw,
      rawDim,
      vectors: projectRows(projection, raw),
      dim: projection.dim,
      projection,
      encoderId: encoder.id,
    };
  });
}
