import { describe, expect, it } from "vitest";
import { PageHinkley } from "./page-hinkley.js";
import { alarms, bernoulliStream, gaussianStream } from "./synthetic-streams.test-helpers.js";

const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8];

describe("PageHinkley", () => {
  it("detects a rise of the mean loss within 300 observations of the change point", () => {
    for (const seed of SEEDS) {
      const stream = gaussianStream(6000, 3000, 0.4, 0.7, 0.15, seed);
      const found = alarms(new PageHinkley({ delta: 0.005, lambda: 25 }), stream);
      const first = found.find((t) => t >= 3000);
      expect(first, `seed ${seed}`).toBeDefined();
      expect(first! - 3000, `seed ${seed}`).toBeLessThanOrEqual(300);
      expect(found.filter((t) => t < 3000), `seed ${seed}: alarms before the change`).toEqual([]);
    }
  });

  it("raises no alarm on stationary loss streams (0 in 8 × 20,000 observations) nor when the loss falls", () => {
    for (const seed of SEEDS) {
      expect(alarms(new PageHinkley({ delta: 0.005, lambda: 25 }), gaussianStream(20_000, 20_000, 0.4, 0.4, 0.15, seed))).toEqual([]);
      expect(alarms(new PageHinkley({ delta: 0.005, lambda: 25 }), gaussianStream(6000, 3000, 0.7, 0.4, 0.15, seed))).toEqual([]);
    }
  });

  it("keeps false alarms on a noisy Bernoulli error stream at or below 1 per 10,000 observations", () => {
    let total = 0;
    for (const seed of SEEDS) total += alarms(new PageHinkley({ delta: 0.05, lambda: 50 }), bernoulliStream(10_000, 10_000, 0.2, 0.2, seed)).length;
    expect(total).toBeLessThanOrEqual(SEEDS.length);
  });

  it("ignores non-finite input and validates its options", () => {
    const ph = new PageHinkley({ minInstances: 1, lambda: 1 });
    expect(ph.update(Number.NaN)).toBe(false);
    expect(ph.statistic).toBe(0);
    expect(() => new PageHinkley({ lambda: 0 })).toThrow(RangeError);
  });
});
