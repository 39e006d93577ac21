import type { Method } from "../methods/method.js";
import type { Classifier } from "./classifier.js";
import type { TextFeatures } from "./text-features.js";

/**
 * Cosines are multiplied by this before the softmax. Without training nothing
 * calibrates it; 20 is in the range contrastive text models learn (CLIP ends
 * near 100 on its own encoder), enough for the most similar class to stand out.
 */
export const ZERO_SHOT_SCALE = 20;

/**
 * Zero-shot: no training. Each class's name is embedded by the same encoder;
 * a text's class probabilities are the softmax over classes of the scaled
 * cosine between its vector and each class name's. It only means something when
 * the labels are words that say what the class is ("positive", "sports"), not
 * codes ("1", "other").
 */
export function createZeroShotLabelsMethod(features: TextFeatures): Method<Classifier> {
  const { dim, x, classVectors } = features;
  const classes = classVectors.length / dim;
  const norm = (v: Float32Array, row: number) => Math.sqrt(v.subarray(row * dim, (row + 1) * dim).reduce((s, a) => s + a * a, 0)) || 1;
  const classNorms = Float64Array.from({ length: classes }, (_, c) => norm(classVectors, c));
  const classifier: Classifier = {
    probabilities(records) {
      const out = new Float32Array(records.length * classes);
      records.forEach((r, k) => {
        const textNorm = norm(x, r);
        const logits = Array.from({ length: classes }, (_, c) => {
          let dot = 0;
          for (let j = 0; j < dim; j++) dot += x[r * dim + j]! * classVectors[c * dim + j]!;
          return (ZERO_SHOT_SCALE * dot) / (textNorm * classNorms[c]!);
        });
        const top = Math.max(...logits);
        const exps = logits.map((l) => Math.exp(l - top));
        const sum = exps.reduce((s, e) => s + e, 0);
        exps.forEach((e, c) => (out[k * classes + c] = e / sum));
      });
      return out;
    },
  };
  return { name: "zero-shot", label: "zero-shot label-name similarity", learn: async () => undefined, scorer: () => classifier, dispose: async () => undefined };
}
