import type { Scorer } from "../scorer.js";

/** A stage of the stream a method learns from: the warm-up (index −1) or window `index`. */
export interface Stage {
  readonly index: number;
  /** Interaction indices of the stage (all regions). */
  readonly interactions: Int32Array;
}

/** One way of recommending, compared with the others on the same windows. */
export interface Method {
  /** Short key used in metrics.json and charts, e.g. "federated". */
  readonly name: string;
  /** What the report calls it. */
  readonly label: string;
  /** Learns from a stage's interactions (after the stage has been evaluated). */
  learn(stage: Stage): Promise<void>;
  /** The scorer that serves users of `region` now. */
  scorer(region: number): Scorer;
  dispose(): Promise<void>;
}
