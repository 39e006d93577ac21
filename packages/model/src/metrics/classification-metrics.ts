/**
 * Classification metrics over plain arrays. Predictions are probabilities:
 * `n` values P(y = 1) for a binary task, or `n×C` row-major class
 * probabilities; the task is read from the lengths (C = probabilities.length / n).
 * Labels are 0/1 (binary; soft labels in [0, 1] count as positive when ≥ 0.5
 * for accuracy and AUC) or class indices. Weights default to 1.
 */
import { ErrorCode, TributaryError } from "@tributary/protocol";

/** Probabilities are clipped to [ε, 1−ε] before the logarithm so one confident mistake stays finite. */
export const LOG_LOSS_EPSILON = 1e-7;

/**
 * Weighted mean cross-entropy in nats: −Σ wᵢ log p(yᵢ) / Σ wᵢ (binary: with
 * soft labels, −y log p − (1−y) log(1−p)). NaN when there are no examples or
 * the weights sum to 0.
 * @throws TributaryError LENGTH_MISMATCH when the lengths disagree
 */
export function logLoss(labels: ArrayLike<number>, probabilities: ArrayLike<number>, weights?: ArrayLike<number>): number {
  const classes = classCount(labels, probabilities, weights);
  let sum = 0;
  let total = 0;
  for (let i = 0; i < labels.length; i++) {
    const w = weights ? weights[i]! : 1;
    const y = labels[i]!;
    let l: number;
    if (classes === 1) {
      const p = clip(probabilities[i]!);
      l = -(y * Math.log(p) + (1 - y) * Math.log(1 - p));
    } else {
      l = -Math.log(clip(probabilities[i * classes + y]!));
    }
    sum += w * l;
    total += w;
  }
  return sum / total;
}

/**
 * Weighted share of examples whose predicted class is the label: binary
 * predicts 1 when p ≥ `threshold` (default 0.5); multi-class takes the argmax
 * (the lowest index on a tie). NaN when there are no examples.
 * @throws TributaryError LENGTH_MISMATCH when the lengths disagree
 */
export function accuracy(labels: ArrayLike<number>, probabilities: ArrayLike<number>, options: { weights?: ArrayLike<number>; threshold?: number } = {}): number {
  const { weights, threshold = 0.5 } = options;
  const classes = classCount(labels, probabilities, weights);
  let right = 0;
  let total = 0;
  for (let i = 0; i < labels.length; i++) {
    const w = weights ? weights[i]! : 1;
    let predicted: number;
    let label = labels[i]!;
    if (classes === 1) {
      predicted = probabilities[i]! >= threshold ? 1 : 0;
      label = label >= 0.5 ? 1 : 0;
    } else {
      predicted = 0;
      for (let c = 1; c < classes; c++) if (probabilities[i * classes + c]! > probabilities[i * classes + predicted]!) predicted = c;
    }
    if (predicted === label) right += w;
    total += w;
  }
  return right / total;
}

/**
 * Weighted area under the ROC curve of binary `scores`: the probability that a
 * random positive scores above a random negative, a tie counting one half
 * (the Mann–Whitney U statistic with midranks). Null when one class is absent.
 * @throws TributaryError LENGTH_MISMATCH when the lengths disagree
 */
export function auc(labels: ArrayLike<number>, scores: ArrayLike<number>, weights?: ArrayLike<number>): number | null {
  if (classCount(labels, scores, weights) !== 1) throw new TributaryError(ErrorCode.LengthMismatch, "auc takes one score per example");
  const order = Array.from({ length: labels.length }, (_, i) => i).sort((a, b) => scores[a]! - scores[b]!);
  let negativeBelow = 0;
  let pairs = 0;
  let positives = 0;
  for (let start = 0; start < order.length; ) {
    let end = start;
    let pos = 0;
    let neg = 0;
    while (end < order.length && scores[order[end]!] === scores[order[start]!]) {
      const i = order[end]!;
      const w = weights ? weights[i]! : 1;
      if (labels[i]! >= 0.5) pos += w;
      else neg += w;
      end++;
    }
    pairs += pos * (negativeBelow + neg / 2);
    negativeBelow += neg;
    positives += pos;
    start = end;
  }
  if (positives === 0 || negativeBelow === 0) return null;
  return pairs / (positives * negativeBelow);
}

function classCount(labels: ArrayLike<number>, probabilities: ArrayLike<number>, weights?: ArrayLike<number>): number {
  const n = labels.length;
  if (weights && weights.length !== n) throw new TributaryError(ErrorCode.LengthMismatch, `${n} labels but ${weights.length} weights`);
  if (n === 0) return 1;
  if (probabilities.length % n !== 0) throw new TributaryError(ErrorCode.LengthMismatch, `${n} labels but ${probabilities.length} probabilities`);
  return probabilities.length / n;
}

function clip(p: number): number {
  return Math.min(1 - LOG_LOSS_EPSILON, Math.max(LOG_LOSS_EPSILON, p));
}
