import { strategyConfigSchema } from "@tributary/aggregation";
import type { SettingsRepository } from "@tributary/db";
import { z } from "zod";

/** How rounds run. */
export const roundSettingsSchema = z.object({
  /** "sync": edges train when a round opens; "async" (FedBuff): edges push whenever ready. */
  mode: z.enum(["sync", "async"]).default("sync"),
  /** Fewest accepted updates a round may close with (at its deadline, or by an admin). */
  minUpdates: z.number().int().positive().default(2),
  /** Accepted updates that close a round at once; null → all sampled participants, or minUpdates when not sampling. */
  targetUpdates: z.number().int().positive().nullable().default(null),
  /** Share of live edges sampled into a sync round; 1 → every edge may take part. */
  fraction: z.number().gt(0).max(1).default(1),
  /** Fewest edges sampled when fraction < 1. */
  minParticipants: z.number().int().positive().default(1),
  /** Seconds after opening when a sync round closes with what it has (or fails); null → no deadline. */
  deadlineSeconds: z.number().positive().nullable().default(null),
  /** Async mode: updates more versions behind production than this are refused. */
  maxStaleness: z.number().int().nonnegative().default(2),
  localEpochs: z.number().int().positive().default(1),
  learningRate: z.number().positive().default(0.05),
});
export type RoundSettings = z.infer<typeof roundSettingsSchema>;

/** The evaluation gate a candidate passes before promotion. */
export const gateSettingsSchema = z.object({
  /** The metric compared (server holdout and federated evaluation report it). */
  metric: z.string().default("loss"),
  direction: z.enum(["lower", "higher"]).default("lower"),
  /** Relative slack: a candidate up to this much worse than production still passes (0.01 = 1 %). */
  tolerance: z.number().min(0).default(0),
  /** Edges whose evaluations a decision waits for; 0 → no federated evaluation. */
  federatedMinEdges: z.number().int().nonnegative().default(0),
  /** Seconds to wait for federated evaluations before deciding on what arrived. */
  federatedTimeoutSeconds: z.number().positive().default(60),
});
export type GateSettings = z.infer<typeof gateSettingsSchema>;

/** Automatic rollback when live metrics of production regress against its predecessor. */
export const autoRollbackSettingsSchema = z.object({
  enabled: z.boolean().default(false),
  metric: z.string().default("loss"),
  direction: z.enum(["lower", "higher"]).default("lower"),
  /** Relative regression that triggers a rollback (0.1 = 10 % worse). */
  threshold: z.number().positive().default(0.1),
  /** Live examples needed on both versions before comparing. */
  minExamples: z.number().int().positive().default(100),
});
export type AutoRollbackSettings = z.infer<typeof autoRollbackSettingsSchema>;

/** Everything an admin can change at run time, stored under one settings key. */
export const coordinatorSettingsSchema = z.object({
  strategy: strategyConfigSchema.default({ name: "fedavg" }),
  round: roundSettingsSchema.default(roundSettingsSchema.parse({})),
  gate: gateSettingsSchema.default(gateSettingsSchema.parse({})),
  autoRollback: autoRollbackSettingsSchema.default(autoRollbackSettingsSchema.parse({})),
  /** L2 bound on a delta; larger ones are refused with NORM_BOUND_EXCEEDED. null → no bound. */
  maxDeltaNorm: z.number().positive().nullable().default(null),
  /** No rounds open and no updates are taken while paused. */
  paused: z.boolean().default(false),
});
export type CoordinatorSettings = z.infer<typeof coordinatorSettingsSchema>;

/** A partial settings object, merged section by section over the current one. */
export interface SettingsPatch {
  strategy?: z.input<typeof strategyConfigSchema>;
  round?: Partial<z.input<typeof roundSettingsSchema>>;
  gate?: Partial<z.input<typeof gateSettingsSchema>>;
  autoRollback?: Partial<z.input<typeof autoRollbackSettingsSchema>>;
  maxDeltaNorm?: number | null;
  paused?: boolean;
}

const KEY = "coordinator";

/**
 * Merges `patch` over `base` (sections shallowly; `strategy` replaced whole) and validates.
 * @throws ZodError for an invalid result
 */
export function mergeSettings(base: CoordinatorSettings, patch: SettingsPatch): CoordinatorSettings {
  return coordinatorSettingsSchema.parse({
    strategy: patch.strategy ?? base.strategy,
    round: { ...base.round, ...patch.round },
    gate: { ...base.gate, ...patch.gate },
    autoRollback: { ...base.autoRollback, ...patch.autoRollback },
    maxDeltaNorm: patch.maxDeltaNorm === undefined ? base.maxDeltaNorm : patch.maxDeltaNorm,
    paused: patch.paused ?? base.paused,
  });
}

/** The stored settings (defaults where nothing valid is stored). */
export async function loadSettings(repo: SettingsRepository): Promise<CoordinatorSettings> {
  const stored = coordinatorSettingsSchema.safeParse((await repo.get(KEY)) ?? {});
  return stored.success ? stored.data : coordinatorSettingsSchema.parse({});
}

/** Stores settings (in the caller's transaction, if any). */
export function saveSettings(repo: SettingsRepository, settings: CoordinatorSettings): Promise<void> {
  return repo.set(KEY, settings);
}
