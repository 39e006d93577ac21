import { z } from "zod";

/**
 * The coordinator's environment, validated once. Nothing else in the app reads
 * `process.env`. Every variable is optional so `tributary coordinator` runs on
 * embedded defaults; production deployments set at least the secrets.
 */
export const coordinatorEnvSchema = z.object({
  /** Postgres URL; unset → embedded PGlite. */
  DATABASE_URL: z.preprocess((v) => (v === "" ? undefined : v), z.string().url().optional()),
  /** PGlite data directory when DATABASE_URL is unset; unset → in-memory. */
  TRIBUTARY_PGLITE_DIR: z.string().min(1).optional(),
  TRIBUTARY_HOST: z.string().default("127.0.0.1"),
  TRIBUTARY_PORT: z.coerce.number().int().min(0).max(65535).default(4100),
  /** Shared secret an edge presents once to register and obtain its own token. */
  TRIBUTARY_BOOTSTRAP_SECRET: z.string().min(8).optional(),
  /** Bearer token of the admin API. */
  TRIBUTARY_ADMIN_TOKEN: z.string().min(8).optional(),
  /** Updates that close a round (K). */
  TRIBUTARY_MIN_UPDATES: z.coerce.number().int().positive().default(2),
  /** Seconds local training runs per round are asked for (epochs) and their learning rate. */
  TRIBUTARY_LOCAL_EPOCHS: z.coerce.number().int().positive().default(1),
  TRIBUTARY_LEARNING_RATE: z.coerce.number().positive().default(0.05),
  /** "sync" rounds or "async" (FedBuff) buffers. */
  TRIBUTARY_ROUND_MODE: z.enum(["sync", "async"]).default("sync"),
  /** Seconds after which a sync round closes with what it has; unset → no deadline. */
  TRIBUTARY_ROUND_DEADLINE_SECONDS: z.coerce.number().positive().optional(),
  /** Strategy config as JSON, e.g. {"name":"fedtrimmedavg","beta":0.2}; unset → FedAvg (or what the database holds). */
  TRIBUTARY_STRATEGY: z
    .string()
    .transform((s, ctx) => {
      try {
        return JSON.parse(s) as unknown;
      } catch {
        ctx.addIssue({ code: "custom", message: "must be JSON" });
        return z.NEVER;
      }
    })
    .optional(),
  /** Aggregation compute: "threads" (default) or "tfjs" (CUDA through tfjs-node-gpu where installed, else wasm). */
  TRIBUTARY_COMPUTE_BACKEND: z.enum(["threads", "tfjs"]).default("threads"),
  /** pino level: fatal, error, warn, info, debug, trace or silent. */
  TRIBUTARY_LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** Largest request body accepted, in bytes. */
  TRIBUTARY_MAX_BODY_BYTES: z.coerce.number().int().positive().default(256 * 1024 * 1024),
});

export type CoordinatorEnv = z.infer<typeof coordinatorEnvSchema>;

/**
 * Parses an environment (default `process.env`).
 * @throws Error listing every invalid variable
 */
export function readCoordinatorEnv(source: NodeJS.ProcessEnv = process.env): CoordinatorEnv {
  const parsed = coordinatorEnvSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`invalid coordinator environment:\n${lines.join("\n")}`);
  }
  return parsed.data;
}
