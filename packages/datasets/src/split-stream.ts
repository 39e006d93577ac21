/**
 * Replaying a log as a stream: interactions in time order, a warm-up part (what
 * the model knows before the stream starts) and then W windows of equal size, the
 * unit of continual learning and of prequential evaluation (train on window w,
 * test on window w+1).
 */
import { DatasetError, DatasetErrorCode } from "./dataset-error.js";
import { compareInteractions, type Interaction } from "./interaction.js";

/** Options of {@link splitStream}. */
export interface StreamSplitOptions {
  /** Number of windows after the warm-up; default 8. */
  readonly windows?: number;
  /** Share of the interactions (in time order) in the warm-up, in [0, 1); default 0.5. */
  readonly warmupFraction?: number;
}

/** One window of the stream; times are the first and last interaction's timestamps (seconds). */
export interface StreamWindow {
  readonly index: number;
  readonly interactions: Interaction[];
  readonly startTime: number;
  readonly endTime: number;
}

/** A stream split into warm-up and windows; together they hold every interaction once. */
export interface StreamSplit {
  readonly warmup: Interaction[];
  readonly windows: StreamWindow[];
}

/** A half-open range [start, end) of positions in a stream. */
export interface StreamCut {
  readonly start: number;
  readonly end: number;
}

/**
 * Where a stream of `length` records (already in stream order) is cut: the first
 * ⌊warmupFraction·length⌋ positions are the warm-up, the rest is cut into
 * `windows` windows whose sizes differ by at most one (a window is empty when
 * there are fewer records than windows).
 * @throws DatasetError BAD_DATA for windows < 1 or warmupFraction outside [0, 1)
 */
export function streamCuts(length: number, options: StreamSplitOptions = {}): { warmup: StreamCut; windows: StreamCut[] } {
  const windows = options.windows ?? 8;
  const warmupFraction = options.warmupFraction ?? 0.5;
  if (!Number.isInteger(windows) || windows < 1) throw new DatasetError(DatasetErrorCode.BadData, `windows must be a positive integer, got ${windows}`);
  if (!(warmupFraction >= 0 && warmupFraction < 1)) throw new DatasetError(DatasetErrorCode.BadData, `warmupFraction must be in [0, 1), got ${warmupFraction}`);
  const warmupSize = Math.floor(warmupFraction * length);
  const rest = length - warmupSize;
  return {
    warmup: { start: 0, end: warmupSize },
    windows: Array.from({ length: windows }, (_, w) => ({ start: warmupSize + Math.floor((w * rest) / windows), end: warmupSize + Math.floor(((w + 1) * rest) / windows) })),
  };
}

/**
 * Sorts by time (ties by user, then item) and cuts the stream by count (see
 * {@link streamCuts}). Deterministic; does not change its input.
 * @throws DatasetError BAD_DATA for windows < 1 or warmupFraction outside [0, 1)
 */
export function splitStream(interactions: readonly Interaction[], options: StreamSplitOptions = {}): StreamSplit {
  const cuts = streamCuts(interactions.length, options);
  const sorted = [...interactions].sort(compareInteractions);
  const windows = cuts.windows.map(({ start, end }, index): StreamWindow => {
    const slice = sorted.slice(start, end);
    return { index, interactions: slice, startTime: slice[0]?.timestamp ?? Number.NaN, endTime: slice.at(-1)?.timestamp ?? Number.NaN };
  });
  return { warmup: sorted.slice(cuts.warmup.start, cuts.warmup.end), windows };
}
