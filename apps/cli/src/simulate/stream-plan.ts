import { partitionUsersByRegion, splitStream, type Interaction, type RegionPartition } from "@tributary/datasets";
import type { ItemFeatures } from "./item-features.js";

/**
 * The replayed log, indexed once: interactions in time order (those whose item
 * is in the catalog), each with its region, item row and the user's vector at
 * that moment — the mean of the projected vectors of the items the user
 * interacted with before (what an edge can compute from its own store).
 */
export interface StreamPlan {
  readonly interactions: readonly Interaction[];
  readonly partition: RegionPartition;
  /** Per interaction: its user's region. */
  readonly region: Int32Array;
  /** Per interaction: the item's row in the catalog. */
  readonly item: Int32Array;
  /** Per interaction: how many earlier interactions its user has (the history its user vector averages). */
  readonly historyLength: Int32Array;
  /** Per interaction: the user vector before it (n×dim); zeros without history. */
  readonly userVectors: Float32Array;
  readonly dim: number;
  /** Interaction indices of the warm-up and of each window. */
  readonly warmup: Int32Array;
  readonly windows: readonly Int32Array[];
  /** Per user: their interaction indices in time order. */
  readonly byUser: ReadonlyMap<string, readonly number[]>;
}

/** Options of {@link planStream}. */
export interface PlanStreamOptions {
  readonly interactions: readonly Interaction[];
  readonly features: ItemFeatures;
  readonly regions: number;
  readonly windows: number;
  readonly warmupFraction: number;
  readonly seed: number;
}

/**
 * Splits the log into warm-up and windows (packages/datasets' splitStream),
 * assigns users to regions (partitionUsersByRegion: the source's regions when
 * every record has one, else a seeded hash), and precomputes user vectors.
 * Interactions with items outside the catalog are dropped.
 */
export function planStream(options: PlanStreamOptions): StreamPlan {
  const { features } = options;
  const known = options.interactions.filter((i) => features.indexOf.has(i.itemId));
  const split = splitStream(known, { windows: options.windows, warmupFraction: options.warmupFraction });
  const interactions = [split.warmup, ...split.windows.map((w) => w.interactions)].flat();
  const partition = partitionUsersByRegion(interactions, { regions: options.regions, seed: options.seed });
  const n = interactions.length;
  const { dim } = features;
  const region = new Int32Array(n);
  const item = new Int32Array(n);
  const historyLength = new Int32Array(n);
  const userVectors = new Float32Array(n * dim);
  const sums = new Map<string, Float64Array>();
  const byUser = new Map<string, number[]>();
  interactions.forEach((interaction, i) => {
    region[i] = partition.regionOfUser.get(interaction.userId)!;
    const row = features.indexOf.get(interaction.itemId)!;
    item[i] = row;
    const history = byUser.get(interaction.userId) ?? [];
    const sum = sums.get(interaction.userId) ?? new Float64Array(dim);
    historyLength[i] = history.length;
    if (history.length > 0) for (let j = 0; j < dim; j++) userVectors[i * dim + j] = sum[j]! / history.length;
    for (let j = 0; j < dim; j++) sum[j]! += features.vectors[row * dim + j]!;
    history.push(i);
    byUser.set(interaction.userId, history);
    sums.set(interaction.userId, sum);
  });
  const range = (from: number, to: number) => Int32Array.from({ length: to - from }, (_, k) => from + k);
  const windows: Int32Array[] = [];
  let offset = split.warmup.length;
  for (const w of split.windows) {
    windows.push(range(offset, offset + w.interactions.length));
    offset += w.interactions.length;
  }
  return { interactions, partition, region, item, historyLength, userVectors, dim, warmup: range(0, split.warmup.length), windows, byUser };
}

/** The interactions of `indices` that belong to `region`. */
export function inRegion(plan: StreamPlan, indices: Int32Array, region: number): Int32Array {
  return indices.filter((i) => plan.region[i] === region);
}
