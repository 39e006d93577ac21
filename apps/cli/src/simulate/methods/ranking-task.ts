import type { RankingExamples, RankingHead } from "@tributary/model";
import { createCatalogHead, headScorer, TRAINING_DEFAULTS } from "../ranking-learner.js";
import type { Scorer } from "../scorer.js";
import { inRegion } from "../stream-plan.js";
import { rankingExamples } from "../training-examples.js";
import type { LearningTask } from "./learning-task.js";
import type { ReplayLearnerOptions } from "./replay-learner.js";

/** The ranking path's {@link LearningTask}: the catalog head, implicit-feedback examples with sampled negatives, a head scorer. */
export function rankingTask(options: ReplayLearnerOptions): LearningTask<RankingExamples, RankingHead, Scorer> {
  const { plan, features, settings } = options;
  return {
    regions: plan.partition.names.length,
    inRegion: (records, region) => inRegion(plan, records, region),
    createHead: (seed) => createCatalogHead(features, { hidden: settings.hidden, seed }),
    examples: (records, rng) => rankingExamples(plan, records, options.negatives, rng, features.ids.length),
    scorer: headScorer,
    training: TRAINING_DEFAULTS,
    settings,
    replayRatio: options.replayRatio,
    warmupEpochs: options.warmupEpochs,
  };
}
