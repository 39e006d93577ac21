import { methodMeans, type MethodMeans } from "../reporting/method-means.js";
import { CLASSIFICATION_METRIC_NAMES, type ClassificationMetricName } from "./classification-metrics-of.js";
import type { TextSimulationResult } from "./run-text-simulation.js";

/** A text run in one object: the closing JSON line and the report's summary. */
export interface TextSimulationSummary {
  /** Per method: accuracy, AUC and log loss averaged over the windows, and forgetting (in accuracy). */
  readonly methods: MethodMeans<ClassificationMetricName>[];
}

/** Averages each method's window metrics. */
export function summarizeTexts(result: TextSimulationResult): TextSimulationSummary {
  return { methods: methodMeans(result, CLASSIFICATION_METRIC_NAMES) };
}
