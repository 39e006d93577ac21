import { ErrorCode, isTributaryError } from "@tributary/protocol";
import { describe, expect, it } from "vitest";
import { accuracy, auc, logLoss } from "./classification-metrics.js";

describe("logLoss", () => {
  it("matches hand-computed binary, weighted, soft-label and multi-class cases", () => {
    expect(logLoss([1, 0], [0.8, 0.4])).toBeCloseTo((-Math.log(0.8) - Math.log(0.6)) / 2, 12); // 0.366985
    expect(logLoss([1, 0], [0.8, 0.4], [3, 1])).toBeCloseTo((-3 * Math.log(0.8) - Math.log(0.6)) / 4, 12);
    expect(logLoss([0.5], [0.5])).toBeCloseTo(Math.log(2), 12);
    expect(logLoss([0, 2], [0.7, 0.2, 0.1, 0.1, 0.3, 0.6])).toBeCloseTo((-Math.log(0.7) - Math.log(0.6)) / 2, 12);
  });
  it("stays finite on a confident mistake by clipping at 1e-7", () => {
    expect(logLoss([1], [0])).toBeCloseTo(-Math.log(1e-7), 9);
  });
  it("rejects mismatched lengths", () => {
    expect(() => logLoss([1, 0], [0.5, 0.5, 0.5])).toThrow(expect.objectContaining({ code: ErrorCode.LengthMismatch }));
  });
});

describe("accuracy", () => {
  it("thresholds binary probabilities at 0.5 (inclusive) and weights examples", () => {
    expect(accuracy([1, 0, 1, 0], [0.9, 0.6, 0.5, 0.1])).toBe(0.75);
    expect(accuracy([1, 0, 1, 0], [0.9, 0.6, 0.5, 0.1], { weights: [1, 2, 1, 1] })).toBe(0.6);
    expect(accuracy([1, 0], [0.7, 0.3], { threshold: 0.8 })).toBe(0.5);
  });
  it("takes the argmax for multi-class, the lowest index on a tie", () => {
    expect(accuracy([2, 0, 1], [0.1, 0.2, 0.7, 0.4, 0.4, 0.2, 0.5, 0.3, 0.2])).toBeCloseTo(2 / 3, 12);
  });
});

describe("auc", () => {
  it("counts correctly ordered positive–negative pairs", () => {
    // pairs (pos, neg): (.9,.8) ✓ (.9,.1) ✓ (.7,.8) ✗ (.7,.1) ✓ → 3/4
    expect(auc([1, 0, 1, 0], [0.9, 0.8, 0.7, 0.1])).toBe(0.75);
    expect(auc([1, 1, 0, 0], [0.9, 0.8, 0.2, 0.1])).toBe(1);
    expect(auc([0, 0, 1, 1], [0.9, 0.8, 0.2, 0.1])).toBe(0);
  });
  it("counts a tied pair as one half", () => {
    // (.5,.5) ½ (.5,.1) ✓ (.9,.5) ✓ (.9,.1) ✓ → 3.5/4
    expect(auc([1, 0, 1, 0], [0.5, 0.5, 0.9, 0.1])).toBe(0.875);
    expect(auc([1, 0, 1, 0, 0], [0.3, 0.3, 0.3, 0.3, 0.3])).toBe(0.5);
  });
  it("weights like repeated examples", () => {
    expect(auc([1, 0, 1, 0], [0.9, 0.8, 0.7, 0.1], [2, 1, 1, 3])).toBeCloseTo(auc([1, 1, 0, 1, 0, 0, 0], [0.9, 0.9, 0.8, 0.7, 0.1, 0.1, 0.1])!, 12);
  });
  it("is null with one class only", () => {
    expect(auc([1, 1], [0.2, 0.3])).toBeNull();
    expect(auc([], [])).toBeNull();
  });
  it("rejects multi-class probabilities", () => {
    let caught: unknown;
    try {
      auc([1, 0], [0.5, 0.5, 0.5, 0.5]);
    } catch (e) {
      caught = e;
    }
    expect(isTributaryError(caught, ErrorCode.LengthMismatch)).toBe(true);
  });
});
