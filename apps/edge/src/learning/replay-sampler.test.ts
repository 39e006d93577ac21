import { createSeededRandom } from "@tributary/model";
import { describe, expect, it } from "vitest";
import type { ReplaySlot } from "../store/replay-table.js";
import { type ReplayPolicyName, sampleReplay } from "./replay-sampler.js";

const HOUR = 3_600_000;
const NOW = 1_800_000_000_000;

/** `n` slots; every `positiveEvery`-th is a positive; slot i is i hours old. */
function slots(n: number, positiveEvery: number): ReplaySlot[] {
  return Array.from({ length: n }, (_, i) => ({ slot: i, interactionId: i + 1, label: i % positiveEvery === 0 ? 1 : 0, at: NOW - i * HOUR }));
}

function draw(policy: ReplayPolicyName, pool: ReplaySlot[], n: number, seed: number, halfLifeMs = 10 * HOUR): ReplaySlot[] {
  const random = createSeededRandom(seed);
  return sampleReplay(pool, n, { policy, random: () => random.next(), now: NOW, halfLifeMs });
}

describe("sampleReplay", () => {
  it.each(["random", "stratified", "recency"] as ReplayPolicyName[])("%s: draws distinct slots, at most n, all of them when n ≥ the pool, deterministically per seed", (policy) => {
    const pool = slots(100, 4);
    const sample = draw(policy, pool, 30, 1);
    expect(sample).toHaveLength(30);
    expect(new Set(sample.map((s) => s.slot)).size).toBe(30);
    expect(draw(policy, pool, 30, 1)).toEqual(sample);
    expect(draw(policy, pool, 30, 2)).not.toEqual(sample);
    expect(draw(policy, pool, 500, 1)).toHaveLength(100);
    expect(draw(policy, [], 5, 1)).toEqual([]);
  });

  it("random: every slot equally likely, so the sample mirrors the pool (10 % positives, uniform age)", () => {
    const pool = slots(100, 10);
    const counts = new Array<number>(100).fill(0);
    let positives = 0;
    const trials = 3000;
    for (let t = 0; t < trials; t++) {
      for (const s of draw("random", pool, 10, t)) {
        counts[s.slot]!++;
        positives += s.label;
      }
    }
    const expected = (trials * 10) / 100;
    const chi2 = counts.reduce((s, k) => s + (k - expected) ** 2 / expected, 0);
    expect(chi2).toBeLessThan(148.2); // 99 df, p = 0.001
    expect(positives / (trials * 10)).toBeCloseTo(0.1, 2);
  });

  it("stratified: half positives, half negatives however rare positives are; all positives when there are too few", () => {
    const pool = slots(200, 10); // 20 positives
    for (let seed = 0; seed < 20; seed++) {
      const sample = draw("stratified", pool, 30, seed);
      expect(sample.filter((s) => s.label >= 0.5)).toHaveLength(15);
      expect(sample.filter((s) => s.label < 0.5)).toHaveLength(15);
    }
    const sparse = slots(200, 50); // 4 positives
    const sample = draw("stratified", sparse, 30, 3);
    expect(sample.filter((s) => s.label >= 0.5).map((s) => s.slot).sort((a, b) => a - b)).toEqual([0, 50, 100, 150]);
    expect(sample).toHaveLength(30);
  });

  it("recency: P(draw) follows the 2^(−age/halfLife) weights (one draw from two slots one half-life apart: 2/3 vs 1/3)", () => {
    const pair: ReplaySlot[] = [
      { slot: 0, interactionId: 1, label: 1, at: NOW },
      { slot: 1, interactionId: 2, label: 1, at: NOW - 10 * HOUR },
    ];
    let newer = 0;
    const trials = 6000;
    for (let t = 0; t < trials; t++) if (draw("recency", pair, 1, t)[0]!.slot === 0) newer++;
    expect(newer / trials).toBeGreaterThan(0.64);
    expect(newer / trials).toBeLessThan(0.69);
    // Over a pool of 100 slots 0 … 99 hours old, samples are far younger than the pool; random ones are not.
    const pool = slots(100, 2);
    const meanAge = (sample: ReplaySlot[]) => sample.reduce((s, x) => s + (NOW - x.at) / HOUR, 0) / sample.length;
    let recent = 0;
    let uniform = 0;
    for (let t = 0; t < 200; t++) {
      recent += meanAge(draw("recency", pool, 10, t));
      uniform += meanAge(draw("random", pool, 10, t));
    }
    expect(uniform / 200).toBeCloseTo(49.5, 0);
    expect(recent / 200).toBeLessThan(20);
  });
});
