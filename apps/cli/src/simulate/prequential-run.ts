import type { Stage } from "./methods/method.js";
import { startProgress } from "./progress.js";
import type { StepTimer } from "./step-timer.js";

/** Forgetting of one method on the first window's test cases, in the run's headline metric (NDCG@10, or accuracy). */
export interface Forgetting {
  /** The metric right after learning window 0. */
  readonly afterFirst: number;
  /** The metric after the last window. */
  readonly atEnd: number;
  /** afterFirst − atEnd (positive: it forgot). */
  readonly drop: number;
}

/** What the prequential loop needs from a method. */
export interface LearningMethod {
  readonly name: string;
  learn(stage: Stage): Promise<void>;
}

/** Options of {@link runPrequential}; `M` is the method type, `R` one window's metrics. */
export interface PrequentialOptions<M extends LearningMethod, R> {
  /**
   * The methods that learn the warm-up; the loop appends the ones `afterWarmup`
   * makes to this array, so whoever disposes it disposes them too.
   */
  readonly methods: M[];
  /** Record indices of the warm-up and of each window. */
  readonly warmup: Int32Array;
  readonly windows: readonly Int32Array[];
  /** Methods that start after the warm-up (naive fine-tuning, forked from centralized). */
  readonly afterWarmup?: () => Promise<M[]>;
  /** A method's metrics on window `window`'s test cases, as it is now. */
  readonly evaluate: (method: M, window: number) => R;
  /** The metric forgetting is measured in. */
  readonly headline: (metrics: R) => number;
  /** Gets each window's row as soon as it is evaluated (the per-window table). */
  readonly onWindow?: (window: number, row: Record<string, R>) => void;
  readonly timer: StepTimer;
  readonly quiet?: boolean;
}

/** What {@link runPrequential} measured. */
export interface PrequentialResult<R> {
  /** metrics[method][window]: evaluated on the window before learning it. */
  readonly metrics: Record<string, R[]>;
  readonly forgetting: Record<string, Forgetting>;
}

/**
 * Replays the stream through every method, prequentially: the methods learn the
 * warm-up; then for each window every method is evaluated on it (having learned
 * only what came before) and then learns it. Forgetting compares each method on
 * window 0's test cases right after learning window 0 with the same at the end.
 * Times go to the timer as "warm-up", "evaluate" and "learn:<method>".
 */
export async function runPrequential<M extends LearningMethod, R>(options: PrequentialOptions<M, R>): Promise<PrequentialResult<R>> {
  const { methods, timer } = options;
  await timer.timed("warm-up", async () => {
    const progress = startProgress("learning the warm-up history", methods.length, { quiet: options.quiet });
    for (const [k, method] of methods.entries()) {
      await timer.timed(`learn:${method.name}`, () => method.learn({ index: -1, interactions: options.warmup }));
      progress.update(k + 1);
    }
    progress.finish();
  });
  if (options.afterWarmup) methods.push(...(await options.afterWarmup()));

  const metrics: Record<string, R[]> = Object.fromEntries(methods.map((m) => [m.name, []]));
  const afterFirst: Record<string, number> = {};
  const headlines = () => Object.fromEntries(methods.map((m) => [m.name, options.headline(options.evaluate(m, 0))]));
  for (let w = 0; w < options.windows.length; w++) {
    const row: Record<string, R> = {};
    await timer.timed("evaluate", async () => {
      for (const method of methods) row[method.name] = options.evaluate(method, w);
    });
    for (const method of methods) metrics[method.name]!.push(row[method.name]!);
    options.onWindow?.(w, row);
    const progress = startProgress(`window ${w + 1}/${options.windows.length}: learning`, methods.length, { quiet: options.quiet });
    for (const [k, method] of methods.entries()) {
      await timer.timed(`learn:${method.name}`, () => method.learn({ index: w, interactions: options.windows[w]! }));
      progress.update(k + 1);
    }
    progress.finish();
    if (w === 0) Object.assign(afterFirst, await timer.timed("evaluate", async () => headlines()));
  }
  const atEnd = await timer.timed("evaluate", async () => headlines());
  const forgetting: Record<string, Forgetting> = {};
  for (const m of methods) forgetting[m.name] = { afterFirst: afterFirst[m.name]!, atEnd: atEnd[m.name]!, drop: afterFirst[m.name]! - atEnd[m.name]! };
  return { metrics, forgetting };
}
