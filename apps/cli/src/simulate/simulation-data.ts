import { loadInteractionsJsonl, loadMovieLens, stableHash32, type Interaction, type Item } from "@tributary/datasets";

/** The log and catalog a simulation replays. */
export interface SimulationData {
  readonly interactions: readonly Interaction[];
  readonly items: readonly Item[];
  /** Where it came from, for the report. */
  readonly source: string;
}

/**
 * MovieLens ml-latest-small from the cache (fetched from Debian on first use),
 * or a GroupLens folder, or the user's own JSONL interactions. A JSONL log has
 * no item texts: each item's text is its id, so give ids that say what the
 * item is (e.g. titles) for the encoder to read.
 * @throws DatasetError (see loadMovieLens / loadInteractionsJsonl)
 */
export async function loadSimulationData(options: { cacheDir: string; movielensDir?: string; interactionsFile?: string; userShare?: number; seed?: number }): Promise<SimulationData> {
  const data = await loadAll(options);
  const share = options.userShare ?? 1;
  if (share >= 1) return data;
  // A user is kept when a seeded hash of the id falls below the share: the same users on every run.
  const keep = (userId: string) => stableHash32(`${options.seed ?? 0}:users:${userId}`) / 2 ** 32 < share;
  return { ...data, interactions: data.interactions.filter((i) => keep(i.userId)), source: `${data.source} (${Math.round(share * 100)}% of the users)` };
}

async function loadAll(options: { cacheDir: string; movielensDir?: string; interactionsFile?: string }): Promise<SimulationData> {
  if (options.interactionsFile !== undefined) {
    const interactions = await loadInteractionsJsonl(options.interactionsFile);
    const ids = [...new Set(interactions.map((i) => i.itemId))].sort();
    const items: Item[] = ids.map((itemId) => ({ itemId, text: itemId, title: itemId, year: null, genres: [] }));
    return { interactions, items, source: `JSONL ${options.interactionsFile}` };
  }
  const movielens = await loadMovieLens({ cacheDir: options.cacheDir, ...(options.movielensDir === undefined ? {} : { movielensDir: options.movielensDir }) });
  return { interactions: movielens.interactions, items: movielens.items, source: movielens.source };
}
