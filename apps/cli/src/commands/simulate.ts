/**
 * `tributary simulate`: federated continual learning on a replayed interaction
 * log (MovieLens by default) across regional edges, beside its baselines, with
 * a report. Exit codes: 0 done, 1 failed, 2 bad usage (exit-codes.ts).
 */
import path from "node:path";
import { parseArgs } from "node:util";
import { strategyConfigSchema, type StrategyConfig } from "@tributary/aggregation";
import { defaultCacheDir } from "@tributary/datasets";
import { readCliEnv } from "../env.js";
import { ExitCode } from "../exit-codes.js";
import { printTable } from "../print-table.js";
import { simulateTexts } from "../simulate/classification/simulate-texts.js";
import { asyncBufferSize } from "../simulate/federation.js";
import { createFederatedMethod } from "../simulate/methods/federated-method.js";
import { rankingTask } from "../simulate/methods/ranking-task.js";
import { summarize } from "../simulate/reporting/summarize.js";
import { writeReport } from "../simulate/reporting/write-report.js";
import { runSimulation } from "../simulate/run-simulation.js";
import { DEFAULT_SIMULATE_CONFIG as D, type SimulateConfig } from "../simulate/simulate-config.js";

const usage = `usage: tributary simulate [options]

Replays MovieLens (or your JSONL log) window by window through a coordinator and
one edge agent per region over loopback HTTP, beside popularity, zero-shot encoder
similarity, centralized, local-only and naive fine-tuning; writes a report.

  --regions N            edges, one per region (${D.regions})
  --windows N            windows after the warm-up (${D.windows})
  --users F              share of the users kept, for quicker runs (${D.userShare})
  --warmup F             share of the log learned before the first window (${D.warmupFraction})
  --warmup-rounds N      federated rounds on the warm-up history (${D.warmupRounds})
  --rounds-per-window N  federated rounds per window (${D.roundsPerWindow}); async: slices a window
                         reaches the edges in
  --local-epochs N       epochs per window of centralized, local-only and naive (${D.localEpochs})
  --learning-rate X      their Adam step size (${D.learningRate})
  --edge-epochs N        the federated edges' local epochs per round (${D.edgeEpochs})
  --edge-learning-rate X the federated edges' Adam step size (${D.edgeLearningRate})
  --replay-ratio X       replayed past examples per new one; 0 = none (${D.replayRatio})
  --negatives N          sampled negatives per positive in training (${D.negatives})
  --strategy NAME        fedavg fedavgm fedadam fedyogi fedadagrad fedprox fedmedian
                         fedtrimmedavg krum multikrum fedbuff (${D.strategy.name};
                         fedbuff with --mode async)
  --strategy-json JSON   a full strategy config (packages/aggregation), e.g. '{"name":"krum","f":2}'
  --mode sync|async      rounds mode (${D.mode}); async = FedBuff: edges push when their
                         data arrives, the coordinator steps every K pushes
  --async-buffer K       async: pushes per server step (0 = half the edges)
  --max-staleness N      async: refuse updates more than N versions behind (${D.maxStaleness})
  --codec f32|f16|i8|topk  delta encoding (${D.codec})
  --byzantine F          share of edges sending sign-flipped, scaled deltas (${D.byzantine})
  --seed N               (${D.seed})
  --interactions FILE    your own JSONL log: {"userId","itemId","rating"?,"timestamp"?,"region"?}
  --texts FILE           your own labeled texts instead, JSONL: {"text","label","region"?,"timestamp"?}:
                         classifies them (accuracy, AUC) with majority-class and zero-shot
                         label-name baselines; not with --interactions or --movielens-dir
  --movielens-dir DIR    a GroupLens ml-latest-small folder instead of the cached copy
  --database-url URL     a Postgres server for the coordinator: each run creates a database of
                         its own there and drops it at the end (default: PGlite in memory;
                         env DATABASE_URL)
  --cache-dir DIR        data and embedding cache (default ~/.cache/tributary; env TRIBUTARY_CACHE_DIR)
  --out DIR              report folder (default reports/simulate)
  --quiet                no progress lines
`;

const options = {
  regions: { type: "string" },
  windows: { type: "string" },
  users: { type: "string" },
  warmup: { type: "string" },
  "warmup-rounds": { type: "string" },
  "rounds-per-window": { type: "string" },
  "local-epochs": { type: "string" },
  "learning-rate": { type: "string" },
  "edge-epochs": { type: "string" },
  "edge-learning-rate": { type: "string" },
  "replay-ratio": { type: "string" },
  negatives: { type: "string" },
  strategy: { type: "string" },
  "strategy-json": { type: "string" },
  mode: { type: "string" },
  "async-buffer": { type: "string" },
  "max-staleness": { type: "string" },
  codec: { type: "string" },
  byzantine: { type: "string" },
  seed: { type: "string" },
  interactions: { type: "string" },
  texts: { type: "string" },
  "movielens-dir": { type: "string" },
  "database-url": { type: "string" },
  "cache-dir": { type: "string" },
  out: { type: "string" },
  quiet: { type: "boolean", default: false },
  help: { type: "boolean", short: "h", default: false },
} as const;

