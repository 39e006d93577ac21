import type { Scalar, Tensor2D, Tf } from "../backends/tfjs.js";

/**
 * Weighted mean cross-entropy from logits, Σ wᵢ lᵢ / Σ wᵢ, in nats:
 * binary (logits n×1) uses the numerically stable sigmoid form
 * max(z, 0) − z·y + log(1 + e^−|z|) with labels in [0, 1]; multi-class
 * (logits n×C) uses −log softmax(z)[y] with integer labels.
 */
export function weightedCrossEntropy(
  tf: Tf,
  logits: Tensor2D,
  labels: Int32Array | Float32Array,
  weights: Float32Array | undefined,
): Scalar {
  const [n, classes] = logits.shape;
  let perExample;
  if (classes === 1) {
    const z = tf.reshape(logits, [n]);
    const y = tf.tensor1d(Float32Array.from(labels), "float32");
    perExample = tf.add(tf.sub(tf.relu(z), tf.mul(z, y)), tf.log1p(tf.exp(tf.neg(tf.abs(z)))));
  } else {
    const oneHot = tf.oneHot(tf.tensor1d(Int32Array.from(labels), "int32"), classes);
    perExample = tf.neg(tf.sum(tf.mul(oneHot, tf.logSoftmax(logits)), 1));
  }
  if (!weights) return tf.mean(perExample);
  const w = tf.tensor1d(weights, "float32");
  return tf.div(tf.sum(tf.mul(perExample, w)), tf.maximum(tf.sum(w), 1e-12));
}
