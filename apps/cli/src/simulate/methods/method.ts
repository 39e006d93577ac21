import type { Scorer } from "../scorer.js";

/** A stage of the stream a method learns from: the warm-up (index −1) or window `index`. */
export interface Stage {
  readonly index: number;
  /** Indices of the stage's records in the stream plan (interactions, or labeled texts), all regions. */
  readonly interactions: Int32Array;
}

/**
 * One way of recommending (or classifying), compared with the others on the
 * same windows; `S` is what evaluation reads (ranking: a {@link Scorer}).
 */
export interface Method<S = Scorer> {
  /** Short key used in metrics.json and charts, e.g. "federated". */
  readonly name: string;
  /** What the report calls it. */
  readonly label: string;
  /** Learns from a stage's records (after the stage has been evaluated). */
  learn(stage: Stage): Promise<void>;
  /** The scorer that serves users of `region` now. */
  scorer(region: number): S;
  /** Counters for the report (the federated method: releases, pushes, mean staleness). */
  stats?(): Record<string, number>;
  dispose(): Promise<void>;
}