/** A bad option value: printed with the usage, exit code 2. */
class UsageError extends Error {}

/** Runs `tributary simulate` with the arguments after "simulate"; returns the exit code. */
export async function simulateCommand(argv: string[]): Promise<number> {
  let config: SimulateConfig;
  let quiet: boolean;
  try {
    const { values } = parseArgs({ args: argv, options, strict: true });
    if (values.help) {
      process.stdout.write(usage);
      return ExitCode.Ok;
    }
    config = toConfig(values);
    quiet = values.quiet;
    // Options that only the ranking run reads are said to be ignored rather than silently dropped.
    const rankingOnly = (["users", "negatives"] as const).filter((name) => values[name] !== undefined);
    if (values.texts !== undefined && rankingOnly.length > 0) {
      process.stderr.write(`tributary simulate: ${rankingOnly.map((name) => `--${name}`).join(" and ")} ${rankingOnly.length > 1 ? "do" : "does"} not apply to --texts; ignored\n`);
    }
  } catch (error) {
    process.stderr.write(`tributary simulate: ${(error as Error).message}\n\n${usage}`);
    return ExitCode.Usage;
  }
  if (config.textsFile !== undefined) return simulateTexts({ ...config, textsFile: config.textsFile }, { quiet });
  const started = performance.now();
  const log = (line: string) => console.log(line);
  log(`tributary simulate: ${config.regions} regions, ${config.windows} windows, strategy ${config.strategy.name}, seed ${config.seed}; report → ${path.resolve(config.outDir)}`);
  const result = await runSimulation({
    config,
    quiet,
    federated: (learner) => createFederatedMethod({ task: rankingTask(learner), regionNames: learner.plan.partition.names, config }),
    onWindow: (window, metrics) => {
      log(`\nwindow ${window.index + 1}/${config.windows} (${window.from} – ${window.to}, ${window.interactions} interactions, ${window.testCases} test cases):`);
      printTable(
        Object.entries(metrics).map(([method, m]) => ({ method, "NDCG@10": m.ndcg10, "HR@10": m.hr10, "full NDCG@10": m.fullNdcg10 })),
        ["method", "NDCG@10", "HR@10", "full NDCG@10"],
        log,
      );
    },
  });
  const summary = summarize(result);
  const wallSeconds = (performance.now() - started) / 1000;
  const files = await writeReport(config.outDir, { config, result, summary, wallSeconds });
  log("\nsummary (mean over windows):");
  printTable(
    summary.methods.map((m) => ({ method: m.method, "NDCG@10": m.ndcg10, "HR@10": m.hr10, "full NDCG@10": m.fullNdcg10, forgetting: m.forgetting })),
    ["method", "NDCG@10", "HR@10", "full NDCG@10", "forgetting"],
    log,
  );
  log("");
  printTable(
    summary.goals.map((g) => ({ goal: g.goal, ratio: g.ratio, met: g.met === null ? "-" : g.met ? "yes" : "no" })),
    ["goal", "ratio", "met"],
    log,
  );
  log(`\nreport: ${files.report} (${wallSeconds.toFixed(1)} s)`);
  log(JSON.stringify({ report: files.report, seconds: Math.round(wallSeconds * 10) / 10, methods: summary.methods, goals: summary.goals }));
  return ExitCode.Ok;
}

type Values = ReturnType<typeof parseArgs<{ args: string[]; options: typeof options; strict: true }>>["values"];

