import path from "node:path";
import { cachePaths } from "./cache-dir.js";
import { DatasetError, DatasetErrorCode } from "./dataset-error.js";
import { fetchFineFoods, type FetchOptions } from "./fetch-datasets.js";
import { loadLabeledTextsJsonl } from "./jsonl.js";
import type { LabeledText } from "./labeled-text.js";
import { readSourceManifest } from "./source-manifest.js";

/** The Amazon fine-food reviews (modeldata's small_fine_foods): 4,000 train, 1,000 test. */
export interface FineFoods {
  readonly train: LabeledText[];
  readonly test: LabeledText[];
  /** The distinct labels, sorted ("great", "other"). */
  readonly labels: string[];
  readonly source: string;
}

/** Options of {@link loadFineFoods}. */
export interface FineFoodsOptions extends FetchOptions {
  /** Fetch from Debian when the cache is missing. Default true. */
  readonly fetch?: boolean;
}

/**
 * Loads the fine-food reviews from the cache, fetching r-cran-modeldata into it
 * first when it is missing (and `fetch` is not false).
 * @throws DatasetError NOT_FOUND when the cache is missing and `fetch` is false;
 *   FETCH_FAILED when fetching fails; BAD_DATA for a malformed cache file
 */
export async function loadFineFoods(options: FineFoodsOptions = {}): Promise<FineFoods> {
  const dir = cachePaths(options.cacheDir).fineFoods;
  let manifest = await readSourceManifest(dir);
  if (!manifest) {
    if (options.fetch === false) {
      throw new DatasetError(DatasetErrorCode.NotFound, `the fine-food reviews are not in the cache ${dir}; run \`tributary data fetch\``);
    }
    manifest = (await fetchFineFoods(options)).manifest;
  }
  const [train, test] = await Promise.all([loadLabeledTextsJsonl(path.join(dir, "train.jsonl")), loadLabeledTextsJsonl(path.join(dir, "test.jsonl"))]);
  const labels = [...new Set([...train, ...test].map((t) => t.label))].sort();
  return { train, test, labels, source: manifest.source };
}
