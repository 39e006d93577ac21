import { createSeededRandom } from "@tributary/model";
import { describe, expect, it } from "vitest";
import { sampleNegatives } from "./negative-sampler.js";

const draw = (seed: number, exclude: Set<number>, count: number, catalogSize = 50) => {
  const random = createSeededRandom(seed);
  return sampleNegatives({ catalogSize, count, exclude, random: () => random.next() });
};

describe("sampleNegatives", () => {
  it("never samples a positive of the user, and draws distinct items", () => {
    const positives = new Set(Array.from({ length: 40 }, (_, i) => i * 1.25).map(Math.floor)); // 40 of 50 items
    const seen = new Set<number>();
    for (let seed = 0; seed < 500; seed++) {
      const negatives = draw(seed, positives, 5);
      expect(negatives).toHaveLength(5);
      expect(new Set(negatives).size).toBe(5);
      for (const i of negatives) {
        expect(positives.has(i)).toBe(false);
        expect(i).toBeGreaterThanOrEqual(0);
        expect(i).toBeLessThan(50);
        seen.add(i);
      }
    }
    // Every allowed item gets drawn at some point: the sampler covers the rest of the catalog.
    expect(seen.size).toBe(50 - positives.size);
  });

  it("returns what is left when fewer items than asked are allowed, and nothing from an all-positive catalog", () => {
    const positives = new Set(Array.from({ length: 48 }, (_, i) => i));
    expect(draw(1, positives, 5).sort((a, b) => a - b)).toEqual([48, 49]);
    expect(draw(1, new Set(Array.from({ length: 50 }, (_, i) => i)), 5)).toEqual([]);
  });

  it("is deterministic per seed", () => {
    const positives = new Set([1, 2, 3]);
    expect(draw(9, positives, 10, 10_000)).toEqual(draw(9, positives, 10, 10_000));
    expect(draw(9, positives, 10, 10_000)).not.toEqual(draw(10, positives, 10, 10_000));
  });
});
