/**
 * `tributary data fetch | info`: puts the real data sets in the cache folder and
 * shows what is there. Exit codes: 0 done, 1 failed (e.g. the fetch could not
 * download), 2 bad usage — the same values as exit-codes.ts.
 */
import { parseArgs } from "node:util";
import {
  describeCache,
  fetchFineFoods,
  fetchMovieLens,
  importMovieLensFolder,
  isDatasetError,
  loadFineFoods,
  loadMovieLens,
  partitionUsersByRegion,
  regionSizes,
  type FetchResult,
} from "@tributary/datasets";

const Exit = { Ok: 0, Failed: 1, Usage: 2 } as const;

const usage = `usage: tributary data <command> [options]

  fetch [--cache-dir DIR] [--movielens-dir DIR]
        download MovieLens (Debian r-cran-dslabs) and the fine-food reviews (r-cran-modeldata)
        into the cache, then print what info prints; with --movielens-dir, import a GroupLens
        ml-latest-small folder (ratings.csv, movies.csv) instead of downloading MovieLens
  info  [--cache-dir DIR] [--regions 8] [--seed N] [--dirichlet-alpha A]
        what is cached, row counts, and users/ratings per region

The cache folder defaults to ~/.cache/tributary.
`;

/** Where the command writes: progress and results to `log`, failures to `error` (default: `log`). */
export interface DataCommandIo {
  log(line: string): void;
  error?(line: string): void;
}

/**
 * Runs `tributary data …` with the arguments after "data".
 * @param defaults values used when the flag is absent (e.g. the app's TRIBUTARY_CACHE_DIR)
 * @returns the exit code; never throws for expected failures (they are printed)
 */
export async function dataCommand(
  argv: string[],
  io: DataCommandIo = { log: (line) => console.log(line), error: (line) => console.error(line) },
  defaults: { cacheDir?: string } = {},
): Promise<number> {
  const fail = (line: string): void => (io.error ?? io.log).call(io, line);
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        "cache-dir": { type: "string" },
        "movielens-dir": { type: "string" },
        regions: { type: "string", default: "8" },
        seed: { type: "string", default: "0" },
        "dirichlet-alpha": { type: "string" },
        help: { type: "boolean", short: "h", default: false },
      },
    });
  } catch (error) {
    fail(`tributary data: ${(error as Error).message}\n\n${usage}`);
    return Exit.Usage;
  }
  const { values, positionals } = parsed;
  const [command, ...extra] = positionals;
  if (values.help) {
    io.log(usage);
    return Exit.Ok;
  }
  if ((command !== "fetch" && command !== "info") || extra.length > 0) {
    fail(`${command === undefined ? "tributary data: missing command" : `tributary data: unknown command "${positionals.join(" ")}"`}\n\n${usage}`);
    return Exit.Usage;
  }
  const regions = Number(values.regions);
  const seed = Number(values.seed);
  const alpha = values["dirichlet-alpha"] === undefined ? undefined : Number(values["dirichlet-alpha"]);
  if (!Number.isInteger(regions) || regions < 1 || !Number.isInteger(seed) || (alpha !== undefined && !(alpha > 0))) {
    fail(`tributary data: --regions must be a positive integer, --seed an integer and --dirichlet-alpha a positive number\n\n${usage}`);
    return Exit.Usage;
  }
  const cacheDir = values["cache-dir"] ?? defaults.cacheDir;
  const common = { ...(cacheDir === undefined ? {} : { cacheDir }) };
  try {
    const code = command === "fetch" ? await fetch(io, fail, { ...common, movielensDir: values["movielens-dir"] }) : Exit.Ok;
    await info(io, { ...common, regions, seed, alpha });
    return code;
  } catch (error) {
    fail(`tributary data ${command}: ${isDatasetError(error) ? `${error.code}: ${error.message}` : ((error as Error).stack ?? String(error))}`);
    return Exit.Failed;
  }
}

