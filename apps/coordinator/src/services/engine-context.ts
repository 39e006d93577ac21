import type { Strategy } from "@tributary/aggregation";
import type { Repository } from "@tributary/db";
import type { ParameterSpec } from "@tributary/protocol";
import type { Logger } from "../logger.js";
import type { CoordinatorSettings } from "./coordinator-settings.js";
import type { EventBus } from "./event-bus.js";
import type { CoordinatorMetrics } from "./metrics.js";

/** The alias edges serve and train from. */
export const PRODUCTION = "production";
/** The alias of the newest aggregated version, promoted or not (MLflow's challenger). */
export const CANDIDATE = "candidate";

/** Advisory-lock keys. One global key serialises alias moves and round openings across processes. */
export const GLOBAL_LOCK = 0x7472_6200;
/** The advisory-lock key of one round (pushes and closing of that round). */
export function roundLock(roundId: number): number {
  return 0x7472_0000_0000 + roundId;
}

/**
 * Metrics of a version on the coordinator's own held-out data (the server side
 * of the eval gate), e.g. `{ loss, accuracy }` over `numExamples` examples.
 */
export type ServerEvaluator = (params: Float32Array, spec: ParameterSpec) => Promise<{ numExamples: number; metrics: Record<string, number> }>;

/** What the round engine and the release manager share. */
export interface EngineContext {
  readonly repo: Repository;
  readonly bus: EventBus;
  readonly log: Logger;
  readonly metrics: CoordinatorMetrics;
  /** The settings in force now. */
  settings(): CoordinatorSettings;
  /** The strategy for the current settings (one instance per config, so server-optimizer state carries over). */
  strategy(): Strategy;
  readonly evaluator: ServerEvaluator | null;
}
