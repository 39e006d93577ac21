import { ErrorCode, isTributaryError } from "@tributary/protocol";
import { describe, expect, it } from "vitest";
import { FedAvgSparse } from "./fed-avg-sparse.js";
import { createStrategy } from "./strategy-config.js";
import type { ClientUpdate } from "./strategy.js";

const update = (delta: number[], numExamples = 1): ClientUpdate => ({ edgeId: "e", delta: Float32Array.from(delta), numExamples, baseVersion: 1, staleness: 0 });
const base = Float32Array.from([1, 2, 3, 4]);

function round(strategy: FedAvgSparse, updates: ClientUpdate[]): number[] | null {
  strategy.begin({ base, baseVersion: 1, roundId: 1 });
  for (const u of updates) strategy.accept(u);
  const out = strategy.aggregate();
  return out && Array.from(out);
}

describe("FedAvgSparse", () => {
  it("averages each coordinate over the updates that changed it, weighted by examples", () => {
    // Coordinate 0: both edges (plain FedAvg); 1: only the first; 2: only the second; 3: nobody.
    const out = round(new FedAvgSparse(), [update([1, 0.5, 0, 0], 1), update([4, 0, -2, 0], 3)]);
    expect(out).toEqual([1 + (1 * 1 + 3 * 4) / 4, 2.5, 1, 4]);
  });

  it("equals FedAvg when every update changes every coordinate", () => {
    const out = round(new FedAvgSparse(), [update([1, 2, 3, 4], 2), update([-1, 1, 0.5, 2], 6)]);
    const fedAvg = [0, 1, 2, 3].map((i) => base[i]! + (2 * [1, 2, 3, 4][i]! + 6 * [-1, 1, 0.5, 2][i]!) / 8);
    out!.forEach((v, i) => expect(v).toBeCloseTo(fedAvg[i]!, 5));
  });

  it("scales the masked mean by the server learning rate", () => {
    expect(round(new FedAvgSparse({ serverLearningRate: 2 }), [update([0.5, 0, 0, 0]), update([1.5, 0, 1, 0])])).toEqual([3, 2, 5, 4]);
  });

  it("returns null with nothing usable, ignores non-positive weights, and starts each round afresh", () => {
    const s = new FedAvgSparse();
    expect(round(s, [])).toBeNull();
    expect(round(s, [update([1, 1, 1, 1], 0)])).toBeNull();
    expect(s.accepted).toBe(0);
    expect(round(s, [update([1, 0, 0, 0])])).toEqual([2, 2, 3, 4]);
    expect(round(s, [update([0, 1, 0, 0])])).toEqual([1, 3, 3, 4]);
  });

  it("rejects a delta of the wrong length and use before begin", () => {
    const s = new FedAvgSparse();
    expect(() => s.accept(update([1]))).toThrow(Error);
    s.begin({ base, baseVersion: 1, roundId: 1 });
    try {
      s.accept(update([1, 2]));
      expect.unreachable();
    } catch (e) {
      expect(isTributaryError(e) && e.code).toBe(ErrorCode.LengthMismatch);
    }
    expect(() => new FedAvgSparse({ serverLearningRate: 0 })).toThrow(RangeError);
  });

  it("is built from its config, and refuses central DP", () => {
    expect(createStrategy({ name: "fedavgsparse", serverLearningRate: 2 }).name).toBe("fedavgsparse");
    expect(() => createStrategy({ name: "fedavgsparse", dp: { noiseMultiplier: 1, clipNorm: 1 } })).toThrow(/DP/);
  });
});
