import type { Method, Stage } from "../methods/method.js";
import type { Classifier } from "./classifier.js";
import type { TextStream } from "./text-stream.js";

/**
 * Majority class: every text gets the class frequencies of everything learned
 * so far, pooled over all regions (the analogue of the ranking path's
 * popularity), so it predicts the most frequent class; add-one smoothing keeps
 * the log loss finite. AUC is 0.5 by construction (one score for every text).
 */
export function createMajorityMethod(stream: TextStream): Method<Classifier> {
  const classes = stream.classes.length;
  const counts = new Float64Array(classes);
  let total = 0;
  const classifier: Classifier = {
    probabilities(records) {
      const row = Float32Array.from(counts, (n) => (n + 1) / (total + classes));
      const out = new Float32Array(records.length * classes);
      for (let k = 0; k < records.length; k++) out.set(row, k * classes);
      return out;
    },
  };
  return {
    name: "majority",
    label: "majority class",
    async learn(stage: Stage) {
      for (const i of stage.interactions) counts[stream.y[i]!]!++;
      total += stage.interactions.length;
    },
    scorer: () => classifier,
    async dispose() {},
  };
}
