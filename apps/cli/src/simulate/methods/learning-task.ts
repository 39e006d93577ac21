import type { Rng } from "@tributary/datasets";
import type { Trainable, TrainConfig } from "@tributary/model";

/**
 * What the single-place learners (centralized, local-only, naive) need from a
 * task — ranking a catalog, or classifying texts: how to make its model, how to
 * turn stream records into training examples, and how a model serves. `E` is
 * the model's example type, `H` the model, `S` what evaluation reads (a scorer).
 * Records are positions in the task's stream plan.
 */
export interface LearningTask<E, H extends Trainable<E>, S> {
  /** Number of regions (one local-only learner each). */
  readonly regions: number;
  /** The records of `records` that belong to `region`. */
  inRegion(records: Int32Array, region: number): Int32Array;
  /** A freshly initialised model (seeded). */
  createHead(seed: number): Promise<H>;
  /** Training examples from records; `rng` draws whatever the task samples (e.g. negative items). */
  examples(records: ArrayLike<number>, rng: Rng): E;
  /** What serves with `head`'s current θ. */
  scorer(head: H): S;
  /** Batch size, L2, dropout: the same for every method, so they differ only in what data they see. */
  readonly training: Partial<TrainConfig>;
  /** Epochs per window, Adam's step size, and the seed of the first learner. */
  readonly settings: { readonly localEpochs: number; readonly learningRate: number; readonly seed: number };
  /** Replayed past records per new one (0 = none: naive fine-tuning). */
  readonly replayRatio: number;
  /** Epochs on the warm-up (the federated warm-up rounds × local epochs, for a like-for-like comparison). */
  readonly warmupEpochs: number;
}
