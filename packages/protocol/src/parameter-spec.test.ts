import { describe, expect, it } from "vitest";
import { createParameterSpec, sliceParameter, verifyParameterSpec } from "./parameter-spec.js";
import { crc32 } from "./crc32.js";

describe("parameter spec", () => {
  it("lays tensors out back to back and hashes names and shapes", () => {
    const spec = createParameterSpec([
      { name: "dense/kernel", shape: [4, 3] },
      { name: "dense/bias", shape: [3] },
    ]);
    expect(spec.length).toBe(15);
    expect(spec.entries.map((e) => [e.offset, e.size])).toEqual([[0, 12], [12, 3]]);
    expect(spec.hash).toMatch(/^[0-9a-f]{64}$/);
    const reordered = createParameterSpec([
      { name: "dense/bias", shape: [3] },
      { name: "dense/kernel", shape: [4, 3] },
    ]);
    expect(reordered.hash).not.toBe(spec.hash);
    const values = Float32Array.from({ length: 15 }, (_, i) => i);
    expect(Array.from(sliceParameter(spec, values, "dense/bias"))).toEqual([12, 13, 14]);
  });

  it("refuses repeated names, bad shapes and a tampered hash", () => {
    expect(() => createParameterSpec([{ name: "a", shape: [1] }, { name: "a", shape: [2] }])).toThrow(/repeated/);
    expect(() => createParameterSpec([{ name: "a", shape: [1.5] }])).toThrow(/bad shape/);
    const spec = createParameterSpec([{ name: "a", shape: [2] }]);
    expect(() => verifyParameterSpec({ ...spec, hash: "f".repeat(64) })).toThrow(/does not match/);
  });

  it("computes the standard CRC-32 check value", () => {
    expect(crc32(new TextEncoder().encode("123456789"))).toBe(0xcbf43926);
  });
});
