import { describe, expect, it } from "vitest";
import { ErrorCode, TributaryError } from "@tributary/protocol";
import { FedAvg, fedAvg } from "./fed-avg.js";

describe("FedAvg", () => {
  it("weights deltas by example count, one update at a time", () => {
    const s = new FedAvg();
    s.begin({ base: Float32Array.from([1, 1]), baseVersion: 1, roundId: 1 });
    s.accept({ edgeId: "a", delta: Float32Array.from([1, 0]), numExamples: 1, baseVersion: 1, staleness: 0 });
    s.accept({ edgeId: "b", delta: Float32Array.from([0, 4]), numExamples: 3, baseVersion: 1, staleness: 0 });
    expect(s.accepted).toBe(2);
    expect(Array.from(s.aggregate()!)).toEqual([1.25, 4]);
  });

  it("returns null when nothing arrived, and refuses a wrong length", () => {
    const s = new FedAvg();
    s.begin({ base: new Float32Array(3), baseVersion: 1, roundId: 1 });
    expect(s.aggregate()).toBeNull();
    expect(() => s.accept({ edgeId: "a", delta: new Float32Array(2), numExamples: 1, baseVersion: 1, staleness: 0 })).toThrow(TributaryError);
    try {
      s.accept({ edgeId: "a", delta: new Float32Array(2), numExamples: 1, baseVersion: 1, staleness: 0 });
    } catch (e) {
      expect((e as TributaryError).code).toBe(ErrorCode.LengthMismatch);
    }
    expect(fedAvg([])).toBeNull();
  });

  it("the pure function is the example-weighted mean of parameter vectors", () => {
    const out = fedAvg([
      { params: Float32Array.from([2, 0]), numExamples: 2 },
      { params: Float32Array.from([5, 3]), numExamples: 1 },
    ]);
    expect(Array.from(out!)).toEqual([3, 1]);
  });
});
