import { headScorer } from "../ranking-learner.js";
import type { Method, Stage } from "./method.js";
import { ReplayLearner, type ReplayLearnerOptions } from "./replay-learner.js";

/**
 * Centralized: one model trained on every region's data pooled, with replay —
 * the upper bound that federation gives up for privacy. `fork` gives the naive
 * continual fine-tuning baseline: the same model after the warm-up, then each
 * window without replay.
 */
export interface CentralizedMethod extends Method {
  /** A method starting from this one's current θ (call it after the warm-up). */
  fork(name: string, label: string, changes: { replayRatio: number }): Promise<CentralizedMethod>;
}

/** Creates the centralized method (or, through `fork`, naive fine-tuning). */
export async function createCentralizedMethod(options: ReplayLearnerOptions, names = { name: "centralized", label: "centralized (pooled data, replay)" }): Promise<CentralizedMethod> {
  return wrap(await ReplayLearner.create(options), names);
}

function wrap(learner: ReplayLearner, names: { name: string; label: string }): CentralizedMethod {
  const scorer = headScorer(learner.head);
  return {
    ...names,
    learn: (stage: Stage) => learner.learn(stage.interactions, stage.index),
    scorer: () => scorer,
    async fork(name, label, changes) {
      return wrap(await learner.fork(changes), { name, label });
    },
    async dispose() {
      learner.dispose();
    },
  };
}
