import { describe, expect, it } from "vitest";
import { FedAdagrad } from "./fed-adagrad.js";
import { FedAdam } from "./fed-adam.js";
import { FedAvgM } from "./fed-avg-m.js";
import { FedYogi } from "./fed-yogi.js";
import type { Strategy } from "./strategy.js";

function round(s: Strategy, base: number[], baseVersion: number, deltas: number[][]): number[] {
  s.begin({ base: Float32Array.from(base), baseVersion, roundId: baseVersion });
  deltas.forEach((d, i) => s.accept({ edgeId: `e${i}`, delta: Float32Array.from(d), numExamples: 1, baseVersion, staleness: 0 }));
  return Array.from(s.aggregate()!);
}

const close = (actual: number[], expected: number[], digits = 6) => expected.forEach((e, i) => expect(actual[i]).toBeCloseTo(e, digits));

describe("FedAvgM", () => {
  it("adds momentum from promoted rounds: v ← βv + Δ̄, θ ← θ + ηv", () => {
    const s = new FedAvgM({ serverMomentum: 0.9, serverLearningRate: 1 });
    close(round(s, [0, 0], 1, [[1, 2]]), [1, 2]);
    // Round 2 starts on a new version: round 1's step (v = [1, 2]) is committed.
    close(round(s, [1, 2], 2, [[1, 0]]), [1 + 0.9 * 1 + 1, 2 + 0.9 * 2 + 0]);
    expect(s.committedSteps).toBe(1);
  });

  it("forgets the step of a rejected candidate and is idempotent within a round", () => {
    const s = new FedAvgM({ serverMomentum: 0.5, serverLearningRate: 2 });
    round(s, [0, 0], 1, [[1, 1]]);
    round(s, [2, 2], 2, [[4, 0]]); // v = [1, 1] committed; candidate with v' = [4.5, 0.5] pending
    expect(s.aggregate()).toEqual(s.aggregate());
    // Round 3 begins on version 2 again: the candidate was rejected, v stays [1, 1].
    close(round(s, [2, 2], 2, [[0, 0]]), [2 + 2 * 0.5, 2 + 2 * 0.5]);
    expect(s.committedSteps).toBe(1);
  });

  it("validates its hyper-parameters", () => {
    expect(() => new FedAvgM({ serverMomentum: 1 })).toThrow();
    expect(() => new FedAvgM({ serverLearningRate: 0 })).toThrow();
  });
});

describe("adaptive server optimizers (Reddi et al., 2021)", () => {
  it("FedAdam: m = (1−β₁)Δ, v = β₂τ² + (1−β₂)Δ², θ = θ₀ + η·m/(√v + τ)", () => {
    const s = new FedAdam(); // η 0.1, β₁ 0.9, β₂ 0.99, τ 1e-9
    close(round(s, [0, 0], 1, [[0.5, -2]]), [0.1, -0.1]);
    // Second promoted round with the same Δ: m = 0.9·0.05 + 0.05 = 0.095, v = 0.99·0.0025 + 0.0025 = 0.004975.
    close(round(s, [0, 0], 2, [[0.5, -2]]), [(0.1 * 0.095) / Math.sqrt(0.004975), (0.1 * -0.38) / Math.sqrt(0.0796)]);
  });

  it("FedAdagrad: β₁ = 0, v = τ² + Σ Δ², so the first step is η·sign(Δ)", () => {
    const s = new FedAdagrad();
    close(round(s, [1, 1], 1, [[0.5, -2]]), [1.1, 0.9]);
    // v accumulates: second step η·Δ/√(2Δ²) = η/√2 per coordinate.
    close(round(s, [0, 0], 2, [[0.5, -2]]), [0.1 / Math.SQRT2, -0.1 / Math.SQRT2]);
  });

  it("FedYogi: v moves additively by (1−β₂)Δ² towards Δ² (hand-computed with τ = 1e-3)", () => {
    const s = new FedYogi(); // η 0.01, β₁ 0.9, β₂ 0.99, τ 1e-3, v₀ = τ²
    close(round(s, [0, 0], 1, [[0.5, -2]]), [0.00980199980004, -0.00995012499922], 9);
  });

  it("averages the deltas by example count before the optimizer step", () => {
    const a = new FedAdam();
    a.begin({ base: new Float32Array(1), baseVersion: 1, roundId: 1 });
    a.accept({ edgeId: "a", delta: Float32Array.from([1]), numExamples: 3, baseVersion: 1, staleness: 0 });
    a.accept({ edgeId: "b", delta: Float32Array.from([-1]), numExamples: 1, baseVersion: 1, staleness: 0 });
    expect(Array.from(a.meanDelta()!)).toEqual([0.5]);
  });
});
