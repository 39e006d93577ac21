import type { ItemFeatures } from "../item-features.js";
import type { Scorer } from "../scorer.js";
import type { TestCase } from "../test-cases.js";
import type { Method } from "./method.js";

/**
 * Zero-shot encoder similarity: the cosine between the user vector (mean of the
 * user's item vectors) and each item vector, in the encoder's own space. No
 * training: what the pretrained encoder knows on its own.
 */
export function createZeroShotMethod(features: ItemFeatures): Method {
  const { raw, rawDim } = features;
  const count = raw.length / rawDim;
  const norms = new Float32Array(count);
  for (let r = 0; r < count; r++) {
    let s = 0;
    for (let j = 0; j < rawDim; j++) s += raw[r * rawDim + j]! ** 2;
    norms[r] = Math.sqrt(s) || 1;
  }
  const cosine = (q: Float32Array, row: number) => {
    let s = 0;
    for (let j = 0; j < rawDim; j++) s += q[j]! * raw[row * rawDim + j]!;
    return s / norms[row]!;
  };
  const scorer: Scorer = {
    scoreCandidates: (cases: readonly TestCase[]) => cases.map((c) => Float32Array.from(c.candidates, (item) => cosine(c.qRaw, item))),
    scoreCatalog: (c) => Float32Array.from({ length: count }, (_, item) => cosine(c.qRaw, item)),
  };
  return { name: "zero-shot", label: "zero-shot encoder similarity", learn: async () => undefined, scorer: () => scorer, dispose: async () => undefined };
}
