import { cachePaths } from "./cache-dir.js";
import { readSourceManifest, type SourceManifest } from "./source-manifest.js";

/** One data set's state in the cache: its manifest, or null when it is missing or incomplete. */
export interface CachedDataset {
  readonly dataset: "movielens" | "fine-foods";
  readonly dir: string;
  readonly manifest: SourceManifest | null;
}

/** What the cache folder holds (reads only the manifests; fetches nothing). */
export async function describeCache(options: { cacheDir?: string } = {}): Promise<{ root: string; datasets: CachedDataset[] }> {
  const paths = cachePaths(options.cacheDir);
  const datasets: CachedDataset[] = [
    { dataset: "movielens", dir: paths.movielens, manifest: await readSourceManifest(paths.movielens) },
    { dataset: "fine-foods", dir: paths.fineFoods, manifest: await readSourceManifest(paths.fineFoods) },
  ];
  return { root: paths.root, datasets };
}
