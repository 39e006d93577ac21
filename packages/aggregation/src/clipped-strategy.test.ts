import { describe, expect, it } from "vitest";
import { ClippedStrategy, clipToNorm, l2Norm } from "./clipped-strategy.js";
import { FedAvg } from "./fed-avg.js";

const accept = (s: ClippedStrategy, delta: number[]) =>
  s.accept({ edgeId: "e", delta: Float32Array.from(delta), numExamples: 1, baseVersion: 1, staleness: 0 });

describe("update-norm clipping", () => {
  it("scales a delta above C to norm C and passes one within C untouched", () => {
    const big = Float32Array.from([3, 4]);
    expect(l2Norm(big)).toBe(5);
    const clipped = clipToNorm(big, 1);
    expect(clipped.within).toBe(false);
    expect(Array.from(clipped.delta)).toEqual([Math.fround(0.6), Math.fround(0.8)]);
    expect(Array.from(big)).toEqual([3, 4]); // the caller's array is not modified
    const small = Float32Array.from([0.3, 0.4]);
    expect(clipToNorm(small, 1).delta).toBe(small);
  });

  it("fixed: the inner strategy sees clipped deltas", () => {
    const s = new ClippedStrategy(new FedAvg(), { mode: "fixed", clipNorm: 1 });
    expect(s.name).toBe("fedavg+clip");
    s.begin({ base: new Float32Array(2), baseVersion: 1, roundId: 1 });
    accept(s, [3, 4]);
    accept(s, [0, -0.5]);
    expect(Array.from(s.aggregate()!)).toEqual([Math.fround(0.3), Math.fround((0.8 - 0.5) / 2)]);
  });

  it("adaptive: C ← C·exp(−η(b̄ − γ)) after each round (Andrew et al., 2021)", () => {
    const s = new ClippedStrategy(new FedAvg(), { mode: "adaptive", initialClipNorm: 1, targetQuantile: 0.5, learningRate: 0.2 });
    s.begin({ base: new Float32Array(1), baseVersion: 1, roundId: 1 });
    for (const norm of [0.5, 2, 3, 4]) accept(s, [norm]); // one of four within C: b̄ = 0.25
    s.aggregate();
    s.begin({ base: new Float32Array(1), baseVersion: 2, roundId: 2 });
    expect(s.clipNorm).toBeCloseTo(Math.exp(0.05), 12);
    // A round without updates leaves C where it is.
    s.begin({ base: new Float32Array(1), baseVersion: 3, roundId: 3 });
    s.begin({ base: new Float32Array(1), baseVersion: 4, roundId: 4 });
    expect(s.clipNorm).toBeCloseTo(Math.exp(0.05), 12);
  });

  it("validates its config", () => {
    expect(() => new ClippedStrategy(new FedAvg(), { mode: "fixed", clipNorm: 0 })).toThrow();
    expect(() => new ClippedStrategy(new FedAvg(), { mode: "adaptive", initialClipNorm: 1, targetQuantile: 1 })).toThrow();
  });
});
