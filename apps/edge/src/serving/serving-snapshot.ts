import type { RankingScorer } from "./ranking-scorer.js";

/**
 * What one request is answered with: the global version and the edge's
 * locally adapted copy, built completely before it is published. A request
 * reads the current snapshot once and uses nothing else, so a hot swap (one
 * reference assignment) never shows it half a model.
 */
export interface ServingSnapshot {
  /** Increases with every publication. */
  readonly id: number;
  /** The global (production) version served. */
  readonly version: number;
  /** Local training runs applied on top of `version` (0 = the local copy is the global model). */
  readonly localRevision: number;
  readonly global: RankingScorer;
  /** The locally adapted copy; null while it equals the global model. */
  readonly local: RankingScorer | null;
}

/** The blend of model fusion: final = global·p_global + local·p_local + popularity·prior. */
export interface FusionWeights {
  readonly global: number;
  readonly local: number;
  readonly popularity: number;
}
