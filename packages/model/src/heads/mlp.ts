import type { Tensor, Tensor2D, Tf, Variable } from "../backends/tfjs.js";
import type { SeededRandom } from "../training/seeded-random.js";

/** Names and shapes of a dense ReLU network's kernels and biases, in the order they appear in θ. */
export function mlpShapes(prefix: string, widths: readonly number[]): { name: string; shape: number[] }[] {
  const out: { name: string; shape: number[] }[] = [];
  for (let i = 0; i + 1 < widths.length; i++) {
    out.push({ name: `${prefix}/dense${i}/kernel`, shape: [widths[i]!, widths[i + 1]!] });
    out.push({ name: `${prefix}/dense${i}/bias`, shape: [widths[i + 1]!] });
  }
  return out;
}

/**
 * Glorot-uniform kernels and zero biases for {@link mlpShapes}, drawn from
 * `random` so a seed gives the same θ on every backend.
 */
export function mlpInitialValues(widths: readonly number[], random: SeededRandom): Float32Array[] {
  const out: Float32Array[] = [];
  for (let i = 0; i + 1 < widths.length; i++) {
    const fanIn = widths[i]!;
    const fanOut = widths[i + 1]!;
    const limit = Math.sqrt(6 / (fanIn + fanOut));
    const kernel = new Float32Array(fanIn * fanOut);
    for (let j = 0; j < kernel.length; j++) kernel[j] = (random.next() * 2 - 1) * limit;
    out.push(kernel, new Float32Array(fanOut));
  }
  return out;
}

/** Dropout on hidden activations: `rate` of units zeroed, survivors scaled by 1/(1−rate) (inverted dropout). */
export interface DropoutSpec {
  rate: number;
  random: SeededRandom;
}

/**
 * Runs the layers after the first pre-activation: ReLU (+ dropout) on
 * `firstPreActivation`, then each further dense layer; the last layer is
 * linear. `layers` holds [kernel, bias] pairs from index 1 on — layer 0's
 * product is computed by the caller (heads compute it differently).
 */
export function mlpTail(tf: Tf, params: readonly Variable[], firstPreActivation: Tensor2D, dropout: DropoutSpec | null): Tensor2D {
  let h = firstPreActivation;
  for (let i = 2; i < params.length; i += 2) {
    h = applyDropout(tf, tf.relu(h), dropout);
    h = tf.add(matMul(tf, h, params[i] as Tensor2D), params[i + 1]!) as Tensor2D;
  }
  return h;
}

type SaveTensors = (tensors: Tensor[]) => void;

/**
 * x·W with a gradient that materialises transposes: on the wasm backend a
 * matMul with transposeA (the kernel gradient xᵀ·dy that TF.js emits) runs
 * ~30× slower than transpose-then-matMul.
 */
export function matMul(tf: Tf, x: Tensor2D, kernel: Tensor2D): Tensor2D {
  const op = tf.customGrad((a, b, save) => {
    (save as SaveTensors)([a as Tensor2D, b as Tensor2D]);
    return {
      value: tf.matMul(a as Tensor2D, b as Tensor2D),
      gradFunc: (dy, saved) => [
        tf.matMul(dy as Tensor2D, tf.transpose(saved[1] as Tensor2D)),
        tf.matMul(tf.transpose(saved[0] as Tensor2D), dy as Tensor2D),
      ],
    };
  });
  return op(x, kernel) as Tensor2D;
}

/**
 * x·W for an input that needs no gradient (the first layer's features): as
 * {@link matMul}, without computing the unused dy·Wᵀ.
 */
export function matMulConstantInput(tf: Tf, x: Tensor2D, kernel: Tensor2D): Tensor2D {
  const op = tf.customGrad((b, save) => {
    // Saving x keeps it alive until the backward pass (it is no input of the op).
    (save as SaveTensors)([x]);
    return {
      value: tf.matMul(x, b as Tensor2D),
      gradFunc: (dy, saved) => [tf.matMul(tf.transpose(saved[0] as Tensor2D), dy as Tensor2D)],
    };
  });
  return op(kernel) as Tensor2D;
}

function applyDropout(tf: Tf, h: Tensor2D, dropout: DropoutSpec | null): Tensor2D {
  if (!dropout || dropout.rate <= 0) return h;
  const [n, width] = h.shape;
  const keep = 1 - dropout.rate;
  const mask = new Float32Array(n * width);
  for (let i = 0; i < mask.length; i++) mask[i] = dropout.random.next() < keep ? 1 / keep : 0;
  return tf.mul(h, tf.tensor2d(mask, [n, width])) as Tensor2D;
}
