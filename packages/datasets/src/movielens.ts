import path from "node:path";
import { cachePaths } from "./cache-dir.js";
import { compareIds } from "./compare-ids.js";
import { DatasetError, DatasetErrorCode } from "./dataset-error.js";
import { fetchMovieLens, type FetchOptions } from "./fetch-datasets.js";
import { readGroupLensFolder } from "./grouplens-folder.js";
import type { Interaction } from "./interaction.js";
import type { Item } from "./item.js";
import { readSourceManifest } from "./source-manifest.js";

/** MovieLens as the rest of Tributary sees it. */
export interface MovieLens {
  /** One per rating, in the source's order (sort with compareInteractions for time order). */
  readonly interactions: Interaction[];
  /** The catalog, one per movie. From Debian: the 9,066 rated movies; from a GroupLens folder: every row of movies.csv. */
  readonly items: Item[];
  /** Distinct user ids, sorted numerically where they are numbers. */
  readonly userIds: string[];
  /** Where the data came from (the cache manifest's source, or the folder read). */
  readonly source: string;
}

/** Options of {@link loadMovieLens}. */
export interface MovieLensOptions extends FetchOptions {
  /** Read this GroupLens ml-latest-small folder (ratings.csv, movies.csv) instead of the cache. */
  readonly movielensDir?: string;
  /** Fetch from Debian when the cache is missing. Default true. */
  readonly fetch?: boolean;
}

/**
 * Loads MovieLens: from `movielensDir` when given, else from the cache, fetching
 * r-cran-dslabs into it first when it is missing (and `fetch` is not false).
 * Reading a complete cache takes well under a second.
 * @throws DatasetError NOT_FOUND when the cache is missing and `fetch` is false;
 *   FETCH_FAILED (with a hint to pass a GroupLens folder) when fetching fails;
 *   BAD_DATA for malformed CSV; node's ENOENT for a folder without the files
 */
export async function loadMovieLens(options: MovieLensOptions = {}): Promise<MovieLens> {
  if (options.movielensDir !== undefined) {
    const tables = await readGroupLensFolder(options.movielensDir);
    return { ...tables, userIds: distinctUsers(tables.interactions), source: `GroupLens folder ${path.resolve(options.movielensDir)}` };
  }
  const dir = cachePaths(options.cacheDir).movielens;
  let manifest = await readSourceManifest(dir);
  if (!manifest) {
    if (options.fetch === false) {
      throw new DatasetError(DatasetErrorCode.NotFound, `MovieLens is not in the cache ${dir}; run \`tributary data fetch\` or pass movielensDir`);
    }
    manifest = (await fetchMovieLens(options)).manifest;
  }
  const tables = await readGroupLensFolder(dir);
  return { ...tables, userIds: distinctUsers(tables.interactions), source: manifest.source };
}

function distinctUsers(interactions: readonly Interaction[]): string[] {
  const ids = [...new Set(interactions.map((i) => i.userId))];
  return ids.sort(compareIds);
}
