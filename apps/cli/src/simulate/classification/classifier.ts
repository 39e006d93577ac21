import type { TrainableModel } from "@tributary/model";
import { textVectors, type TextFeatures } from "./text-features.js";

/** What evaluation reads from a classification method: class probabilities for records of the stream. */
export interface Classifier {
  /** records.length × classes probabilities (each row sums to 1), row-major, in the order of `records`. */
  probabilities(records: Int32Array): Float32Array;
}

/** A {@link Classifier} over a classification head as it is now (its current θ); a binary head's P(class 1) becomes the row [1 − p, p]. */
export function headClassifier(head: TrainableModel, features: TextFeatures): Classifier {
  return {
    probabilities(records) {
      const p = head.predict(textVectors(features, records), features.dim);
      if (head.numClasses > 2) return p;
      const rows = new Float32Array(records.length * 2);
      p.forEach((positive, k) => {
        rows[2 * k] = 1 - positive;
        rows[2 * k + 1] = positive;
      });
      return rows;
    },
  };
}