function toConfig(values: Values): SimulateConfig {
  const env = readCliEnv();
  const int = (value: string | undefined, fallback: number, name: string, min = 1) => {
    if (value === undefined) return fallback;
    const n = Number(value);
    if (!Number.isInteger(n) || n < min) throw new UsageError(`--${name} must be an integer ≥ ${min}, got "${value}"`);
    return n;
  };
  const num = (value: string | undefined, fallback: number, name: string, ok: (n: number) => boolean, range: string) => {
    if (value === undefined) return fallback;
    const n = Number(value);
    if (value.trim() === "" || !Number.isFinite(n) || !ok(n)) throw new UsageError(`--${name} must be ${range}, got "${value}"`);
    return n;
  };
  const regions = int(values.regions, D.regions, "regions");
  const byzantine = num(values.byzantine, D.byzantine, "byzantine", (n) => n >= 0 && n < 1, "in [0, 1)");
  const mode = values.mode ?? D.mode;
  if (mode !== "sync" && mode !== "async") throw new UsageError(`--mode must be sync or async, got "${mode}"`);
  const asyncBuffer = int(values["async-buffer"], D.asyncBuffer, "async-buffer", 0);
  if (asyncBuffer > regions) throw new UsageError(`--async-buffer must be at most the ${regions} edges, got ${asyncBuffer}`);
  if (values.texts !== undefined && (values.interactions !== undefined || values["movielens-dir"] !== undefined)) {
    throw new UsageError("--texts cannot be combined with --interactions or --movielens-dir");
  }
  const codec = values.codec ?? D.codec;
  if (codec !== "f32" && codec !== "f16" && codec !== "i8" && codec !== "topk") throw new UsageError(`--codec must be f32, f16, i8 or topk, got "${codec}"`);
  return {
    regions,
    windows: int(values.windows, D.windows, "windows"),
    userShare: num(values.users, D.userShare, "users", (n) => n > 0 && n <= 1, "in (0, 1]"),
    warmupFraction: num(values.warmup, D.warmupFraction, "warmup", (n) => n >= 0 && n < 1, "in [0, 1)"),
    warmupRounds: int(values["warmup-rounds"], D.warmupRounds, "warmup-rounds"),
    roundsPerWindow: int(values["rounds-per-window"], D.roundsPerWindow, "rounds-per-window"),
    localEpochs: int(values["local-epochs"], D.localEpochs, "local-epochs"),
    learningRate: num(values["learning-rate"], D.learningRate, "learning-rate", (n) => n > 0, "a positive number"),
    edgeEpochs: int(values["edge-epochs"], D.edgeEpochs, "edge-epochs"),
    edgeLearningRate: num(values["edge-learning-rate"], D.edgeLearningRate, "edge-learning-rate", (n) => n > 0, "a positive number"),
    replayRatio: num(values["replay-ratio"], D.replayRatio, "replay-ratio", (n) => n >= 0, "≥ 0"),
    negatives: int(values.negatives, D.negatives, "negatives"),
    strategy: strategyOf(values.strategy, values["strategy-json"], { regions, byzantine, mode, asyncBuffer }),
    mode,
    asyncBuffer,
    maxStaleness: int(values["max-staleness"], D.maxStaleness, "max-staleness", 0),
    codec,
    byzantine,
    featureDim: D.featureDim,
    hidden: D.hidden,
    testPerUser: D.testPerUser,
    maxTestCases: D.maxTestCases,
    fullCatalogCases: D.fullCatalogCases,
    seed: int(values.seed, D.seed, "seed", 0),
    cacheDir: values["cache-dir"] ?? env.TRIBUTARY_CACHE_DIR ?? defaultCacheDir(),
    outDir: path.resolve(readCliEnv().INIT_CWD ?? process.cwd(), values.out ?? path.join("reports", "simulate")),
    ...(values["database-url"] ?? env.DATABASE_URL ? { databaseUrl: values["database-url"] ?? env.DATABASE_URL } : {}),
    ...(values.interactions === undefined ? {} : { interactionsFile: values.interactions }),
    ...(values.texts === undefined ? {} : { textsFile: values.texts }),
    ...(values["movielens-dir"] === undefined ? {} : { movielensDir: values["movielens-dir"] }),
  };
}

/** A strategy config from a name (Krum's f defaults to the Byzantine edges expected, at least 1) or JSON. */
function strategyOf(name: string | undefined, json: string | undefined, context: { regions: number; byzantine: number; mode: string; asyncBuffer: number }): StrategyConfig {
  let raw: unknown;
  if (json !== undefined) {
    try {
      raw = JSON.parse(json);
    } catch {
      throw new UsageError("--strategy-json is not JSON");
    }
  } else {
    const chosen = name ?? (context.mode === "async" ? "fedbuff" : D.strategy.name);
    const f = Math.max(1, Math.floor(context.byzantine * context.regions + 1e-9));
    raw =
      chosen === "krum" || chosen === "multikrum"
        ? { name: chosen, f }
        : chosen === "fedbuff"
          ? { name: chosen, bufferSize: asyncBufferSize(context.asyncBuffer, context.regions) }
          : { name: chosen };
  }
  const parsed = strategyConfigSchema.safeParse(raw);
  if (!parsed.success) throw new UsageError(`invalid strategy: ${parsed.error.issues.map((i) => `${i.path.join(".") || "config"}: ${i.message}`).join("; ")}`);
  return raw as StrategyConfig;
}
