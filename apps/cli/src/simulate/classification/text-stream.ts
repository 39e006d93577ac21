import { DatasetError, DatasetErrorCode, streamCuts, type LabeledText } from "@tributary/datasets";
import { assignTextRegions } from "./text-regions.js";

/**
 * Labeled texts as a stream, indexed once: the records in stream order, each
 * with its class and region, cut into a warm-up and windows of equal count.
 * Records are referred to by their position in `texts`.
 */
export interface TextStream {
  readonly texts: readonly LabeledText[];
  /** How the stream is ordered: by timestamp (every record has one), else as the file lists them. */
  readonly order: "timestamp" | "file";
  /** The sorted distinct labels; class c is `classes[c]` (two classes: a binary task, class 1 the positive). */
  readonly classes: readonly string[];
  /** Per record: its class index. */
  readonly y: Int32Array;
  readonly regionNames: readonly string[];
  /** Per record: its region's index in `regionNames`. */
  readonly region: Int32Array;
  /** Record positions of the warm-up and of each window. */
  readonly warmup: Int32Array;
  readonly windows: readonly Int32Array[];
}

/** Options of {@link planTextStream}. */
export interface PlanTextStreamOptions {
  /** Regions the records without a region are hashed into. */
  readonly regions: number;
  readonly windows: number;
  /** Share of the records (in stream order) learned before the first window, in [0, 1). */
  readonly warmupFraction: number;
  readonly seed: number;
  /** Names the data in errors (the file). */
  readonly source: string;
}

/**
 * Orders the records (by timestamp when every record has one, ties in file
 * order; else file order), takes the sorted distinct labels as the classes,
 * assigns regions (text-regions.ts), and cuts the first ⌊warmupFraction·n⌋
 * records as the warm-up and the rest into `windows` windows whose sizes differ
 * by at most one (packages/datasets' streamCuts).
 * @throws DatasetError BAD_DATA when there are fewer than two distinct labels,
 *   or fewer records after the warm-up than windows
 */
export function planTextStream(records: readonly LabeledText[], options: PlanTextStreamOptions): TextStream {
  const bad = (why: string) => new DatasetError(DatasetErrorCode.BadData, `${options.source}: ${why}`);
  const classes = [...new Set(records.map((t) => t.label))].sort();
  if (classes.length < 2) {
    throw bad(records.length === 0 ? "no labeled texts" : `every record has the label "${classes[0]}"; classification needs at least two distinct labels`);
  }
  const timed = records.every((t) => t.timestamp !== undefined);
  // Array.prototype.sort is stable: records with equal timestamps keep their file order.
  const texts = timed ? [...records].sort((a, b) => a.timestamp! - b.timestamp!) : [...records];
  const cuts = streamCuts(texts.length, { windows: options.windows, warmupFraction: options.warmupFraction });
  const empty = cuts.windows.findIndex((w) => w.end === w.start);
  if (empty >= 0) {
    throw bad(`${texts.length} records leave ${texts.length - cuts.warmup.end} after the warm-up, fewer than the ${options.windows} windows; use fewer windows or a smaller warm-up`);
  }
  const index = new Map(classes.map((label, c) => [label, c]));
  const regions = assignTextRegions(texts, { regions: options.regions, seed: options.seed });
  const range = ({ start, end }: { start: number; end: number }) => Int32Array.from({ length: end - start }, (_, k) => start + k);
  return {
    texts,
    order: timed ? "timestamp" : "file",
    classes,
    y: Int32Array.from(texts, (t) => index.get(t.label)!),
    regionNames: regions.names,
    region: regions.region,
    warmup: range(cuts.warmup),
    windows: cuts.windows.map(range),
  };
}

/** The records of `records` that belong to `region`. */
export function textsInRegion(stream: TextStream, records: Int32Array, region: number): Int32Array {
  return records.filter((i) => stream.region[i] === region);
}
