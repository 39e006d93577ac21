import type { TextEncoder } from "@tributary/model";
import { encodeCatalog, type ItemFeatures } from "./item-features.js";
import type { Method } from "./methods/method.js";
import { createCentralizedMethod } from "./methods/centralized-method.js";
import { createLocalOnlyMethod } from "./methods/local-only-method.js";
import { createPopularityMethod } from "./methods/popularity-method.js";
import type { ReplayLearnerOptions } from "./methods/replay-learner.js";
import { createZeroShotMethod } from "./methods/zero-shot-method.js";
import { evaluateScorer, type WindowMetrics } from "./ranking-metrics-of.js";
import type { SimulateConfig } from "./simulate-config.js";
import { loadSimulationData } from "./simulation-data.js";
import { planStream, type StreamPlan } from "./stream-plan.js";
import { buildTestCases, type TestCase } from "./test-cases.js";
import { startProgress } from "./progress.js";

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

/** Forgetting of one method on the first window's test cases. */
export interface Forgetting {
  /** NDCG@10 right after learning window 0. */
  readonly afterFirst: number;
  /** NDCG@10 after the last window. */
  readonly atEnd: number;
  /** afterFirst − atEnd (positive: it forgot). */
  readonly drop: number;
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
  readonly forgetting: Record<string, Forgetting>;
  readonly encoder: { id: string; rawDim: number; dim: number; explainedVariance: number };
  readonly seconds: Record<string, number>;
}

/** What a federated method needs to be built (the runner supplies the plan and features). */
export type FederatedFactory = (options: ReplayLearnerOptions) => Promise<Method>;

/** Options of {@link runSimulation}. */
export interface RunSimulationOptions {
  readonly config: SimulateConfig;
  /** Builds the federated method; without it the run has only the baselines. */
  readonly federated?: FederatedFactory;
  /** Gets each window's rows for the per-window table. */
  readonly onWindow?: (window: WindowInfo, metrics: Record<string, WindowMetrics>) => void;
  readonly quiet?: boolean;
  /** An encoder instead of the cached default (tests). */
  readonly encoder?: TextEncoder;
}

/**
 * Replays the log window by window through every method: evaluate on window w
 * (prequential: the methods have learned only what came before it), then let
 * them learn it. Deterministic for a config.
 */
export async function runSimulation(options: RunSimulationOptions): Promise<SimulationResult> {
  const { config } = options;
  const seconds: Record<string, number> = {};
  const timed = async <T>(key: string, fn: () => Promise<T>): Promise<T> => {
    const t = performance.now();
    try {
      return await fn();
    } finally {
      seconds[key] = (seconds[key] ?? 0) + (performance.now() - t) / 1000;
    }
  };
  const data = await timed("load", () => loadSimulationData(config));
  const features: ItemFeatures = await timed("encode", () =>
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
  const centralized = await createCentralizedMethod(learnerOptions);
  const methods: Method[] = [createPopularityMethod(plan, features.ids.length), createZeroShotMethod(features), centralized, await createLocalOnlyMethod(learnerOptions)];
  if (options.federated) methods.push(await options.federated(learnerOptions));
  try {
    await timed("warm-up", async () => {
      const progress = startProgress("learning the warm-up history", methods.length, { quiet: options.quiet });
      for (const [k, method] of methods.entries()) {
        await timed(`learn:${method.name}`, () => method.learn({ index: -1, interactions: plan.warmup }));
        progress.update(k + 1);
      }
      progress.finish();
    });
    methods.push(await centralized.fork("naive", "naive fine-tuning (no replay)", { replayRatio: 0 }));

    const metrics: Record<string, WindowMetrics[]> = Object.fromEntries(methods.map((m) => [m.name, []]));
    const afterFirst: Record<string, number> = {};
    const windows: WindowInfo[] = [];
    for (let w = 0; w < plan.windows.length; w++) {
      const info = describeWindow(plan, w, cases[w]!.length);
      windows.push(info);
      const row: Record<string, WindowMetrics> = {};
      await timed("evaluate", async () => {
        for (const method of methods) row[method.name] = evaluateMethod(method, cases[w]!);
      });
      for (const method of methods) metrics[method.name]!.push(row[method.name]!);
      options.onWindow?.(info, row);
      const progress = startProgress(`window ${w + 1}/${plan.windows.length}: learning`, methods.length, { quiet: options.quiet });
      for (const [k, method] of methods.entries()) {
        await timed(`learn:${method.name}`, () => method.learn({ index: w, interactions: plan.windows[w]! }));
        progress.update(k + 1);
      }
      progress.finish();
      if (w === 0) await timed("evaluate", async () => methods.forEach((m) => (afterFirst[m.name] = evaluateMethod(m, cases[0]!).ndcg10)));
    }
    const forgetting: Record<string, Forgetting> = {};
    await timed("evaluate", async () => {
      for (const m of methods) {
        const atEnd = evaluateMethod(m, cases[0]!).ndcg10;
        forgetting[m.name] = { afterFirst: afterFirst[m.name]!, atEnd, drop: afterFirst[m.name]! - atEnd };
      }
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
      encoder: { id: features.encoderId, rawDim: features.rawDim, dim: features.dim, explainedVariance: features.projection.explained },
      seconds,
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
