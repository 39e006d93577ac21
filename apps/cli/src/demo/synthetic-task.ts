import { mulberry32 } from "@tributary/datasets";
import type { Examples } from "@tributary/model";

/** A small generated binary-classification task split across edges (non-IID). */
export interface SyntheticTask {
  readonly dim: number;
  /** One training set per edge; sizes and feature means differ by edge. */
  readonly edges: readonly Examples[];
  /** A held-out set drawn from the pooled distribution. */
  readonly test: Examples;
}

/**
 * Labels follow a fixed logistic model y ~ Bernoulli(σ(w*·x + b*)); edge i's
 * features are shifted by its own mean, so edges see different slices of the
 * input space and only their federation sees all of it.
 */
export function generateSyntheticTask(options: { edges: number; dim: number; seed: number; baseExamples?: number }): SyntheticTask {
  const rand = mulberry32(options.seed);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  const { dim } = options;
  const w = Float32Array.from({ length: dim }, () => gauss() * 1.5);
  const b = gauss() * 0.2;
  const means = Array.from({ length: options.edges }, () => Float32Array.from({ length: dim }, () => gauss()));
  const sample = (n: number, mean: Float32Array | null): Examples => {
    const x = new Float32Array(n * dim);
    const y = new Int32Array(n);
    for (let r = 0; r < n; r++) {
      let z = b;
      for (let c = 0; c < dim; c++) {
        const v = gauss() + (mean ? mean[c]! : 0);
        x[r * dim + c] = v;
        z += w[c]! * v;
      }
      y[r] = rand() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
    }
    return { x, dim, y };
  };
  const base = options.baseExamples ?? 80;
  return {
    dim,
    edges: means.map((mean, i) => sample(base * (i + 1), mean)),
    test: sample(1000, null),
  };
}
