import { z } from "zod";

/** A model version id: a positive integer assigned by the coordinator. */
export const versionIdSchema = z.number().int().positive();

/** Named scalar metrics, e.g. `{ loss: 0.41, auc: 0.77 }`. Values must be finite. */
export const metricsSchema = z.record(z.string().min(1).max(64), z.number().refine(Number.isFinite, "must be finite"));
export type Metrics = z.infer<typeof metricsSchema>;

/** Input of `edges.register`. */
export const registerEdgeInputSchema = z.object({
  bootstrapSecret: z.string().min(1),
  name: z.string().min(1).max(128),
  region: z.string().min(1).max(64),
});
export type RegisterEdgeInput = z.infer<typeof registerEdgeInputSchema>;

/** Metadata that travels with an update's binary body (the encoded delta). */
export const updateMetaSchema = z.object({
  /** Unique per (edge, attempt): a retry with the same key is answered with the first result. */
  idempotencyKey: z.string().min(8).max(128),
  /** Optional: the edge the sender claims to be; refused with FORBIDDEN unless it is the token's edge. */
  edgeId: z.string().optional(),
  roundId: z.number().int().positive(),
  baseVersion: versionIdSchema,
  numExamples: z.number().int().positive(),
  metrics: metricsSchema.default({}),
});
export type UpdateMeta = z.infer<typeof updateMetaSchema>;

/** A model release announced to edges (a new production version, or a rollback). */
export const releaseEventSchema = z.object({
  type: z.enum(["release", "rollback"]),
  version: versionIdSchema,
  previousVersion: versionIdSchema.nullable(),
  specHash: z.string(),
  roundId: z.number().int().positive().nullable(),
  at: z.string(),
});
export type ReleaseEvent = z.infer<typeof releaseEventSchema>;

/** What a round asks of its edges (recorded with the round, announced with it). */
export const roundConfigSchema = z.object({
  strategy: z.string(),
  /** "sync": edges train when the round opens; "async" (FedBuff): edges push whenever ready. */
  mode: z.enum(["sync", "async"]).default("sync"),
  minUpdates: z.number().int().positive(),
  localEpochs: z.number().int().positive(),
  learningRate: z.number().positive(),
  /** ISO time after which a sync round closes with what it has (or fails below its minimum). */
  deadline: z.string().nullable().default(null),
  /** Edges sampled to take part (sync mode); null → every edge may. */
  participants: z.array(z.string()).nullable().default(null),
  /** Async mode: updates more than this many versions behind production are refused. */
  maxStaleness: z.number().int().nonnegative().default(0),
});
export type RoundConfig = z.infer<typeof roundConfigSchema>;

/** A round opened for edges to train on. */
export const roundEventSchema = z.object({
  type: z.literal("round-open"),
  roundId: z.number().int().positive(),
  baseVersion: versionIdSchema,
  config: roundConfigSchema,
  at: z.string(),
});

/** Asks edges to evaluate a candidate on their local held-out data and report (federated evaluation). */
export const evaluateEventSchema = z.object({
  type: z.literal("evaluate"),
  candidateVersion: versionIdSchema,
  /** The production version to evaluate beside it, on the same local data. */
  baselineVersion: versionIdSchema,
  roundId: z.number().int().positive().nullable(),
  at: z.string(),
});
export type EvaluateEvent = z.infer<typeof evaluateEventSchema>;

/** Input of `evaluations.submit`: one edge's metrics of a candidate on its local held-out data. */
export const evaluationInputSchema = z.object({
  candidateVersion: versionIdSchema,
  numExamples: z.number().int().positive(),
  /** The candidate's metrics on the edge's held-out data. */
  metrics: metricsSchema,
  /** The baseline (production) version's metrics on the same data. */
  baselineMetrics: metricsSchema,
});
export type EvaluationInput = z.infer<typeof evaluationInputSchema>;

/** Input of `edges.reportMetrics`: live metrics of the version an edge serves (drives auto-rollback). */
export const liveMetricsInputSchema = z.object({
  version: versionIdSchema,
  numExamples: z.number().int().positive(),
  metrics: metricsSchema,
});
export type LiveMetricsInput = z.infer<typeof liveMetricsInputSchema>;

/** Input of `edges.reportDrift`: a drift detector fired at an edge. */
export const driftReportInputSchema = z.object({
  detector: z.string().min(1).max(64),
  statistic: z.number().refine(Number.isFinite, "must be finite"),
  threshold: z.number().refine(Number.isFinite, "must be finite"),
  version: versionIdSchema.nullable(),
  at: z.string().datetime(),
  details: z.record(z.string(), z.unknown()).default({}),
});
export type DriftReportInput = z.infer<typeof driftReportInputSchema>;
export type RoundEvent = z.infer<typeof roundEventSchema>;

/** Everything the coordinator publishes on its event stream. */
export const coordinatorEventSchema = z.discriminatedUnion("type", [
  releaseEventSchema.extend({ type: z.literal("release") }),
  releaseEventSchema.extend({ type: z.literal("rollback") }),
  roundEventSchema,
  evaluateEventSchema,
]);
export type CoordinatorEvent = z.infer<typeof coordinatorEventSchema>;
