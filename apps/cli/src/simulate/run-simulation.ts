import { encodeCatalog, type ItemFeatures } from "./item-features.js";
import type { Method } from "./methods/method.js";
import { createCentralizedMethod } from "./methods/centralized-method.js";
import { createLocalOnlyMethod } from "./methods/local-only-method.js";
import { createPopularityMethod } from "./methods/popularity-method.js";
import { rankingTask } from "./methods/ranking-task.js";
import type { ReplayLearnerOptions } from "./methods/replay-learner.js";
import { createZeroShotMethod } from "./methods/zero-shot-method.js";
import { runPrequential, type Forgetting } from "./prequential-run.js";
import { evaluateScorer, type WindowMetrics } from "./ranking-metrics-of.js";
import type { RunOptions } from "./run-options.js";
import { loadSimulationData } from "./simulation-data.js";
import { createStepTimer } from "./step-timer.js";
import { planStream, type StreamPlan } from "./stream-plan.js";
import { buildTestCases, type TestCase } from "./test-cases.js";

/** One window of the report. */
export interface WindowInfo {
  readonly index: number;
  readonly interactions: number;
  readonly users: number;
  /** ISO dates of the first and last interaction. */
  readonly from: string;
  readonly to: string;
  readonly testCases: number;
}

/** Everything a run measured; metrics.json is this object. */
export interface SimulationResult {
  readonly source: string;
  readonly catalog: number;
  readonly regions: readonly { name: string; users: number; interactions: number }[];
  readonly windows: readonly WindowInfo[];
  readonly methods: readonly { name: string; label: string }[];
  /** metrics[method][window]: evaluated on the window before learning it. */
  readonly metrics: Record<string, WindowMetrics[]>;
  /** In NDCG@10 on window 0's test cases. */
  readonly forgetting: Record<string, Forgetting>;
  /** Counters some methods keep (the federated one: releases, pushes, mean staleness of its updates). */
  readonly stats: Record<string, Record<string, number>>;
  readonly encoder: { id: string; rawDim: number; dim: number; explainedVariance: number };
  readonly seconds: Record<string, number>;
}

/** What a federated method needs to be built (the runner supplies the plan and features). */
export type FederatedFactory = (options: ReplayLearnerOptions) => Promise<Method>;

/** Options of {@link runSimulation}. */
export interface RunSimulationOptions extends RunOptions<WindowInfo, WindowMetrics> {
  /** Builds the federated method; without it the run has only the baselines. */
  readonly federated?: FederatedFactory;
}

/**
 * Replays the log window by window through every method: evaluate on window w
 * (prequential: the methods have learned only what came before it), then let
 * them learn it. Deterministic for a config.
 */
export async function runSimulation(options: RunSimulationOptions): Promise<SimulationResult> {
  const { config } = options;
  const timer = createStepTimer();
  const data = await timer.timed("load", () => loadSimulationData(config));
  const features: ItemFeatures = await timer.timed("encode", () =>
    encodeCatalog({ items: data.items, cacheDir: config.cacheDir, dim: config.featureDim, seed: config.seed, quiet: options.quiet, ...(options.encoder ? { encoder: options.encoder } : {}) }),
  );
  const plan = planStream({ interactions: data.interactions, features, regions: config.regions, windows: config.windows, warmupFraction: config.warmupFraction, seed: config.seed });
  const cases = plan.windows.map((_, w) =>
    buildTestCases({ plan, features, window: w, perUser: config.testPerUser, max: config.maxTestCases, fullCatalog: config.fullCatalogCases, seed: config.seed }),
  );
  const learnerOptions: ReplayLearnerOptions = {
    plan,
    features,
    settings: { hidden: config.hidden, learningRate: config.learningRate, localEpochs: config.localEpochs, seed: config.seed },
    replayRatio: config.replayRatio,
    negatives: config.negatives,
    warmupEpochs: config.warmupRounds * config.localEpochs,
  };
  const task = rankingTask(learnerOptions);
  const centralized = await createCentralizedMethod(task);
  const methods: Method[] = [createPopularityMethod(plan, features.ids.length), createZeroShotMethod(features), centralized, await createLocalOnlyMethod(task)];
  if (options.federated) methods.push(await options.federated(learnerOptions));
  try {
    const windows = plan.windows.map((_, w) => describeWindow(plan, w, cases[w]!.length));
    const { metrics, forgetting } = await runPrequential({
      methods,
      warmup: plan.warmup,
      windows: plan.windows,
      afterWarmup: async () => [await centralized.fork("naive", "naive fine-tuning (no replay)", { replayRatio: 0 })],
      evaluate: (method, w) => evaluateMethod(method, cases[w]!),
      headline: (m) => m.ndcg10,
      onWindow: (w, row) => options.onWindow?.(windows[w]!, row),
      timer,
      quiet: options.quiet,
    });
    const sizes = plan.partition.names.map((name, r) => ({ name, users: plan.partition.usersByRegion[r]!.length, interactions: plan.region.filter((x) => x === r).length }));
    return {
      source: data.source,
      catalog: features.ids.length,
      regions: sizes,
      windows,
      methods: methods.map((m) => ({ name: m.name, label: m.label })),
      metrics,
      forgetting,
      stats: Object.fromEntries(methods.flatMap((m) => (m.stats ? [[m.name, m.stats()]] : []))),
      encoder: { id: features.encoderId, rawDim: features.rawDim, dim: features.dim, explainedVariance: features.projection.explained },
      seconds: timer.seconds,
    };
  } finally {
    for (const m of methods) await m.dispose();
  }
}

/** Evaluates a method with each test case scored by its region's scorer. */
function evaluateMethod(method: Method, cases: readonly TestCase[]): WindowMetrics {
  const byRegion = new Map<number, TestCase[]>();
  for (const c of cases) byRegion.set(c.region, [...(byRegion.get(c.region) ?? []), c]);
  const parts = [...byRegion].map(([region, mine]) => evaluateScorer(method.scorer(region), mine));
  const total = parts.reduce((n, p) => n + p.cases, 0);
  const fullTotal = parts.reduce((n, p) => n + p.fullCases, 0);
  const weighted = (key: "hr10" | "ndcg10") => parts.reduce((s, p) => s + p[key] * p.cases, 0) / Math.max(1, total);
  return {
    hr10: weighted("hr10"),
    ndcg10: weighted("ndcg10"),
    fullNdcg10: parts.reduce((s, p) => s + p.fullNdcg10 * p.fullCases, 0) / Math.max(1, fullTotal),
    cases: total,
    fullCases: fullTotal,
  };
}

function describeWindow(plan: StreamPlan, w: number, testCases: number): WindowInfo {
  const indices = plan.windows[w]!;
  const first = plan.interactions[indices[0]!];
  const last = plan.interactions[indices[indices.length - 1]!];
  const date = (t: number | undefined) => (t === undefined ? "-" : new Date(t * 1000).toISOString().slice(0, 10));
  return {
    index: w,
    interactions: indices.length,
    users: new Set(Array.from(indices, (i) => plan.interactions[i]!.userId)).size,
    from: date(first?.timestamp),
    to: date(last?.timestamp),
    testCases,
  };
}
