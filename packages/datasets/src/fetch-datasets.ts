/**
 * Fetching the two real data sets into the cache folder from Debian packages
 * (no R needed): MovieLens ml-latest-small from r-cran-dslabs (object `movielens`)
 * and the Amazon fine-food reviews from r-cran-modeldata (`training_data`,
 * `testing_data`, documented as `small_fine_foods`). Each data set's folder is
 * complete once its source.json exists; fetching again is then a no-op.
 */
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import path from "node:path";
import { cachePaths } from "./cache-dir.js";
import { DatasetError, DatasetErrorCode } from "./dataset-error.js";
import { fetchDebianPackage, type ExtractedDebianPackage } from "./debian-package.js";
import { labeledTextsFromDataFrame } from "./fine-foods-from-r.js";
import { readGroupLensFolder, writeGroupLensFolder } from "./grouplens-folder.js";
import { writeJsonl } from "./jsonl.js";
import { LazyLoadDatabase } from "./lazy-load-database.js";
import { movieLensFromDataFrame } from "./movielens-from-r.js";
import { toDataFrame } from "./r-data-frame.js";
import { withFileLock } from "./file-lock.js";
import { readSourceManifest, writeSourceManifest, type SourceManifest } from "./source-manifest.js";

/** Options of the fetch functions. */
export interface FetchOptions {
  /** The cache folder; default `~/.cache/tributary`. */
  readonly cacheDir?: string;
  /** Allow `apt-get update` when a download fails. Default: when running as root. */
  readonly allowAptUpdate?: boolean;
  /** Extra apt options (`Name=value`), passed as `-o` to every apt-get call. */
  readonly aptOptions?: readonly string[];
  /** Receives progress lines. */
  readonly onProgress?: (line: string) => void;
}

/** What a fetch did. */
export interface FetchResult {
  readonly dataset: "movielens" | "fine-foods";
  /** The data set's cache folder. */
  readonly dir: string;
  readonly manifest: SourceManifest;
  /** False when the cache was already complete and nothing was downloaded. */
  readonly fetched: boolean;
}

const R_LIBRARY = path.join("usr", "lib", "R", "site-library");

/**
 * Makes sure MovieLens is in the cache (GroupLens layout), fetching r-cran-dslabs if needed.
 * @throws DatasetError FETCH_FAILED, with a hint to pass a GroupLens ml-latest-small
 *   folder instead, when the package cannot be fetched (e.g. not a Debian machine);
 *   the reader's errors if the package's data cannot be decoded
 */
export async function fetchMovieLens(options: FetchOptions = {}): Promise<FetchResult> {
  const dir = cachePaths(options.cacheDir).movielens;
  return fetchOnce("movielens", dir, options, async (progress, workDir) => {
    const pkg = await downloadOrExplain({
      name: "r-cran-dslabs",
      workDir,
      options,
      progress,
      what: "MovieLens",
      alternative: "download ml-latest-small from grouplens.org yourself and pass its folder (ratings.csv, movies.csv) as movielensDir / --movielens-dir",
    });
    progress("decoding dslabs::movielens from the R lazy-load database");
    const db = await LazyLoadDatabase.open(path.join(pkg.root, R_LIBRARY, "dslabs", "data", "Rdata"));
    const tables = movieLensFromDataFrame(toDataFrame(db.read("movielens")));
    progress(`writing ${tables.interactions.length} ratings and ${tables.items.length} movies to ${dir}`);
    await writeGroupLensFolder(dir, tables);
    return { source: `Debian package r-cran-dslabs ${pkg.version} (${pkg.debBytes} bytes), R object movielens`, rows: { ratings: tables.interactions.length, movies: tables.items.length } };
  });
}

/**
 * Makes sure the fine-food reviews are in the cache (train.jsonl, test.jsonl),
 * fetching r-cran-modeldata if needed.
 * @throws DatasetError FETCH_FAILED when the package cannot be fetched; the reader's errors
 */