async function fetch(io: DataCommandIo, fail: (line: string) => void, options: { cacheDir?: string; movielensDir: string | undefined }): Promise<number> {
  const started = performance.now();
  const onProgress = (line: string): void => io.log(`${seconds(started)} ${line}`);
  const fetchOptions = { ...(options.cacheDir === undefined ? {} : { cacheDir: options.cacheDir }), onProgress };
  let failed = false;
  const steps: [string, () => Promise<FetchResult>][] = [
    ["movielens", () => (options.movielensDir === undefined ? fetchMovieLens(fetchOptions) : importMovieLensFolder(options.movielensDir, fetchOptions))],
    ["fine-foods", () => fetchFineFoods(fetchOptions)],
  ];
  for (const [name, step] of steps) {
    try {
      const result = await step();
      const rows = Object.entries(result.manifest.rows).map(([table, n]) => `${n} ${table}`).join(", ");
      io.log(`${seconds(started)} [${name}] ${result.fetched ? `fetched in ${result.manifest.fetchSeconds.toFixed(1)} s` : "already cached"}: ${rows}`);
    } catch (error) {
      failed = true;
      fail(`${seconds(started)} [${name}] failed: ${isDatasetError(error) ? error.message : String(error)}`);
    }
  }
  io.log(`fetch finished in ${((performance.now() - started) / 1000).toFixed(1)} s${failed ? " with failures" : ""}`);
  io.log("");
  return failed ? Exit.Failed : Exit.Ok;
}

async function info(io: DataCommandIo, options: { cacheDir?: string; regions: number; seed: number; alpha: number | undefined }): Promise<void> {
  const cache = await describeCache(options);
  io.log(`cache folder: ${cache.root}`);
  table(
    io,
    ["dataset", "status", "rows", "fetched", "source"],
    cache.datasets.map((d) => [
      d.dataset,
      d.manifest ? "cached" : "missing",
      d.manifest ? Object.entries(d.manifest.rows).map(([t, n]) => `${n} ${t}`).join(", ") : "-",
      d.manifest ? `${d.manifest.fetchedAt} (${d.manifest.fetchSeconds.toFixed(1)} s)` : "-",
      d.manifest?.source ?? "run `tributary data fetch`",
    ]),
  );
  const cacheOptions = { ...(options.cacheDir === undefined ? {} : { cacheDir: options.cacheDir }), fetch: false };
  if (cache.datasets[0]?.manifest) {
    const started = performance.now();
    const movielens = await loadMovieLens(cacheOptions);
    const loadMs = performance.now() - started;
    const times = movielens.interactions.map((i) => i.timestamp);
    const day = (t: number): string => new Date(t * 1000).toISOString().slice(0, 10);
    io.log("");
    io.log(`MovieLens: ${movielens.interactions.length} ratings, ${movielens.userIds.length} users, ${movielens.items.length} movies, ${day(Math.min(...times))} to ${day(Math.max(...times))} (read in ${loadMs.toFixed(0)} ms)`);
    const partition = partitionUsersByRegion(movielens.interactions, {
      regions: options.regions,
      seed: options.seed,
      ...(options.alpha === undefined ? {} : { dirichletAlpha: options.alpha, items: movielens.items }),
    });
    const how = options.alpha === undefined ? "stable hash of (seed, user)" : `Dirichlet(α=${options.alpha}) by dominant genre`;
    io.log(`per-region sizes: ${options.regions} regions, seed ${options.seed}, ${how}`);
    const total = movielens.interactions.length;
    table(
      io,
      ["region", "users", "ratings", "share"],
      regionSizes(partition, movielens.interactions).map((s) => [s.name, String(s.users), String(s.interactions), `${((100 * s.interactions) / total).toFixed(1)}%`]),
    );
  }
  if (cache.datasets[1]?.manifest) {
    const foods = await loadFineFoods(cacheOptions);
    const counts = (part: readonly { label: string }[]): string => foods.labels.map((l) => `${l} ${part.filter((t) => t.label === l).length}`).join(", ");
    io.log("");
    io.log(`fine-food reviews: train ${foods.train.length} (${counts(foods.train)}), test ${foods.test.length} (${counts(foods.test)})`);
  }
}

function table(io: DataCommandIo, header: readonly string[], rows: readonly (readonly string[])[]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]): string => cells.map((c, i) => c.padEnd(widths[i]!)).join("  ").trimEnd();
  io.log(line(header));
  io.log(line(widths.map((w) => "-".repeat(w))));
  for (const row of rows) io.log(line(row));
}

function seconds(started: number): string {
  return `[${((performance.now() - started) / 1000).toFixed(1).padStart(5)} s]`;
}
