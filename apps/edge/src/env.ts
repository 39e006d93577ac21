import { z } from "zod";

const number = (fallback: number) => z.coerce.number().finite().default(fallback);
const list = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((s) => s.split(",").map((x) => Number(x.trim())))
    .pipe(z.array(z.number().finite()));

/**
 * The edge's environment, validated once. Nothing else in the app reads
 * `process.env`. Required: the coordinator URL and the bootstrap secret.
 */
export const edgeEnvSchema = z.object({
  TRIBUTARY_COORDINATOR_URL: z.string().url(),
  TRIBUTARY_BOOTSTRAP_SECRET: z.string().min(8),
  EDGE_NAME: z.string().min(1).max(128).default("edge"),
  EDGE_REGION: z.string().min(1).max(64).default("default"),
  /** SQLite file of the durable store. */
  EDGE_STORE_PATH: z.string().min(1).default("./edge.sqlite"),
  EDGE_HOST: z.string().default("127.0.0.1"),
  EDGE_PORT: z.coerce.number().int().min(0).max(65535).default(4200),
  /** JSON lines of {"id": "...", "text": "..."} added to the catalog at start. */
  EDGE_CATALOG_FILE: z.string().min(1).optional(),
  /** "use" (the embedded Universal Sentence Encoder) or "hashing:<dim>" (feature hashing: tests, demos). */
  EDGE_ENCODER: z.string().regex(/^(use|hashing:\d+)$/, 'expected "use" or "hashing:<dim>"').default("use"),
  /** Hidden widths of the ranking head, e.g. "64" or "128,32"; must match the coordinator's model. */
  EDGE_MODEL_HIDDEN: list("64").pipe(z.array(z.number().int().positive()).min(1)),
  EDGE_MODEL_ITEMS: z.coerce.number().int().nonnegative().default(0),
  EDGE_MODEL_SEED: z.coerce.number().int().default(1),
  /** Fusion weights "global,local,popularity". */
  EDGE_FUSION_WEIGHTS: list("0.45,0.45,0.1").pipe(z.array(z.number().nonnegative()).length(3)),
  EDGE_CANDIDATES: z.coerce.number().int().positive().default(100),
  EDGE_REPLAY_POLICY: z.enum(["random", "stratified", "recency"]).default("stratified"),
  EDGE_REPLAY_RATIO: number(0.5).pipe(z.number().min(0).max(0.95)),
  EDGE_REPLAY_DRIFT_RATIO: number(0.2).pipe(z.number().min(0).max(0.95)),
  EDGE_REPLAY_DRIFT_RUNS: z.coerce.number().int().nonnegative().default(3),
  EDGE_REPLAY_HALF_LIFE_MS: number(86_400_000).pipe(z.number().positive()),
  EDGE_RESERVOIR_CAPACITY: z.coerce.number().int().positive().default(5000),
  EDGE_NEGATIVES_PER_POSITIVE: z.coerce.number().int().nonnegative().default(2),
  EDGE_ASYNC_MIN_EXAMPLES: z.coerce.number().int().positive().default(200),
  /** Every n-th interaction is held out from training for federated evaluation; 0: none. */
  EDGE_HOLDOUT_EVERY: z.coerce.number().int().nonnegative().default(10),
  /** Live feedback examples per live-metrics report (the coordinator's automatic rollback compares them). */
  EDGE_LIVE_METRICS_EVERY: z.coerce.number().int().positive().default(200),
  EDGE_LOCAL_EPOCHS: z.coerce.number().int().positive().default(1),
  EDGE_LOCAL_LEARNING_RATE: number(0.01).pipe(z.number().positive()),
  /** Where local training runs: "worker" (a worker thread; serving keeps its event loop) or "main". */
  EDGE_TRAIN_IN: z.enum(["worker", "main"]).default("worker"),
  EDGE_BATCH_SIZE: z.coerce.number().int().positive().default(32),
  EDGE_L2: number(1e-4).pipe(z.number().nonnegative()),
  /** Wire dtype of deltas; the lossy ones (f16, i8, topk) use error feedback. */
  EDGE_DELTA_DTYPE: z.enum(["f32", "f16", "i8", "topk"]).default("f32"),
  /** For EDGE_DELTA_DTYPE=topk: elements sent per delta (default 1 % of θ). */
  EDGE_DELTA_TOPK: z.coerce.number().int().positive().optional(),
  EDGE_PH_DELTA: number(0.005).pipe(z.number().nonnegative()),
  EDGE_PH_LAMBDA: number(25).pipe(z.number().positive()),
  EDGE_ADWIN_DELTA: number(0.002).pipe(z.number().gt(0).lt(1)),
  EDGE_BACKOFF_BASE_MS: z.coerce.number().int().positive().default(500),
  EDGE_BACKOFF_MAX_MS: z.coerce.number().int().positive().default(30_000),
  EDGE_HEARTBEAT_MS: z.coerce.number().int().positive().default(10_000),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

export type EdgeEnv = z.infer<typeof edgeEnvSchema>;

/**
 * Parses an environment (default `process.env`).
 * @throws Error listing every invalid variable
 */
export function readEdgeEnv(source: NodeJS.ProcessEnv = process.env): EdgeEnv {
  const parsed = edgeEnvSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`invalid edge environment:\n${lines.join("\n")}`);
  }
  return parsed.data;
}
