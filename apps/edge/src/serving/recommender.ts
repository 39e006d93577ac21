import type { EdgeEncoder } from "./edge-encoder.js";
import type { CatalogIndex } from "./catalog-index.js";
import type { FusionWeights, ServingSnapshot } from "./serving-snapshot.js";
import { topKIndices } from "./top-k.js";
import type { UserVectors } from "./user-vectors.js";
import type { PopularityPrior } from "./popularity-prior.js";

/** One ranked item with the parts of its fused score. */
export interface RankedItem {
  readonly id: string;
  readonly score: number;
  readonly global: number;
  readonly local: number;
  readonly popularity: number;
}

/** An answer, stamped with the model it came from. */
export interface RankedList {
  readonly version: number;
  readonly localRevision: number;
  readonly items: RankedItem[];
}

/** Options of {@link Recommender}. */
export interface RecommenderOptions {
  readonly index: CatalogIndex;
  readonly encoder: EdgeEncoder;
  readonly users: UserVectors;
  readonly popularity: PopularityPrior;
  readonly weights: FusionWeights;
  /** Candidates taken by similarity before ranking; default 100. */
  readonly candidates?: number;
  /** Query embeddings kept (LRU); default 10,000. */
  readonly queryCacheSize?: number;
}

/**
 * Search and recommendation: candidates by cosine similarity over the cached
 * catalog embeddings, then ranked by fusing the global model, the local
 * adapted copy and the popularity prior. Serves nothing until a snapshot is published.
 */
export class Recommender {
  private current: ServingSnapshot | null = null;
  private readonly queryCache = new Map<string, Float32Array>();

  constructor(private readonly options: RecommenderOptions) {}

  /** The snapshot requests are answered with, or null before the first model. */
  get snapshot(): ServingSnapshot | null {
    return this.current;
  }

  /** Publishes a complete snapshot; requests already running finish on the one they took. */
  publish(snapshot: ServingSnapshot): void {
    this.current = snapshot;
  }

  /**
   * The query's embedding (L2-normalised), cached by text.
   * @throws Error when the encoder fails
   */
  async embedQuery(query: string): Promise<Float32Array> {
    const hit = this.queryCache.get(query);
    if (hit) {
      this.queryCache.delete(query);
      this.queryCache.set(query, hit);
      return hit;
    }
    const [vector] = await this.options.encoder.encode([query]);
    const unit = normalised(vector!);
    this.queryCache.set(query, unit);
    if (this.queryCache.size > (this.options.queryCacheSize ?? 10_000)) this.queryCache.delete(this.queryCache.keys().next().value!);
    return unit;
  }

  /**
   * The `k` best items for a text query.
   * @throws Error NO_MODEL when no snapshot is published yet
   */
  async search(query: string, k: number): Promise<RankedList> {
    const q = await this.embedQuery(query);
    return this.rank(q, k, null);
  }

  /** The `k` best items for a user (the user's vector; the catalog centroid for a new user), excluding what they already liked. */
  recommend(userId: string, k: number): RankedList {
    const user = this.options.users.get(userId);
    return this.rank(user?.vector ?? this.options.index.centroid, k, user?.liked ?? null);
  }

  /** Ranks candidates for `q` with one snapshot, taken once. */
  rank(q: Float32Array, k: number, exclude: ReadonlySet<number> | null): RankedList {
    const snapshot = this.current;
    if (!snapshot) throw Object.assign(new Error("no model loaded yet"), { code: "NO_MODEL" });
    const { index, weights, popularity } = this.options;
    const skip = exclude && exclude.size > 0 ? (i: number) => exclude.has(i) : undefined;
    const candidates = index.nearest(q, Math.max(k, this.options.candidates ?? 100), skip);
    const pGlobal = snapshot.global.score(q, candidates);
    const pLocal = snapshot.local ? snapshot.local.score(q, candidates) : pGlobal;
    const fused = new Float32Array(candidates.length);
    const prior = new Float32Array(candidates.length);
    for (let c = 0; c < candidates.length; c++) {
      prior[c] = popularity.prior(candidates[c]!);
      fused[c] = weights.global * pGlobal[c]! + weights.local * pLocal[c]! + weights.popularity * prior[c]!;
    }
    const order = topKIndices(fused, k);
    const items: RankedItem[] = Array.from(order, (c) => ({
      id: index.ids[candidates[c]!]!,
      score: fused[c]!,
      global: pGlobal[c]!,
      local: pLocal[c]!,
      popularity: prior[c]!,
    }));
    return { version: snapshot.version, localRevision: snapshot.localRevision, items };
  }
}

function normalised(v: Float32Array): Float32Array {
  const out = Float32Array.from(v);
  let s = 0;
  for (let i = 0; i < out.length; i++) s += out[i]! * out[i]!;
  if (s > 0) for (let i = 0; i < out.length; i++) out[i]! /= Math.sqrt(s);
  return out;
}
