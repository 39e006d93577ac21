import { accuracy, auc, logLoss } from "@tributary/model";

/** One method's metrics on one window's test cases. */
export interface ClassificationMetrics {
  /** Share of test cases whose most probable class is the label. */
  readonly accuracy: number;
  /** Binary: ROC AUC of P(class 1). More classes: the macro mean of one-vs-rest AUCs. NaN when no class has both positives and negatives. */
  readonly auc: number;
  /** Mean cross-entropy in nats (probabilities clipped as packages/model's logLoss does). */
  readonly logLoss: number;
  readonly cases: number;
}

/** The metric names of {@link ClassificationMetrics}, in report order. */
export const CLASSIFICATION_METRIC_NAMES = ["accuracy", "auc", "logLoss"] as const;
export type ClassificationMetricName = (typeof CLASSIFICATION_METRIC_NAMES)[number];

/**
 * Accuracy, AUC and log loss of class probabilities (`labels.length × classes`,
 * row-major) against class indices, through packages/model's metrics.
 * NaN everywhere when there are no cases.
 * @throws TributaryError LENGTH_MISMATCH when the lengths disagree
 */
export function classificationMetrics(labels: Int32Array, probabilities: Float32Array, classes: number): ClassificationMetrics {
  if (labels.length === 0) return { accuracy: Number.NaN, auc: Number.NaN, logLoss: Number.NaN, cases: 0 };
  return {
    accuracy: accuracy(labels, probabilities),
    auc: macroAuc(labels, probabilities, classes) ?? Number.NaN,
    logLoss: logLoss(labels, probabilities),
    cases: labels.length,
  };
}

/**
 * Binary (two classes): the AUC of class 1's probability. More classes: the
 * mean over classes of the one-vs-rest AUC of that class's probability, over
 * the classes that have both positives and negatives among the cases (macro
 * averaging, as scikit-learn's roc_auc_score with multi_class="ovr").
 * @returns null when no class has both positives and negatives
 */
export function macroAuc(labels: Int32Array, probabilities: Float32Array, classes: number): number | null {
  const column = (c: number) => Float32Array.from(labels, (_, i) => probabilities[i * classes + c]!);
  if (classes === 2) return auc(labels, column(1));
  const aucs: number[] = [];
  for (let c = 0; c < classes; c++) {
    const a = auc(Int32Array.from(labels, (y) => (y === c ? 1 : 0)), column(c));
    if (a !== null) aucs.push(a);
  }
  return aucs.length === 0 ? null : aucs.reduce((s, a) => s + a, 0) / aucs.length;
}
