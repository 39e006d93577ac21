import { mulberry32 } from "@tributary/datasets";
import { describe, expect, it } from "vitest";
import { drawWithoutReplacement } from "./draw-without-replacement.js";

describe("drawWithoutReplacement", () => {
  it("draws k distinct values, all of them when there are fewer, deterministically, leaving the input as it was", () => {
    const values = Array.from({ length: 50 }, (_, i) => i);
    const a = drawWithoutReplacement(values, 10, mulberry32(4));
    expect(new Set(a).size).toBe(10);
    expect(drawWithoutReplacement(values, 10, mulberry32(4))).toEqual(a);
    expect(drawWithoutReplacement(values, 10, mulberry32(5))).not.toEqual(a);
    expect(drawWithoutReplacement(values, 80, mulberry32(4)).sort((x, y) => x - y)).toEqual(values);
    expect(values).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });
});
