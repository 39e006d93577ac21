import type { LocalTrainResult, RankingExamples, TrainConfig } from "@tributary/model";

/**
 * Runs one local training job of the ranking head: θ = base, then
 * localTrain on the examples. Implementations: {@link InlineTrainer} (on the
 * caller's thread) and {@link WorkerTrainer} (on a worker thread, so serving
 * keeps its event loop while the edge trains). Both give the same result for
 * the same job.
 */
export interface LocalTrainer {
  /** @throws what localTrain throws (bad base, bad examples, bad config) */
  train(base: Float32Array, examples: RankingExamples, config: TrainConfig): Promise<LocalTrainResult>;
  /** Releases the trainer (its worker, its tensors). */
  dispose(): Promise<void>;
}
