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

/** A round opened for edges to train on. */
export const roundEventSchema = z.object({
  type: z.literal("round-open"),
  roundId: z.number().int().positive(),
  baseVersion: versionIdSchema,
  config: z.object({
    strategy: z.string(),
    minUpdates: z.number().int().positive(),
    localEpochs: z.number().int().positive(),
    learningRate: z.number().positive(),
  }),
  at: z.string(),
});
export type RoundEvent = z.infer<typeof roundEventSchema>;

/** Everything the coordinator publishes on its event stream. */
export const coordinatorEventSchema = z.discriminatedUnion("type", [
  releaseEventSchema.extend({ type: z.literal("release") }),
  releaseEventSchema.extend({ type: z.literal("rollback") }),
  roundEventSchema,
]);
export type CoordinatorEvent = z.infer<typeof coordinatorEventSchema>;
