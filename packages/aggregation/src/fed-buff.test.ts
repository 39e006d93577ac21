import { describe, expect, it } from "vitest";
import { FedBuff, stalenessWeight } from "./fed-buff.js";

const push = (s: FedBuff, delta: number[], staleness: number, numExamples = 1) =>
  s.accept({ edgeId: `e${staleness}`, delta: Float32Array.from(delta), numExamples, baseVersion: 5 - staleness, staleness });

describe("FedBuff", () => {
  it("weights by s(τ) = 1/√(1+τ) and divides by the buffer count, not the weights", () => {
    expect(stalenessWeight(0)).toBe(1);
    expect(stalenessWeight(3)).toBe(0.5);
    const s = new FedBuff({ bufferSize: 2 });
    s.begin({ base: Float32Array.from([10, 10]), baseVersion: 5, roundId: 1 });
    push(s, [2, 0], 0, 100);
    expect(s.ready).toBe(false);
    push(s, [0, 4], 3, 1);
    expect(s.ready).toBe(true);
    expect(Array.from(s.aggregate()!)).toEqual([11, 11]);
  });

  it("scales by the server learning rate and drops updates beyond maxStaleness", () => {
    const s = new FedBuff({ bufferSize: 2, serverLearningRate: 2, maxStaleness: 2 });
    s.begin({ base: Float32Array.from([0, 0]), baseVersion: 5, roundId: 1 });
    push(s, [2, 0], 0);
    push(s, [0, 4], 3);
    expect(s.accepted).toBe(1);
    expect(Array.from(s.aggregate()!)).toEqual([4, 0]);
  });

  it("validates its options", () => {
    expect(() => new FedBuff({ bufferSize: 0 })).toThrow();
    expect(() => new FedBuff({ serverLearningRate: -1 })).toThrow();
  });
});
