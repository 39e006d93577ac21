import { type LocalTrainResult, type RankingExamples, type RankingHead, type TrainConfig, localTrain } from "@tributary/model";
import type { LocalTrainer } from "./local-trainer.js";

/**
 * Trains on the caller's thread: simple, but a job blocks the event loop
 * (serving included) from start to end. For tests, tools and tiny models.
 */
export class InlineTrainer implements LocalTrainer {
  /** @param head the ranking head to train (its catalog set); not disposed by {@link InlineTrainer.dispose} */
  constructor(private readonly head: RankingHead) {}

  /** See {@link LocalTrainer.train}. */
  train(base: Float32Array, examples: RankingExamples, config: TrainConfig): Promise<LocalTrainResult> {
    return localTrain(this.head, base, examples, config);
  }

  /** Nothing to release: the head belongs to the caller. */
  async dispose(): Promise<void> {}
}
