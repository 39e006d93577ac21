import { headScorer } from "../ranking-learner.js";
import type { Scorer } from "../scorer.js";
import { inRegion } from "../stream-plan.js";
import type { Method, Stage } from "./method.js";
import { ReplayLearner, type ReplayLearnerOptions } from "./replay-learner.js";

/**
 * Local-only: each region's edge learns alone from its own users (with
 * replay), never sharing anything; a region's users are served by its model.
 */
export async function createLocalOnlyMethod(options: ReplayLearnerOptions): Promise<Method> {
  const regions = options.plan.partition.names.length;
  const learners: ReplayLearner[] = [];
  for (let r = 0; r < regions; r++) learners.push(await ReplayLearner.create({ ...options, settings: { ...options.settings, seed: options.settings.seed + 101 * (r + 1) } }));
  const scorers: Scorer[] = learners.map((l) => headScorer(l.head));
  return {
    name: "local-only",
    label: "local-only (each region alone)",
    async learn(stage: Stage) {
      for (let r = 0; r < regions; r++) await learners[r]!.learn(inRegion(options.plan, stage.interactions, r), stage.index);
    },
    scorer: (region) => scorers[region]!,
    async dispose() {
      for (const l of learners) l.dispose();
    },
  };
}
