import { describe, expect, it } from "vitest";
import { Adwin } from "./adwin.js";
import { alarms, bernoulliStream } from "./synthetic-streams.test-helpers.js";

const SEEDS = [11, 12, 13, 14, 15, 16, 17, 18];

describe("Adwin", () => {
  it("detects a rise of the error rate 0.2 → 0.5 within 400 observations and shrinks its window to the new concept", () => {
    for (const seed of SEEDS) {
      const adwin = new Adwin({ delta: 0.002 });
      const found = alarms(adwin, bernoulliStream(4000, 2000, 0.2, 0.5, seed));
      const first = found.find((t) => t >= 2000);
      expect(first, `seed ${seed}`).toBeDefined();
      expect(first! - 2000, `seed ${seed}`).toBeLessThanOrEqual(400);
      expect(found.filter((t) => t < 2000), `seed ${seed}: alarms before the change`).toEqual([]);
      // The window ends on the 2,000 post-change observations plus at most a few hundred older ones.
      expect(adwin.windowSize).toBeLessThan(2400);
      expect(adwin.mean).toBeGreaterThan(0.4);
    }
  });

  it("raises at most 1 false alarm in 8 stationary streams of 20,000 observations (δ = 0.002)", () => {
    let total = 0;
    for (const seed of SEEDS) total += alarms(new Adwin({ delta: 0.002 }), bernoulliStream(20_000, 20_000, 0.2, 0.2, seed)).length;
    expect(total).toBeLessThanOrEqual(1);
  });

  it("does not alarm when the error rate falls, but forgets the old concept", () => {
    const adwin = new Adwin();
    expect(alarms(adwin, bernoulliStream(4000, 2000, 0.5, 0.1, 3))).toEqual([]);
    expect(adwin.windowSize).toBeLessThan(2500);
    expect(adwin.mean).toBeLessThan(0.2);
  });

  it("keeps the window's mean exact on a stationary stream (buckets merge without losing mass)", () => {
    const adwin = new Adwin({ clock: 1_000_000 });
    const stream = bernoulliStream(5000, 5000, 0.3, 0.3, 9);
    for (const x of stream) adwin.update(x);
    expect(adwin.windowSize).toBe(5000);
    expect(adwin.mean).toBeCloseTo(stream.reduce((a, b) => a + b, 0) / 5000, 10);
    expect(() => new Adwin({ delta: 1 })).toThrow(RangeError);
  });
});
