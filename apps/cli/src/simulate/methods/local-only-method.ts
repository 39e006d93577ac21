import type { Trainable } from "@tributary/model";
import type { LearningTask } from "./learning-task.js";
import type { Method, Stage } from "./method.js";
import { ReplayLearner } from "./replay-learner.js";

/**
 * Local-only: each region's edge learns alone from its own records (with
 * replay), never sharing anything; a region's users are served by its model.
 */
export async function createLocalOnlyMethod<E, H extends Trainable<E>, S>(task: LearningTask<E, H, S>): Promise<Method<S>> {
  const learners: ReplayLearner<E, H, S>[] = [];
  for (let r = 0; r < task.regions; r++) learners.push(await ReplayLearner.create(task, task.settings.seed + 101 * (r + 1)));
  const scorers = learners.map((l) => task.scorer(l.head));
  return {
    name: "local-only",
    label: "local-only (each region alone)",
    async learn(stage: Stage) {
      for (let r = 0; r < task.regions; r++) await learners[r]!.learn(task.inRegion(stage.interactions, r), stage.index);
    },
    scorer: (region) => scorers[region]!,
    async dispose() {
      for (const l of learners) l.dispose();
    },
  };
}
