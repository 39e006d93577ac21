/**
 * Assigning users to regions, each user to exactly one: by a stable hash of
 * (seed, user) — IID-like; by the regions the source recorded; or non-IID by genre
 * with Dirichlet(α) proportions per genre (Hsu et al., 2019, "Measuring the Effects
 * of Non-Identical Data Distribution for Federated Visual Classification"): small α
 * gives each region a few dominant genres, large α approaches the IID split.
 */
import { compareIds } from "./compare-ids.js";
import { DatasetError, DatasetErrorCode } from "./dataset-error.js";
import { sampleSymmetricDirichlet } from "./dirichlet.js";
import type { Interaction } from "./interaction.js";
import type { Item } from "./item.js";
import { mulberry32 } from "./mulberry32.js";
import { stableHash32 } from "./stable-hash.js";

/** Options of {@link partitionUsersByRegion}. */
export interface RegionPartitionOptions {
  /** Number of regions; default 8. Ignored when the source's regions are used. */
  readonly regions?: number;
  /** Default 0. */
  readonly seed?: number;
  /** Non-IID by genre with this Dirichlet concentration (> 0); needs `items`. */
  readonly dirichletAlpha?: number;
  /** The catalog, for the genres the Dirichlet split needs. */
  readonly items?: readonly Item[];
  /**
   * When every interaction carries a `region` (JSONL), keep those regions (a user
   * seen in several goes to the one with most of their interactions). Default true.
   */
  readonly useSourceRegions?: boolean;
}

/** Users by region. Region i is called `names[i]`. */
export interface RegionPartition {
  readonly names: readonly string[];
  readonly regionOfUser: ReadonlyMap<string, number>;
  /** User ids per region, sorted. A region may be empty (small α, few users). */
  readonly usersByRegion: readonly (readonly string[])[];
}

/**
 * Partitions the users of `interactions` into regions, deterministically for a seed.
 * @throws DatasetError BAD_DATA for a non-positive region count or α, or α without items
 */
export function partitionUsersByRegion(interactions: readonly Interaction[], options: RegionPartitionOptions = {}): RegionPartition {
  const seed = options.seed ?? 0;
  const users = [...new Set(interactions.map((i) => i.userId))].sort(compareIds);
  if ((options.useSourceRegions ?? true) && interactions.length > 0 && interactions.every((i) => i.region !== undefined)) {
    return bySourceRegion(interactions, users);
  }
  const regions = options.regions ?? 8;
  if (!Number.isInteger(regions) || regions < 1) throw new DatasetError(DatasetErrorCode.BadData, `regions must be a positive integer, got ${regions}`);
  const names = Array.from({ length: regions }, (_, i) => `region-${i}`);
  const regionOfUser = new Map<string, number>();
  if (options.dirichletAlpha === undefined) {
    for (const user of users) regionOfUser.set(user, stableHash32(`${seed}:${user}`) % regions);
  } else {
    const alpha = options.dirichletAlpha;
    if (!(alpha > 0)) throw new DatasetError(DatasetErrorCode.BadData, `dirichletAlpha must be positive, got ${alpha}`);
    if (!options.items) throw new DatasetError(DatasetErrorCode.BadData, "dirichletAlpha needs the items (their genres)");
    const rng = mulberry32(seed);
    for (const [, members] of usersByDominantGenre(interactions, options.items, users)) {
      const shares = sampleSymmetricDirichlet(rng, alpha, regions);
      shuffle(members, rng);
      let cumulative = 0;
      let start = 0;
      shares.forEach((share, region) => {
        cumulative += share;
        const end = region === regions - 1 ? members.length : Math.round(cumulative * members.length);
        for (let k = start; k < end; k++) regionOfUser.set(members[k]!, region);
        start = Math.max(start, end);
      });
    }
  }
  return finish(names, regionOfUser, users);
}

function bySourceRegion(interactions: readonly Interaction[], users: readonly string[]): RegionPartition {
  const counts = new Map<string, Map<string, number>>();
  for (const { userId, region } of interactions) {
    const perUser = counts.get(userId) ?? new Map<string, number>();
    perUser.set(region!, (perUser.get(region!) ?? 0) + 1);
    counts.set(userId, perUser);
  }
  const names = [...new Set(interactions.map((i) => i.region!))].sort(compareIds);
  const index = new Map(names.map((name, i) => [name, i]));
  const regionOfUser = new Map<string, number>();
  for (const user of users) {
    const best = [...counts.get(user)!].sort((a, b) => b[1] - a[1] || compareIds(a[0], b[0]))[0]!;
    regionOfUser.set(user, index.get(best[0])!);
  }
  return finish(names, regionOfUser, users);
}

/** Each user's dominant genre: the largest share of their rated items' genres (each item split evenly). */
function usersByDominantGenre(interactions: readonly Interaction[], items: readonly Item[], users: readonly string[]): Map<string, string[]> {
  const genresOf = new Map(items.map((item) => [item.itemId, item.genres]));
  const weights = new Map<string, Map<string, number>>();
  for (const { userId, itemId } of interactions) {
    const genres = genresOf.get(itemId) ?? [];
    const perUser = weights.get(userId) ?? new Map<string, number>();
    for (const genre of genres.length > 0 ? genres : ["(none)"]) perUser.set(genre, (perUser.get(genre) ?? 0) + 1 / Math.max(1, genres.length));
    weights.set(userId, perUser);
  }
  const groups = new Map<string, string[]>();
  for (const user of users) {
    const [genre] = [...(weights.get(user) ?? new Map<string, number>())].sort((a, b) => b[1] - a[1] || compareIds(a[0], b[0]))[0] ?? ["(none)"];
    const group = groups.get(genre) ?? [];
    group.push(user);
    groups.set(genre, group);
  }
  return new Map([...groups].sort((a, b) => compareIds(a[0], b[0])));
}

function shuffle<T>(values: T[], rng: () => number): void {
  for (let i = values.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [values[i], values[j]] = [values[j]!, values[i]!];
  }
}

function finish(names: readonly string[], regionOfUser: Map<string, number>, users: readonly string[]): RegionPartition {
  const usersByRegion: string[][] = names.map(() => []);
  for (const user of users) usersByRegion[regionOfUser.get(user)!]!.push(user);
  return { names, regionOfUser, usersByRegion };
}

/** Users and interactions per region of a partition. */
export interface RegionSize {
  readonly region: number;
  readonly name: string;
  readonly users: number;
  readonly interactions: number;
}

/** Counts users and interactions of each region (interactions of unknown users are not counted). */
export function regionSizes(partition: RegionPartition, interactions: readonly Interaction[]): RegionSize[] {
  const counts = partition.names.map(() => 0);
  for (const { userId } of interactions) {
    const region = partition.regionOfUser.get(userId);
    if (region !== undefined) counts[region]!++;
  }
  return partition.names.map((name, region) => ({ region, name, users: partition.usersByRegion[region]!.length, interactions: counts[region]! }));
}