export async function fetchFineFoods(options: FetchOptions = {}): Promise<FetchResult> {
  const dir = cachePaths(options.cacheDir).fineFoods;
  return fetchOnce("fine-foods", dir, options, async (progress, workDir) => {
    const pkg = await downloadOrExplain({
      name: "r-cran-modeldata",
      workDir,
      options,
      progress,
      what: "the fine-food reviews",
      alternative: "pass your own labeled texts as JSONL (text, label) instead",
    });
    progress("decoding modeldata::training_data and testing_data from the R lazy-load database");
    const db = await LazyLoadDatabase.open(path.join(pkg.root, R_LIBRARY, "modeldata", "data", "Rdata"));
    const train = labeledTextsFromDataFrame(toDataFrame(db.read("training_data")));
    const test = labeledTextsFromDataFrame(toDataFrame(db.read("testing_data")));
    progress(`writing ${train.length} training and ${test.length} test reviews to ${dir}`);
    await writeJsonl(path.join(dir, "train.jsonl"), train);
    await writeJsonl(path.join(dir, "test.jsonl"), test);
    return { source: `Debian package r-cran-modeldata ${pkg.version} (${pkg.debBytes} bytes), R objects training_data and testing_data (small_fine_foods)`, rows: { train: train.length, test: test.length } };
  });
}

/**
 * Copies a GroupLens ml-latest-small folder into the cache (after reading it in
 * full), replacing what was there, so later runs need no option.
 * @throws node's ENOENT when a file is missing; DatasetError BAD_DATA for bad rows
 */
export async function importMovieLensFolder(sourceDir: string, options: FetchOptions = {}): Promise<FetchResult> {
  const dir = cachePaths(options.cacheDir).movielens;
  const started = performance.now();
  options.onProgress?.(`reading the GroupLens folder ${sourceDir}`);
  const tables = await readGroupLensFolder(sourceDir);
  options.onProgress?.(`writing ${tables.interactions.length} ratings and ${tables.items.length} movies to ${dir}`);
  await rm(path.join(dir, "source.json"), { force: true });
  await writeGroupLensFolder(dir, tables);
  const manifest: SourceManifest = {
    source: `GroupLens folder ${path.resolve(sourceDir)}`,
    fetchedAt: new Date().toISOString(),
    fetchSeconds: (performance.now() - started) / 1000,
    rows: { ratings: tables.interactions.length, movies: tables.items.length },
  };
  await writeSourceManifest(dir, manifest);
  return { dataset: "movielens", dir, manifest, fetched: true };
}

type Build = (progress: (line: string) => void, workDir: string) => Promise<Pick<SourceManifest, "source" | "rows">>;

async function fetchOnce(dataset: FetchResult["dataset"], dir: string, options: FetchOptions, build: Build): Promise<FetchResult> {
  const existing = await readSourceManifest(dir);
  if (existing) return { dataset, dir, manifest: existing, fetched: false };
  const paths = cachePaths(options.cacheDir);
  const progress = (line: string): void => options.onProgress?.(`[${dataset}] ${line}`);
  await mkdir(paths.root, { recursive: true });
  return withFileLock(`${paths.lock}-${dataset}`, async () => {
    const again = await readSourceManifest(dir);
    if (again) return { dataset, dir, manifest: again, fetched: false };
    const started = performance.now();
    const workDir = await mkdtemp(path.join(paths.root, `download-${dataset}-`));
    try {
      const built = await build(progress, workDir);
      const manifest: SourceManifest = { ...built, fetchedAt: new Date().toISOString(), fetchSeconds: (performance.now() - started) / 1000 };
      await writeSourceManifest(dir, manifest);
      progress(`done in ${manifest.fetchSeconds.toFixed(1)} s`);
      return { dataset, dir, manifest, fetched: true };
    } finally {
      await rm(workDir, { recursive: true, force: true });
    }
  }, { onWait: () => progress("another process is fetching; waiting for it") });
}

interface Download {
  readonly name: string;
  readonly workDir: string;
  readonly options: FetchOptions;
  readonly progress: (line: string) => void;
  /** The data set, for the error message. */
  readonly what: string;
  /** What to do where Debian packages are not available. */
  readonly alternative: string;
}

async function downloadOrExplain({ name, workDir, options, progress, what, alternative }: Download): Promise<ExtractedDebianPackage> {
  try {
    return await fetchDebianPackage(name, {
      workDir,
      onProgress: progress,
      ...(options.allowAptUpdate === undefined ? {} : { allowAptUpdate: options.allowAptUpdate }),
      ...(options.aptOptions === undefined ? {} : { aptOptions: options.aptOptions }),
    });
  } catch (error) {
    if (error instanceof DatasetError && error.code === DatasetErrorCode.FetchFailed) {
      throw new DatasetError(DatasetErrorCode.FetchFailed, `could not fetch ${what} from Debian package ${name}: ${error.message}. Elsewhere, ${alternative}.`, { cause: error });
    }
    throw error;
  }
}
