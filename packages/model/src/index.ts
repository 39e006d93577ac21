export { loadTf, loadedTfBackend, type LoadTfOptions, type TfBackendName } from "./backends/tfjs.js";
export { createClassificationHead, type ClassificationHeadOptions } from "./heads/classification-head.js";
export { checkLabels, countExamples, selectExamples, type Examples } from "./training/examples.js";
export { localTrain, type LocalTrainResult, type TrainConfig } from "./training/local-train.js";
export { createSeededRandom, shuffledIndices, type SeededRandom } from "./training/seeded-random.js";
export type { Evaluation, Trainable, TrainableModel, TrainingHooks } from "./training/trainable-model.js";
export { accuracy, auc, LOG_LOSS_EPSILON, logLoss } from "./metrics/classification-metrics.js";
export { hitRateAtK, meanRankingMetrics, ndcgAtK, reciprocalRank, type RankingSummary } from "./metrics/ranking-metrics.js";
