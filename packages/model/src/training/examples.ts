import { ErrorCode, TributaryError } from "@tributary/protocol";

/**
 * Labelled feature vectors for a classification head: `n` rows of `dim`
 * floats each, row-major in `x`.
 */
export interface Examples {
  /** n×dim features, row-major. */
  x: Float32Array;
  dim: number;
  /** Labels: a class index (numClasses > 2) or 0/1 (binary; soft labels in [0, 1] are accepted as Float32Array). */
  y: Int32Array | Float32Array;
  /** Optional per-example loss weights (≥ 0); all 1 when absent. */
  weights?: Float32Array;
}

/**
 * Checks that `x`, `y` and `weights` agree on the number of examples.
 * @returns the number of examples
 * @throws TributaryError LENGTH_MISMATCH when they do not, or `dim` is not a positive integer dividing x.length
 */
export function countExamples(data: Examples, expectedDim: number): number {
  const { x, dim, y, weights } = data;
  if (dim !== expectedDim) throw new TributaryError(ErrorCode.LengthMismatch, `examples have dim ${dim}, the model takes ${expectedDim}`);
  if (x.length % dim !== 0) throw new TributaryError(ErrorCode.LengthMismatch, `x has ${x.length} values, not a multiple of dim ${dim}`);
  const n = x.length / dim;
  if (y.length !== n) throw new TributaryError(ErrorCode.LengthMismatch, `${n} feature rows but ${y.length} labels`);
  if (weights && weights.length !== n) throw new TributaryError(ErrorCode.LengthMismatch, `${n} examples but ${weights.length} weights`);
  return n;
}

/** The examples at `indices`, in that order (copies). */
export function selectExamples(data: Examples, indices: Int32Array): Examples {
  const { dim } = data;
  const x = new Float32Array(indices.length * dim);
  const y = data.y instanceof Int32Array ? new Int32Array(indices.length) : new Float32Array(indices.length);
  const weights = data.weights ? new Float32Array(indices.length) : undefined;
  for (let i = 0; i < indices.length; i++) {
    const r = indices[i]!;
    x.set(data.x.subarray(r * dim, (r + 1) * dim), i * dim);
    y[i] = data.y[r]!;
    if (weights) weights[i] = data.weights![r]!;
  }
  return weights ? { x, dim, y, weights } : { x, dim, y };
}

/**
 * Checks labels against the task: in [0, 1] when `numClasses` is 2, else
 * integers in [0, numClasses).
 * @throws TributaryError BAD_REQUEST naming the first bad label
 */
export function checkLabels(y: ArrayLike<number>, numClasses: number): void {
  for (let i = 0; i < y.length; i++) {
    const v = y[i]!;
    const ok = numClasses === 2 ? v >= 0 && v <= 1 : Number.isInteger(v) && v >= 0 && v < numClasses;
    if (!ok) throw new TributaryError(ErrorCode.BadRequest, `label ${i} is ${v}, outside the ${numClasses}-class task`);
  }
}
