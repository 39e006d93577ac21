import { describe, expect, it } from "vitest";
import type { Interaction } from "./interaction.js";
import { leaveLastOut } from "./leave-last-out.js";
import { sampleNegatives } from "./sample-negatives.js";
import { splitStream, streamCuts } from "./split-stream.js";

const interactions: Interaction[] = [];
for (let u = 0; u < 20; u++) for (let k = 0; k < 6; k++) interactions.push({ userId: `u${u}`, itemId: `i${(u * 7 + k * 3) % 50}`, rating: 3, timestamp: 1000 - u * 13 + k * 29 });

describe("splitStream", () => {
  it("orders by time and cuts a warm-up and W near-equal windows covering everything once", () => {
    const split = splitStream(interactions, { windows: 7, warmupFraction: 0.3 });
    expect(split.warmup).toHaveLength(36);
    expect(split.windows.map((w) => w.interactions.length)).toEqual([12, 12, 12, 12, 12, 12, 12]);
    const all = [split.warmup, ...split.windows.map((w) => w.interactions)].flat();
    expect(all).toHaveLength(interactions.length);
    expect(new Set(all).size).toBe(interactions.length);
    for (let i = 1; i < all.length; i++) expect(all[i]!.timestamp).toBeGreaterThanOrEqual(all[i - 1]!.timestamp);
    split.windows.forEach((w, i) => {
      expect(w.index).toBe(i);
      expect(w.startTime).toBe(w.interactions[0]!.timestamp);
      expect(w.endTime).toBe(w.interactions.at(-1)!.timestamp);
    });
    expect(splitStream([...interactions].reverse(), { windows: 7, warmupFraction: 0.3 })).toEqual(split);
  });

  it("rejects impossible options", () => {
    expect(() => splitStream(interactions, { windows: 0 })).toThrow(/windows/);
    expect(() => splitStream(interactions, { warmupFraction: 1 })).toThrow(/warmupFraction/);
  });
});

describe("streamCuts", () => {
  it("cuts positions into a warm-up and windows that differ by at most one, covering every position once", () => {
    const cuts = streamCuts(23, { windows: 4, warmupFraction: 0.25 });
    expect(cuts.warmup).toEqual({ start: 0, end: 5 });
    expect(cuts.windows).toEqual([
      { start: 5, end: 9 },
      { start: 9, end: 14 },
      { start: 14, end: 18 },
      { start: 18, end: 23 },
    ]);
    expect(streamCuts(2, { windows: 3, warmupFraction: 0 }).windows.map((w) => w.end - w.start)).toEqual([0, 1, 1]);
  });

  it("rejects impossible options", () => {
    expect(() => streamCuts(10, { windows: 1.5 })).toThrow(/windows/);
    expect(() => streamCuts(10, { warmupFraction: -0.1 })).toThrow(/warmupFraction/);
  });
});

describe("leaveLastOut", () => {
  it("holds out each user's latest interaction", () => {
    const { train, test } = leaveLastOut(interactions);
    expect(test).toHaveLength(20);
    expect(train).toHaveLength(100);
    for (const held of test) {
      const mine = interactions.filter((i) => i.userId === held.userId);
      expect(held.timestamp).toBe(Math.max(...mine.map((i) => i.timestamp)));
    }
    const single = leaveLastOut([{ userId: "solo", itemId: "a", rating: 1, timestamp: 0 }]);
    expect(single).toEqual({ train: [{ userId: "solo", itemId: "a", rating: 1, timestamp: 0 }], test: [] });
  });
});

describe("sampleNegatives", () => {
  const catalog = Array.from({ length: 500 }, (_, i) => `i${i}`);

  it("draws 99 distinct items per positive that the user never touched, deterministically", () => {
    const { train, test } = leaveLastOut(interactions);
    const samples = sampleNegatives({ positives: test, catalog, history: train, seed: 5 });
    expect(samples).toHaveLength(test.length);
    for (const s of samples) {
      expect(s.negatives).toHaveLength(99);
      expect(new Set(s.negatives).size).toBe(99);
      const seen = new Set(interactions.filter((i) => i.userId === s.userId).map((i) => i.itemId));
      for (const n of s.negatives) expect(seen.has(n)).toBe(false);
      expect(s.negatives).not.toContain(s.positive);
    }
    expect(sampleNegatives({ positives: test, catalog, history: train, seed: 5 })).toEqual(samples);
    expect(sampleNegatives({ positives: test, catalog, history: train, seed: 6 })).not.toEqual(samples);
  });

  it("returns every candidate when fewer than asked remain", () => {
    const small = ["a", "b", "c", "d"];
    const [sample] = sampleNegatives({ positives: [{ userId: "u", itemId: "a", rating: 1, timestamp: 0 }], catalog: small, history: [{ userId: "u", itemId: "b", rating: 1, timestamp: 0 }] });
    expect(sample!.negatives.sort()).toEqual(["c", "d"]);
  });
});
