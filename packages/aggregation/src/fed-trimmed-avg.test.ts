import { describe, expect, it } from "vitest";
import { FedTrimmedAvg, fedTrimmedAvg } from "./fed-trimmed-avg.js";
import { SeededRandom } from "./seeded-random.js";
import { MemoryUpdateStore } from "./update-store.js";

const params = (...vs: number[][]) => vs.map((v) => ({ params: Float32Array.from(v), numExamples: 1 }));

describe("FedTrimmedAvg", () => {
  it("drops ⌊βn⌋ values at each end and averages the rest", () => {
    expect(Array.from(fedTrimmedAvg(params([1], [2], [3], [4], [100]), 0.2)!)).toEqual([3]);
    expect(Array.from(fedTrimmedAvg(params([1], [2], [3], [4], [100]), 0.19)!)).toEqual([22]); // ⌊0.95⌋ = 0: plain mean
    expect(Array.from(fedTrimmedAvg(params([-50, 1], [2, 2], [3, 3], [4, 50]), 0.25)!)).toEqual([2.5, 2.5]);
    expect(fedTrimmedAvg([], 0.1)).toBeNull();
    expect(() => new FedTrimmedAvg({ beta: 0.5 })).toThrow();
  });

  it("stays within the benign range with up to ⌊βn⌋ Byzantine updates", () => {
    const random = new SeededRandom(3);
    const benign = Array.from({ length: 7 }, () => Array.from({ length: 40 }, () => -2 + 0.05 * random.nextGaussian()));
    const attack = Array.from({ length: 3 }, () => Array.from({ length: 40 }, () => 1e7));
    const out = fedTrimmedAvg(params(...benign, ...attack), 0.3)!;
    for (let j = 0; j < 40; j++) {
      const column = benign.map((b) => b[j]!);
      expect(out[j]!).toBeGreaterThanOrEqual(Math.min(...column) - 1e-6);
      expect(out[j]!).toBeLessThanOrEqual(Math.max(...column) + 1e-6);
    }
  });

  it("chunked reads give the in-memory result", () => {
    const random = new SeededRandom(4);
    const updates = Array.from({ length: 10 }, () => Float32Array.from({ length: 300 }, () => random.nextGaussian()));
    const run = (chunkSize: number) => {
      const s = new FedTrimmedAvg({ beta: 0.2, chunkSize, store: new MemoryUpdateStore() });
      s.begin({ base: new Float32Array(300), baseVersion: 1, roundId: 1 });
      updates.forEach((delta, i) => s.accept({ edgeId: `e${i}`, delta, numExamples: 1, baseVersion: 1, staleness: 0 }));
      return Array.from(s.aggregate()!);
    };
    expect(run(13)).toEqual(run(300));
  });
});
