import { createSeededRandom } from "@tributary/model";
import { describe, expect, it } from "vitest";
import { Reservoir } from "./reservoir.js";

/** Runs a stream of `n` items through a reservoir; returns which item each slot holds. */
function run(capacity: number, n: number, seed: number, reservoir = new Reservoir(capacity), slots: number[] = []): number[] {
  const random = createSeededRandom(seed);
  const next = () => random.next();
  for (let item = reservoir.seen; item < n; item++) {
    const slot = reservoir.offer(next);
    if (slot !== null) slots[slot] = item;
  }
  return slots;
}

describe("Reservoir (Algorithm R)", () => {
  it("keeps every item of a stream with the same probability capacity/n (χ² over 4,000 streams)", () => {
    const capacity = 10;
    const n = 50;
    const trials = 4000;
    const kept = new Array<number>(n).fill(0);
    for (let t = 0; t < trials; t++) for (const item of run(capacity, n, 1000 + t)) kept[item]!++;
    const expected = (trials * capacity) / n;
    const chi2 = kept.reduce((s, k) => s + (k - expected) ** 2 / expected, 0);
    // 49 degrees of freedom: P(χ² > 85.4) = 0.001 for a uniform sampler.
    expect(chi2).toBeLessThan(85.4);
    // Early and late items alike: a keep-the-first or keep-the-last sampler fails here.
    const early = kept.slice(0, 10).reduce((a, b) => a + b, 0);
    const late = kept.slice(-10).reduce((a, b) => a + b, 0);
    expect(Math.abs(early - late) / expected).toBeLessThan(1.5);
  });

  it("never holds more than its capacity, and fills it exactly once enough items came", () => {
    const reservoir = new Reservoir(100);
    const random = createSeededRandom(1);
    const used = new Set<number>();
    for (let i = 0; i < 20_000; i++) {
      const slot = reservoir.offer(() => random.next());
      if (slot !== null) {
        expect(slot).toBeGreaterThanOrEqual(0);
        expect(slot).toBeLessThan(100);
        used.add(slot);
      }
      if (i < 100) expect(slot).toBe(i);
    }
    expect(used.size).toBe(100);
    expect(reservoir.seen).toBe(20_000);
  });

  it("is deterministic per seed, differs across seeds, and resumes from a stored count as if never stopped", () => {
    expect(run(20, 1000, 7)).toEqual(run(20, 1000, 7));
    expect(run(20, 1000, 7)).not.toEqual(run(20, 1000, 8));
    // Stop after 400 items, restore from (capacity, seen) and the same random stream: same content.
    const random = createSeededRandom(7);
    const next = () => random.next();
    const first = new Reservoir(20);
    const slots: number[] = [];
    for (let item = 0; item < 400; item++) {
      const slot = first.offer(next);
      if (slot !== null) slots[slot] = item;
    }
    const resumed = new Reservoir(20, first.seen);
    for (let item = 400; item < 1000; item++) {
      const slot = resumed.offer(next);
      if (slot !== null) slots[slot] = item;
    }
    expect(slots).toEqual(run(20, 1000, 7));
  });

  it("refuses a bad capacity or count", () => {
    expect(() => new Reservoir(0)).toThrow(RangeError);
    expect(() => new Reservoir(1.5)).toThrow(RangeError);
    expect(() => new Reservoir(3, -1)).toThrow(RangeError);
  });
});
