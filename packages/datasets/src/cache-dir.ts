import os from "node:os";
import path from "node:path";

/** The default cache folder: `~/.cache/tributary`. */
export function defaultCacheDir(): string {
  return path.join(os.homedir(), ".cache", "tributary");
}

/** Where each data set lives inside a cache folder. */
export interface CachePaths {
  readonly root: string;
  /** GroupLens ml-latest-small layout: ratings.csv, movies.csv, plus source.json. */
  readonly movielens: string;
  /** train.jsonl, test.jsonl, plus source.json. */
  readonly fineFoods: string;
  /** Held while a fetch runs. */
  readonly lock: string;
}

/** The layout of `cacheDir` (default {@link defaultCacheDir}). */
export function cachePaths(cacheDir?: string): CachePaths {
  const root = path.resolve(cacheDir ?? defaultCacheDir());
  return {
    root,
    movielens: path.join(root, "movielens"),
    fineFoods: path.join(root, "fine-foods"),
    lock: path.join(root, "fetch.lock"),
  };
}
