/**
 * Sampled negatives for the HR@k / NDCG@k protocol of NCF (He et al., 2017) and
 * the federated recommendation papers that follow it: each test positive is ranked
 * among `perPositive` (99) items the user never interacted with.
 */
import { DatasetError, DatasetErrorCode } from "./dataset-error.js";
import type { Interaction } from "./interaction.js";
import { mulberry32 } from "./mulberry32.js";

/** Options of {@link sampleNegatives}. */
export interface NegativeSamplingOptions {
  /** The test interactions; one candidate list per entry, in this order. */
  readonly positives: readonly Interaction[];
  /** Every item id that may be drawn (the catalog). */
  readonly catalog: readonly string[];
  /** Everything known about the users (train and test): items in it are never drawn for that user. */
  readonly history: readonly Interaction[];
  /** Negatives per positive; default 99. */
  readonly perPositive?: number;
  /** Default 0. */
  readonly seed?: number;
}

/** One test case: the positive and its sampled negatives (distinct, none seen by the user). */
export interface NegativeSample {
  readonly userId: string;
  readonly positive: string;
  readonly negatives: string[];
}

/**
 * Draws negatives without replacement from the catalog minus the user's items
 * (and minus the positive). When fewer than `perPositive` such items exist, all of
 * them are returned. Deterministic for a seed and the same inputs.
 * @throws DatasetError BAD_DATA for a negative or non-integer `perPositive`
 */
export function sampleNegatives(options: NegativeSamplingOptions): NegativeSample[] {
  const perPositive = options.perPositive ?? 99;
  if (!Number.isInteger(perPositive) || perPositive < 0) throw new DatasetError(DatasetErrorCode.BadData, `perPositive must be a non-negative integer, got ${perPositive}`);
  const catalog = [...new Set(options.catalog)];
  const seen = new Map<string, Set<string>>();
  for (const { userId, itemId } of [...options.history, ...options.positives]) {
    const items = seen.get(userId) ?? new Set<string>();
    items.add(itemId);
    seen.set(userId, items);
  }
  const inCatalog = new Set(catalog);
  const rng = mulberry32(options.seed ?? 0);
  return options.positives.map(({ userId, itemId }) => {
    const excluded = seen.get(userId)!;
    let excludedInCatalog = 0;
    for (const id of excluded) if (inCatalog.has(id)) excludedInCatalog++;
    const available = catalog.length - excludedInCatalog;
    const negatives: string[] = [];
    if (available < 2 * perPositive || 2 * available < catalog.length) {
      // Few candidates left: filter them, then take a seeded partial shuffle.
      const candidates = catalog.filter((id) => !excluded.has(id));
      for (let i = 0; i < Math.min(perPositive, candidates.length); i++) {
        const j = i + Math.floor(rng() * (candidates.length - i));
        [candidates[i], candidates[j]] = [candidates[j]!, candidates[i]!];
        negatives.push(candidates[i]!);
      }
    } else {
      // Most of the catalog is a candidate: rejection sampling accepts over a quarter of the draws.
      const chosen = new Set<string>();
      while (chosen.size < perPositive) {
        const id = catalog[Math.floor(rng() * catalog.length)]!;
        if (!excluded.has(id) && !chosen.has(id)) {
          chosen.add(id);
          negatives.push(id);
        }
      }
    }
    return { userId, positive: itemId, negatives };
  });
}
