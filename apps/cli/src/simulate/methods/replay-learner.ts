import { mulberry32, type Rng } from "@tributary/datasets";
import type { RankingHead } from "@tributary/model";
import type { ItemFeatures } from "../item-features.js";
import { createCatalogHead, trainHead, type LearnerSettings } from "../ranking-learner.js";
import { ReplayBuffer, replayCount } from "../replay-buffer.js";
import type { StreamPlan } from "../stream-plan.js";
import { rankingExamples } from "../training-examples.js";

/** Options of {@link ReplayLearner}. */
export interface ReplayLearnerOptions {
  readonly plan: StreamPlan;
  readonly features: ItemFeatures;
  readonly settings: LearnerSettings;
  readonly replayRatio: number;
  readonly negatives: number;
  /** Epochs on the warm-up (the federated run's warm-up rounds × local epochs, for a like-for-like comparison). */
  readonly warmupEpochs: number;
}

/**
 * One model learning continually in one place: on each stage it trains on the
 * new interactions plus a replayed sample of what it learned before (none when
 * replayRatio is 0: naive fine-tuning), then remembers the new ones.
 */
export class ReplayLearner {
  private readonly buffer = new ReplayBuffer();
  private readonly rng: Rng;
  private constructor(
    readonly head: RankingHead,
    private readonly options: ReplayLearnerOptions,
  ) {
    this.rng = mulberry32(options.settings.seed);
  }

  /** Creates a learner with a freshly initialised head (seeded). */
  static async create(options: ReplayLearnerOptions): Promise<ReplayLearner> {
    return new ReplayLearner(await createCatalogHead(options.features, options.settings), options);
  }

  /** A learner that starts from this one's θ and history, with other options (e.g. no replay). */
  async fork(changes: Partial<Pick<ReplayLearnerOptions, "replayRatio">>): Promise<ReplayLearner> {
    const copy = await ReplayLearner.create({ ...this.options, ...changes });
    copy.head.setParams(this.head.getParams());
    copy.buffer.add(this.buffer.sample(this.buffer.size, mulberry32(0)).sort());
    return copy;
  }

  /** Trains on `fresh` (plus replay) for stage `stage` (−1 = warm-up). */
  async learn(fresh: Int32Array, stage: number): Promise<void> {
    const { plan, features, settings, negatives } = this.options;
    const replay = stage < 0 ? new Int32Array(0) : this.buffer.sample(replayCount(fresh.length, this.options.replayRatio), this.rng);
    const examples = rankingExamples(plan, [...fresh, ...replay], negatives, this.rng, features.ids.length);
    if (examples.y.length > 0) {
      await trainHead(this.head, this.head.getParams(), examples, {
        epochs: stage < 0 ? this.options.warmupEpochs : settings.localEpochs,
        learningRate: settings.learningRate,
        seed: settings.seed * 1000 + stage + 1,
      });
    }
    this.buffer.add(fresh);
  }

  dispose(): void {
    this.head.dispose();
  }
}
