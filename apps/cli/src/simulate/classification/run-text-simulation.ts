import { DatasetError, DatasetErrorCode, isDatasetError, loadLabeledTextsJsonl, mulberry32, type LabeledText } from "@tributary/datasets";
import { drawWithoutReplacement } from "../draw-without-replacement.js";
import { createCentralizedMethod } from "../methods/centralized-method.js";
import { createLocalOnlyMethod } from "../methods/local-only-method.js";
import type { Method } from "../methods/method.js";
import { runPrequential, type Forgetting } from "../prequential-run.js";
import type { RunOptions } from "../run-options.js";
import type { SimulateConfig } from "../simulate-config.js";
import { createStepTimer } from "../step-timer.js";
import { classificationMetrics, type ClassificationMetrics } from "./classification-metrics-of.js";
import { classificationTask } from "./classification-task.js";
import type { Classifier } from "./classifier.js";
import { createFederatedMethod } from "../methods/federated-method.js";
import { createMajorityMethod } from "./majority-method.js";
import { encodeTextStream } from "./text-features.js";
import { planTextStream, type TextStream } from "./text-stream.js";
import { createZeroShotLabelsMethod } from "./zero-shot-labels-method.js";

/** One window of a text run. */
export interface TextWindowInfo {
  readonly index: number;
  readonly records: number;
  readonly testCases: number;
  /** ISO dates of the first and last record; "-" when the stream is in file order. */
  readonly from: string;
  readonly to: string;
}

/** Everything a text classification run measured; metrics.json holds this object. */
export interface TextSimulationResult {
  readonly task: "classification";
  readonly source: string;
  readonly order: TextStream["order"];
  /** The classes, sorted; binary when there are two (class 1 the positive for AUC). */
  readonly classes: readonly string[];
  readonly records: number;
  /** Records learned before the first window. */
  readonly warmup: number;
  readonly regions: readonly { name: string; records: number }[];
  readonly windows: readonly TextWindowInfo[];
  readonly methods: readonly { name: string; label: string }[];
  /** metrics[method][window]: evaluated on the window before learning it. */
  readonly metrics: Record<string, ClassificationMetrics[]>;
  /** In accuracy on window 0's test cases. */
  readonly forgetting: Record<string, Forgetting>;
  /** Counters some methods keep (the federated one: releases, pushes, mean staleness). */
  readonly stats: Record<string, Record<string, number>>;
  readonly encoder: { id: string; dim: number };
  readonly seconds: Record<string, number>;
}

/** Options of {@link runTextSimulation}. */
export interface RunTextSimulationOptions extends RunOptions<TextWindowInfo, ClassificationMetrics> {
  /** The run's config; `textsFile` names the JSONL file. */
  readonly config: SimulateConfig & { readonly textsFile: string };
  /** Also run the federated method through a real coordinator and edges (default true; false: the baselines only). */
  readonly federated?: boolean;
}

/**
 * Replays a JSONL file of labeled texts window by window through every method,
 * prequentially (evaluate on window w, then learn it), as the ranking run
 * replays a log. Each window's test cases are its records (at most
 * `maxTestCases`, a seeded draw). Deterministic for a config.
 * @throws DatasetError BAD_DATA for a malformed file (naming the line), fewer than
 *   two labels or too few records; NOT_FOUND when the file cannot be read —
 *   all before anything is trained or written
 */
