import type { StrategyConfig } from "@tributary/aggregation";
import type { DtypeName } from "@tributary/protocol";

/** Rounds mode: synchronous rounds, or asynchronous buffered aggregation (FedBuff). */
export const RoundsMode = { Sync: "sync", Async: "async" } as const;
export type RoundsMode = (typeof RoundsMode)[keyof typeof RoundsMode];

/** Everything one `tributary simulate` run depends on; equal configs give equal reports (except timings). */
export interface SimulateConfig {
  /** Number of regions (one edge agent each); ignored when BYO data carries regions. */
  readonly regions: number;
  /** Windows of the stream after the warm-up. */
  readonly windows: number;
  /** Share of the users kept (a seeded hash of the user id decides), in (0, 1]: smaller, faster runs. */
  readonly userShare: number;
  /** Share of the stream (in time order) that is history before the first window, in [0, 1). */
  readonly warmupFraction: number;
  /** Federated rounds on the warm-up history (each edge trains on its own part). */
  readonly warmupRounds: number;
  /** Federated rounds per window (each with a fresh replay sample and fresh negatives). */
  readonly roundsPerWindow: number;
  /** Epochs per window (warm-up: per warm-up round) of the single-place learners: centralized, local-only, naive. */
  readonly localEpochs: number;
  /** Adam's step size for the single-place learners. */
  readonly learningRate: number;
  /**
   * The federated edges' local epochs and Adam step size per round (the round
   * config). Tuned apart from the single-place learners: an edge sees 1/regions
   * of the data, so at the same settings a round averages away most of the
   * progress one pass over the pooled data makes (see the report of issue 8).
   */
  readonly edgeEpochs: number;
  readonly edgeLearningRate: number;
  /** Replayed past examples per new example, for every method that replays (0 = none). */
  readonly replayRatio: number;
  /** Sampled negative items per positive interaction in training. */
  readonly negatives: number;
  /** The server's aggregation strategy (packages/aggregation's config). */
  readonly strategy: StrategyConfig;
  readonly mode: RoundsMode;
  /**
   * Async mode: pushes the coordinator buffers before it steps (FedBuff's K);
   * 0 = half the edges, rounded up.
   */
  readonly asyncBuffer: number;
  /** Async mode: an update more than this many versions behind production is refused (STALE_UPDATE). */
  readonly maxStaleness: number;
  /** Encoding of the deltas edges push (packages/protocol's vector codec: f32, f16, i8, topk). */
  readonly codec: DtypeName;
  /** Share of edges that send sign-flipped, scaled deltas, in [0, 1). */
  readonly byzantine: number;
  /** Item-vector dimensions kept by the principal-component projection of the encoder's vectors. */
  readonly featureDim: number;
  /** Hidden widths of the ranking head's MLP. */
  readonly hidden: readonly number[];
  /** Test interactions per user per window, and per window in all. */
  readonly testPerUser: number;
  readonly maxTestCases: number;
  /** Test cases per window that are also ranked against the whole catalog (it costs one full scoring each). */
  readonly fullCatalogCases: number;
  readonly seed: number;
  /** PGlite in memory when absent. */
  readonly databaseUrl?: string;
  /** Where data sets and the embedding cache live. */
  readonly cacheDir: string;
  /** Where report.md, metrics.json and the charts go. */
  readonly outDir: string;
  /** Bring-your-own interactions (JSONL) instead of MovieLens. */
  readonly interactionsFile?: string;
  /**
   * Bring-your-own labeled texts (JSONL: text, label, region?, timestamp?): the
   * run classifies them instead of ranking a catalog (classification/).
   */
  readonly textsFile?: string;
  /** A GroupLens ml-latest-small folder instead of the cached Debian copy. */
  readonly movielensDir?: string;
}

/** The defaults of `tributary simulate` (and `npm run demo`), chosen to finish within 5 minutes on 2 cores. */
export const DEFAULT_SIMULATE_CONFIG = {
  regions: 8,
  windows: 6,
  userShare: 1,
  warmupFraction: 0.5,
  warmupRounds: 2,
  roundsPerWindow: 2,
  localEpochs: 2,
  learningRate: 3e-3,
  edgeEpochs: 2,
  edgeLearningRate: 1.5e-2,
  replayRatio: 1,
  negatives: 3,
  strategy: { name: "fedavg" },
  mode: RoundsMode.Sync,
  asyncBuffer: 0,
  maxStaleness: 4,
  codec: "f32",
  byzantine: 0,
  featureDim: 64,
  hidden: [64],
  testPerUser: 3,
  maxTestCases: 400,
  fullCatalogCases: 100,
  seed: 7,
} as const satisfies Omit<SimulateConfig, "cacheDir" | "outDir">;
