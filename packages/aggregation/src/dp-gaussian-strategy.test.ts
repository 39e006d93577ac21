import { describe, expect, it } from "vitest";
import { DpGaussianStrategy } from "./dp-gaussian-strategy.js";
import { FedAdam } from "./fed-adam.js";
import { FedAvg } from "./fed-avg.js";
import { RdpAccountant } from "./rdp-accountant.js";
import { SeededRandom } from "./seeded-random.js";
import type { MeanDeltaStrategy } from "./strategy.js";

function release(inner: MeanDeltaStrategy, options: { seed: number; sigma?: number; clip?: number; expected?: number }, deltas: Float32Array[]) {
  const s = new DpGaussianStrategy(inner, {
    noiseMultiplier: options.sigma ?? 1,
    clipNorm: options.clip ?? 2,
    seed: options.seed,
    ...(options.expected ? { expectedUpdates: options.expected } : {}),
  });
  s.begin({ base: new Float32Array(deltas[0]!.length), baseVersion: 1, roundId: 1 });
  deltas.forEach((delta, i) => s.accept({ edgeId: `e${i}`, delta, numExamples: 1 + i * 10, baseVersion: 1, staleness: 0 }));
  return { s, out: s.aggregate()! };
}

describe("central Gaussian DP", () => {
  it("adds N(0, (σC)²) to the clipped sum, then divides by n: reproducible from the seed", () => {
    const deltas = [Float32Array.from([3, 4, 0]), Float32Array.from([0.1, 0, 0])]; // the first is clipped to norm 2
    const { out } = release(new FedAvg(), { seed: 42, sigma: 0.5, clip: 2 }, deltas);
    const noise = new SeededRandom(42);
    const sum = [1.2 + 0.1, 1.6, 0];
    const expected = sum.map((v) => Math.fround((v + 0.5 * 2 * noise.nextGaussian()) / 2));
    expected.forEach((e, i) => expect(out[i]).toBeCloseTo(e, 6));
    expect(Array.from(release(new FedAvg(), { seed: 42, sigma: 0.5, clip: 2 }, deltas).out)).toEqual(Array.from(out));
    expect(Array.from(release(new FedAvg(), { seed: 43, sigma: 0.5, clip: 2 }, deltas).out)).not.toEqual(Array.from(out));
  });

  it("has the noise scale σC/n on the mean (empirically, 20,000 coordinates)", () => {
    const zeros = Array.from({ length: 4 }, () => new Float32Array(20_000));
    const { out } = release(new FedAvg(), { seed: 1, sigma: 1, clip: 2 }, zeros);
    const mean = out.reduce((a, b) => a + b, 0) / out.length;
    const std = Math.sqrt(out.reduce((a, b) => a + (b - mean) ** 2, 0) / out.length);
    expect(Math.abs(mean)).toBeLessThan(0.02);
    expect(std).toBeGreaterThan(0.5 * 0.98);
    expect(std).toBeLessThan(0.5 * 1.02);
    // With a fixed expected count the divisor is that count, not n.
    const fixed = release(new FedAvg(), { seed: 1, sigma: 1, clip: 2, expected: 8 }, zeros).out;
    expect(fixed[0]).toBeCloseTo(out[0]! / 2, 6);
  });

  it("puts the noise before the server optimizer's step", () => {
    const deltas = [Float32Array.from([0.5, -0.5])];
    const { out } = release(new FedAdam(), { seed: 9, sigma: 0.1, clip: 10 }, deltas);
    const noise = new SeededRandom(9);
    const noisy = Float32Array.from([0.5, -0.5], (v) => v + 0.1 * 10 * noise.nextGaussian());
    const reference = new FedAdam();
    reference.begin({ base: new Float32Array(2), baseVersion: 1, roundId: 1 });
    expect(Array.from(out)).toEqual(Array.from(reference.applyDelta(noisy)));
  });

  it("charges the accountant once per release, never for an empty round", () => {
    const s = new DpGaussianStrategy(new FedAvg(), { noiseMultiplier: 1.1, clipNorm: 1, samplingRate: 0.05, seed: 3 });
    s.begin({ base: new Float32Array(2), baseVersion: 1, roundId: 1 });
    expect(s.aggregate()).toBeNull();
    for (let r = 0; r < 3; r++) {
      s.begin({ base: new Float32Array(2), baseVersion: r + 1, roundId: r + 1 });
      s.accept({ edgeId: "e", delta: Float32Array.from([1, 0]), numExamples: 5, baseVersion: r + 1, staleness: 0 });
      s.aggregate();
    }
    const reference = new RdpAccountant();
    reference.compose(0.05, 1.1, 3);
    expect(s.privacySpent(1e-5)).toEqual({ ...reference.getEpsilon(1e-5), rounds: 3 });
  });

  it("validates its options", () => {
    expect(() => new DpGaussianStrategy(new FedAvg(), { noiseMultiplier: 0, clipNorm: 1 })).toThrow();
    expect(() => new DpGaussianStrategy(new FedAvg(), { noiseMultiplier: 1, clipNorm: 1, samplingRate: 0 })).toThrow();
  });
});
