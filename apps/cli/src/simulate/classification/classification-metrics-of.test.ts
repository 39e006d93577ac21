import { describe, expect, it } from "vitest";
import { classificationMetrics, macroAuc } from "./classification-metrics-of.js";

describe("classificationMetrics", () => {
  it("scores binary rows [P(0), P(1)]: accuracy by the most probable class, AUC of P(1), log loss in nats", () => {
    const y = Int32Array.from([1, 0, 1, 0]);
    const p = Float32Array.from([0.2, 0.8, 0.6, 0.4, 0.7, 0.3, 0.9, 0.1]);
    const m = classificationMetrics(y, p, 2);
    expect(m.accuracy).toBeCloseTo(0.75);
    // Positives score 0.8 and 0.3, negatives 0.4 and 0.1: 3 of the 4 pairs are ordered right.
    expect(m.auc).toBeCloseTo(0.75);
    expect(m.logLoss).toBeCloseTo(-(Math.log(0.8) + Math.log(0.6) + Math.log(0.3) + Math.log(0.9)) / 4, 5);
    expect(m.cases).toBe(4);
  });

  it("averages one-vs-rest AUCs over the classes that have positives and negatives (multiclass)", () => {
    const y = Int32Array.from([0, 1, 2, 2]);
    const p = Float32Array.from([
      [0.8, 0.1, 0.1],
      [0.5, 0.4, 0.1],
      [0.1, 0.2, 0.7],
      [0.3, 0.3, 0.4],
    ].flat());
    const m = classificationMetrics(y, p, 3);
    expect(m.accuracy).toBeCloseTo(0.75);
    // Class 0: 0.8 above 0.5, 0.1, 0.3 → 1. Class 1: 0.4 above 0.1, 0.2, 0.3 → 1. Class 2: 0.7, 0.4 against 0.1, 0.1 → 1.
    expect(m.auc).toBeCloseTo(1);
    const flipped = Float32Array.from(p);
    flipped[1 * 3 + 1] = 0.05; // class 1's positive now below every negative
    expect(macroAuc(y, flipped, 3)).toBeCloseTo(2 / 3);
  });

  it("leaves AUC undefined (NaN) when only one class occurs, and everything NaN without cases", () => {
    expect(classificationMetrics(Int32Array.from([1, 1]), Float32Array.from([0.5, 0.5, 0.2, 0.8]), 2).auc).toBeNaN();
    expect(macroAuc(Int32Array.from([1, 1]), Float32Array.from([0.5, 0.5, 0.2, 0.8]), 2)).toBeNull();
    const none = classificationMetrics(new Int32Array(0), new Float32Array(0), 2);
    expect([none.accuracy, none.auc, none.logLoss, none.cases]).toEqual([Number.NaN, Number.NaN, Number.NaN, 0]);
  });
});
