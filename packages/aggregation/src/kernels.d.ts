/**
 * Types of kernels.js: the numeric loops shared by the main thread and the
 * worker threads. `rows` is a count × width matrix, row k at k·width.
 */

/** acc[i] += w · x[i] for i in [start, end). */
export function axpy(acc: Float64Array | Float32Array, x: Float32Array, w: number, start: number, end: number): void;

/** out[i] = base[i] + scale · acc[i] (base null: 0) for i in [start, end). */
export function scaleAdd(
  out: Float32Array,
  base: Float32Array | null,
  acc: Float64Array | Float32Array,
  scale: number,
  start: number,
  end: number,
): void;

/** Column-wise median (mean of the two middle values for an even count) for columns [start, end). */
export function columnMedian(rows: Float32Array, count: number, width: number, out: Float32Array, start: number, end: number): void;

/** Column-wise mean after dropping `trim` values at each end, for columns [start, end). */
export function columnTrimmedMean(
  rows: Float32Array,
  count: number,
  width: number,
  trim: number,
  out: Float32Array,
  start: number,
  end: number,
): void;

/** Adds the squared distances of each row pair (a < b) over columns [start, end) to dist[a·count + b]. */
export function addSquaredDistances(rows: Float32Array, count: number, width: number, dist: Float64Array, start: number, end: number): void;
