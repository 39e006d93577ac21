import { mulberry32, type Rng } from "@tributary/datasets";
import { localTrain, type Trainable } from "@tributary/model";
import type { ItemFeatures } from "../item-features.js";
import type { LearnerSettings } from "../ranking-learner.js";
import { ReplayBuffer, replayCount } from "../replay-buffer.js";
import type { StreamPlan } from "../stream-plan.js";
import type { LearningTask } from "./learning-task.js";

/** What the ranking path's learners are built from (ranking-task.ts makes it a {@link LearningTask}). */
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
 * new records plus a replayed sample of what it learned before (none when
 * replayRatio is 0: naive fine-tuning), then remembers the new ones.
 */
export class ReplayLearner<E, H extends Trainable<E>, S> {
  private readonly buffer = new ReplayBuffer();
  private readonly rng: Rng;
  private constructor(
    readonly head: H,
    readonly task: LearningTask<E, H, S>,
    /** Seeds the head, the replay draws and training. */
    private readonly seed: number,
  ) {
    this.rng = mulberry32(seed);
  }

  /** Creates a learner with a freshly initialised head, seeded by `seed` (default the task's). */
  static async create<E, H extends Trainable<E>, S>(task: LearningTask<E, H, S>, seed = task.settings.seed): Promise<ReplayLearner<E, H, S>> {
    return new ReplayLearner(await task.createHead(seed), task, seed);
  }

  /** A learner that starts from this one's θ and history, with other options (e.g. no replay). */
  async fork(changes: Partial<Pick<LearningTask<E, H, S>, "replayRatio">>): Promise<ReplayLearner<E, H, S>> {
    const copy = await ReplayLearner.create({ ...this.task, ...changes }, this.seed);
    copy.head.setParams(this.head.getParams());
    copy.buffer.add(this.buffer.sample(this.buffer.size, mulberry32(0)).sort());
    return copy;
  }

  /** Trains on `fresh` (plus replay) for stage `stage` (−1 = warm-up). */
  async learn(fresh: Int32Array, stage: number): Promise<void> {
    const { task } = this;
    const replay = stage < 0 ? new Int32Array(0) : this.buffer.sample(replayCount(fresh.length, task.replayRatio), this.rng);
    const examples = task.examples([...fresh, ...replay], this.rng);
    if (this.head.training.count(examples) > 0) {
      await localTrain(this.head, this.head.getParams(), examples, {
        ...task.training,
        epochs: stage < 0 ? task.warmupEpochs : task.settings.localEpochs,
        learningRate: task.settings.learningRate,
        seed: this.seed * 1000 + stage + 1,
      });
    }
    this.buffer.add(fresh);
  }

  dispose(): void {
    this.head.dispose();
  }
}
