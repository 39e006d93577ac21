import type { Tensor, Tf, Variable } from "../backends/tfjs.js";

/**
 * Adam (Kingma & Ba, 2015, "Adam: A Method for Stochastic Optimization") over
 * a fixed list of variables, with the learning rate passed per step so a
 * schedule (step decay) can drive it. Written out rather than using
 * tf.train.adam so the rate can change between steps and the update is the
 * same arithmetic on every backend.
 */
export interface Adam {
  /** Applies one update θ ← θ − lr · m̂ / (√v̂ + ε) with `grads[i]` the gradient of `variables[i]`. */
  step(grads: readonly Tensor[], learningRate: number): void;
  /** Frees the moment estimates. */
  dispose(): void;
}

/** Creates an {@link Adam} with zeroed moments (β₁ 0.9, β₂ 0.999, ε 1e-7 as in Keras, unless given). */
export function createAdam(tf: Tf, variables: readonly Variable[], options: { beta1?: number; beta2?: number; epsilon?: number } = {}): Adam {
  const { beta1 = 0.9, beta2 = 0.999, epsilon = 1e-7 } = options;
  // tidy frees the zero tensors the variables were copied from (variables survive a tidy).
  const m = variables.map((v) => tf.tidy(() => tf.variable(tf.zerosLike(v), false)));
  const s = variables.map((v) => tf.tidy(() => tf.variable(tf.zerosLike(v), false)));
  let t = 0;
  return {
    step(grads, learningRate) {
      t++;
      const c1 = 1 - beta1 ** t;
      const c2 = 1 - beta2 ** t;
      tf.tidy(() => {
        variables.forEach((v, i) => {
          const g = grads[i]!;
          const mi = tf.add(tf.mul(m[i]!, beta1), tf.mul(g, 1 - beta1));
          const si = tf.add(tf.mul(s[i]!, beta2), tf.mul(tf.square(g), 1 - beta2));
          m[i]!.assign(mi);
          s[i]!.assign(si);
          const update = tf.div(tf.mul(mi, learningRate / c1), tf.add(tf.sqrt(tf.div(si, c2)), epsilon));
          v.assign(tf.sub(v, update));
        });
      });
    },
    dispose() {
      for (const x of [...m, ...s]) x.dispose();
    },
  };
}