export async function runTextSimulation(options: RunTextSimulationOptions): Promise<TextSimulationResult> {
  const { config } = options;
  const timer = createStepTimer();
  const file = config.textsFile;
  const records = await timer.timed("load", () => readTexts(file));
  const stream = planTextStream(records, { regions: config.regions, windows: config.windows, warmupFraction: config.warmupFraction, seed: config.seed, source: file });
  const features = await timer.timed("encode", () =>
    encodeTextStream({ texts: stream.texts.map((t) => t.text), classes: stream.classes, cacheDir: config.cacheDir, quiet: options.quiet, ...(options.encoder ? { encoder: options.encoder } : {}) }),
  );
  const cases = stream.windows.map((window, w) => Int32Array.from(drawWithoutReplacement([...window], config.maxTestCases, mulberry32(config.seed * 7919 + w))).sort());
  const task = classificationTask({
    stream,
    features,
    hidden: config.hidden,
    settings: { learningRate: config.learningRate, localEpochs: config.localEpochs, seed: config.seed },
    replayRatio: config.replayRatio,
    warmupEpochs: config.warmupRounds * config.localEpochs,
  });
  const methods: Method<Classifier>[] = [];
  try {
    const centralized = await createCentralizedMethod(task);
    methods.push(createMajorityMethod(stream), createZeroShotLabelsMethod(features), centralized);
    methods.push(await createLocalOnlyMethod(task));
    if (options.federated ?? true) methods.push(await createFederatedMethod({ task, regionNames: stream.regionNames, config }));
    const windows = stream.windows.map((window, w) => describeWindow(stream, window, cases[w]!.length, w));
    const { metrics, forgetting } = await runPrequential({
      methods,
      warmup: stream.warmup,
      windows: stream.windows,
      afterWarmup: async () => [await centralized.fork("naive", "naive fine-tuning (no replay)", { replayRatio: 0 })],
      evaluate: (method, w) => evaluateMethod(method, stream, cases[w]!),
      headline: (m) => m.accuracy,
      onWindow: (w, row) => options.onWindow?.(windows[w]!, row),
      timer,
      quiet: options.quiet,
    });
    return {
      task: "classification",
      source: `JSONL ${file}`,
      order: stream.order,
      classes: stream.classes,
      records: stream.texts.length,
      warmup: stream.warmup.length,
      regions: stream.regionNames.map((name, r) => ({ name, records: stream.region.filter((x) => x === r).length })),
      windows,
      methods: methods.map((m) => ({ name: m.name, label: m.label })),
      metrics,
      forgetting,
      stats: Object.fromEntries(methods.flatMap((m) => (m.stats ? [[m.name, m.stats()]] : []))),
      encoder: { id: features.encoderId, dim: features.dim },
      seconds: timer.seconds,
    };
  } finally {
    for (const m of methods) await m.dispose();
  }
}

/** The file's records; a file that cannot be read becomes a DatasetError NOT_FOUND naming it. */
async function readTexts(file: string): Promise<LabeledText[]> {
  try {
    return await loadLabeledTextsJsonl(file);
  } catch (error) {
    if (isDatasetError(error)) throw error;
    throw new DatasetError(DatasetErrorCode.NotFound, `cannot read ${file}: ${(error as Error).message}`, { cause: error });
  }
}

/** A method's metrics on test cases, each scored by its region's classifier. */
function evaluateMethod(method: Method<Classifier>, stream: TextStream, cases: Int32Array): ClassificationMetrics {
  const classes = stream.classes.length;
  const probabilities = new Float32Array(cases.length * classes);
  for (let r = 0; r < stream.regionNames.length; r++) {
    const positions = Int32Array.from(cases.keys()).filter((k) => stream.region[cases[k]!] === r);
    if (positions.length === 0) continue;
    const p = method.scorer(r).probabilities(Int32Array.from(positions, (k) => cases[k]!));
    positions.forEach((k, j) => probabilities.set(p.subarray(j * classes, (j + 1) * classes), k * classes));
  }
  return classificationMetrics(Int32Array.from(cases, (i) => stream.y[i]!), probabilities, classes);
}

function describeWindow(stream: TextStream, window: Int32Array, testCases: number, index: number): TextWindowInfo {
  const date = (i: number | undefined) => {
    const t = i === undefined ? undefined : stream.texts[i]!.timestamp;
    return stream.order === "file" || t === undefined ? "-" : new Date(t * 1000).toISOString().slice(0, 10);
  };
  return { index, records: window.length, testCases, from: date(window[0]), to: date(window[window.length - 1]) };
}
