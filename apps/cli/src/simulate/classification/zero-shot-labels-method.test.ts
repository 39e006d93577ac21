import { describe, expect, it } from "vitest";
import { createZeroShotLabelsMethod } from "./zero-shot-labels-method.js";

describe("zero-shot label similarity", () => {
  it("gives each text a softmax over classes that favours the label name its vector is closest to", () => {
    const features = {
      x: Float32Array.from([1, 0.1, 0, /* */ 0, 2, 0.2, /* */ 1, 1, 1]),
      dim: 3,
      classVectors: Float32Array.from([1, 0, 0, /* */ 0, 1, 0, /* */ 0, 0, 1]),
      encoderId: "test",
    };
    const p = createZeroShotLabelsMethod(features).scorer(0).probabilities(Int32Array.from([0, 1, 2]));
    const row = (k: number) => Array.from(p.subarray(k * 3, k * 3 + 3));
    for (let k = 0; k < 3; k++) expect(row(k).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    expect(row(0).indexOf(Math.max(...row(0)))).toBe(0);
    expect(row(1).indexOf(Math.max(...row(1)))).toBe(1);
    // Equally close to every label: uniform.
    for (const v of row(2)) expect(v).toBeCloseTo(1 / 3, 5);
  });
});
