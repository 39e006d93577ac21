import type { Trainable } from "@tributary/model";
import type { LearningTask } from "./learning-task.js";
import type { Method, Stage } from "./method.js";
import { ReplayLearner } from "./replay-learner.js";

/**
 * Centralized: one model trained on every region's data pooled, with replay —
 * the upper bound that federation gives up for privacy. `fork` gives the naive
 * continual fine-tuning baseline: the same model after the warm-up, then each
 * window without replay.
 */
export interface CentralizedMethod<S> extends Method<S> {
  /** A method starting from this one's current θ (call it after the warm-up). */
  fork(name: string, label: string, changes: { replayRatio: number }): Promise<CentralizedMethod<S>>;
}

/** Creates the centralized method of `task` (or, through `fork`, naive fine-tuning). */
export async function createCentralizedMethod<E, H extends Trainable<E>, S>(
  task: LearningTask<E, H, S>,
  names = { name: "centralized", label: "centralized (pooled data, replay)" },
): Promise<CentralizedMethod<S>> {
  return wrap(await ReplayLearner.create(task), names);
}

function wrap<E, H extends Trainable<E>, S>(learner: ReplayLearner<E, H, S>, names: { name: string; label: string }): CentralizedMethod<S> {
  const scorer = learner.task.scorer(learner.head);
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
