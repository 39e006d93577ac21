import { describe, expect, it } from "vitest";
import type { Stage } from "./methods/method.js";
import { runPrequential, type LearningMethod } from "./prequential-run.js";
import { createStepTimer } from "./step-timer.js";

/** A method whose "accuracy" on window w is the share of window w's records it has learned, logging every call. */
function recorder(name: string, log: string[], windows: Int32Array[]): LearningMethod & { score(w: number): number } {
  const learned = new Set<number>();
  return {
    name,
    async learn(stage: Stage) {
      log.push(`${name} learns ${stage.index}`);
      // "forget" stands for a method that forgets window 0 once it learns window 1.
      if (name === "forget" && stage.index === 1) for (const i of windows[0]!) learned.delete(i);
      for (const i of stage.interactions) learned.add(i);
    },
    score(w) {
      log.push(`${name} evaluated on ${w}`);
      const window = windows[w]!;
      return window.filter((i) => learned.has(i)).length / window.length;
    },
  };
}

describe("runPrequential", () => {
  const warmup = Int32Array.from([0, 1]);
  const windows = [Int32Array.from([2, 3]), Int32Array.from([4, 5])];

  it("learns the warm-up, then evaluates each window before any method learns it; methods made after the warm-up join", async () => {
    const log: string[] = [];
    const methods = [recorder("keep", log, windows), recorder("forget", log, windows)];
    const rows: number[] = [];
    const { metrics, forgetting } = await runPrequential({
      methods,
      warmup,
      windows,
      afterWarmup: async () => [recorder("late", log, windows)],
      evaluate: (m, w) => m.score(w),
      headline: (score) => score,
      onWindow: (w) => rows.push(w),
      timer: createStepTimer(),
      quiet: true,
    });
    expect(methods.map((m) => m.name)).toEqual(["keep", "forget", "late"]);
    expect(log.slice(0, 5)).toEqual(["keep learns -1", "forget learns -1", "keep evaluated on 0", "forget evaluated on 0", "late evaluated on 0"]);
    expect(rows).toEqual([0, 1]);
    // Prequential: nobody has seen a window when it is evaluated.
    expect(metrics).toEqual({ keep: [0, 0], forget: [0, 0], late: [0, 0] });
    expect(forgetting["keep"]).toEqual({ afterFirst: 1, atEnd: 1, drop: 0 });
    expect(forgetting["forget"]).toEqual({ afterFirst: 1, atEnd: 0, drop: 1 });
  });

  it("times the steps", async () => {
    const timer = createStepTimer();
    await runPrequential({ methods: [recorder("a", [], windows)], warmup, windows, evaluate: (m, w) => m.score(w), headline: (s) => s, timer, quiet: true });
    expect(Object.keys(timer.seconds)).toEqual(["learn:a", "warm-up", "evaluate"]);
  });
});
