import type { ParameterSpec } from "@tributary/protocol";
import type { Scalar, Tf, Variable } from "../backends/tfjs.js";
import type { Examples } from "./examples.js";
import type { SeededRandom } from "./seeded-random.js";

/** Loss, accuracy and (binary tasks) AUC of a model on a data set; loss is the weighted mean cross-entropy in nats. */
export interface Evaluation {
  loss: number;
  accuracy: number;
  /** Present for binary tasks when both classes occur. */
  auc?: number;
}

/**
 * What {@link localTrain} needs from a model beyond its public face. Heads
 * implement it; callers outside the package never need to.
 */
export interface TrainingHooks<E> {
  readonly tf: Tf;
  /** θ's tensors, in spec order. */
  readonly variables: readonly Variable[];
  /** Per variable: whether L2 applies (kernels and embeddings yes, biases no). */
  readonly decayed: readonly boolean[];
  /** Number of examples in `data`. @throws TributaryError LENGTH_MISMATCH on inconsistent arrays */
  count(data: E): number;
  /** The examples at `indices`, in that order. */
  select(data: E, indices: Int32Array): E;
  /**
   * The weighted mean data loss on `batch` as a scalar, built from the
   * variables so it can be differentiated. `dropout` is null at evaluation.
   */
  loss(batch: E, dropout: { rate: number; random: SeededRandom } | null): Scalar;
}

/**
 * A model whose trainable parameters θ are one flat Float32Array laid out by
 * `spec`, trainable by {@link localTrain} on examples of type `E`.
 */
export interface Trainable<E> {
  readonly spec: ParameterSpec;
  /** A copy of θ as one flat vector in spec order. */
  getParams(): Float32Array;
  /**
   * Replaces θ atomically: nothing changes when it throws.
   * @throws TributaryError LENGTH_MISMATCH when `values.length !== spec.length`; NON_FINITE on a NaN or ±Infinity
   */
  setParams(values: Float32Array): void;
  /** Loss, accuracy and AUC on `data` (no dropout). @throws TributaryError LENGTH_MISMATCH on inconsistent arrays */
  evaluate(data: E): Evaluation;
  /** Frees the model's tensors; the model must not be used afterwards. */
  dispose(): void;
  /** Used by {@link localTrain}. */
  readonly training: TrainingHooks<E>;
}

/** A classification head: feature vectors → class probabilities. */
export interface TrainableModel extends Trainable<Examples> {
  /** Number of classes (2 = binary: one sigmoid output). */
  readonly numClasses: number;
  /** Input feature dimension. */
  readonly inputDim: number;
  /**
   * Class probabilities for n rows of `dim` features: n values P(y = 1) when
   * binary, else n×numClasses softmax rows (row-major).
   * @throws TributaryError LENGTH_MISMATCH when `dim` differs from the model's or does not divide x.length
   */
  predict(x: Float32Array, dim: number): Float32Array;
}
