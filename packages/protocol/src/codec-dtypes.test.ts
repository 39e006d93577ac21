import { describe, expect, it } from "vitest";
import { crc32 } from "./crc32.js";
import { ErrorCode, TributaryError } from "./error-codes.js";
import { ErrorFeedback } from "./error-feedback.js";
import { fromHalfBits, toHalfBits } from "./half-float.js";
import { createParameterSpec } from "./parameter-spec.js";
import { selectTopK } from "./top-k.js";
import { VECTOR_HEADER_BYTES, decodeVector, decodeVectorInto, encodeVector, type DtypeName } from "./vector-codec.js";

const spec = createParameterSpec([{ name: "w", shape: [1000] }]);
const header = { kind: "delta" as const, specHash: spec.hash, baseVersion: 7 };

/** A deterministic pseudo-random vector (LCG), so failures reproduce. */
function vector(n: number, seed = 1): Float32Array {
  let s = seed;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = (s / 2 ** 32 - 0.5) * 2;
  }
  return out;
}

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    if (error instanceof TributaryError) return error.code;
    throw error;
  }
  return undefined;
}

/** Rewrites the payload's CRC so that a forged payload passes the checksum, as a buggy sender's would. */
function reseal(bytes: Uint8Array): Uint8Array {
  new DataView(bytes.buffer, bytes.byteOffset).setUint32(56, crc32(bytes.subarray(VECTOR_HEADER_BYTES)), true);
  return bytes;
}

describe("fp16", () => {
  it("rounds to nearest even, with subnormals, like numpy's float16", () => {
    // Reference bit patterns from IEEE 754 binary16.
    expect(toHalfBits(1)).toBe(0x3c00);
    expect(toHalfBits(-2)).toBe(0xc000);
    expect(toHalfBits(65504)).toBe(0x7bff);
    expect(toHalfBits(65520)).toBe(0x7c00); // rounds up to Infinity
    expect(toHalfBits(2 ** -24)).toBe(0x0001); // smallest subnormal
    expect(toHalfBits(2 ** -25)).toBe(0x0000); // tie rounds to even (0)
    expect(toHalfBits(1.5 * 2 ** -25)).toBe(0x0001);
    expect(toHalfBits(1 + 2 ** -11)).toBe(0x3c00); // tie between 1 and 1+2^-10 goes to even
    expect(toHalfBits(1 + 3 * 2 ** -11)).toBe(0x3c02);
    expect(toHalfBits(-0)).toBe(0x8000);
    for (let bits = 0; bits < 0x7c00; bits += 37) expect(toHalfBits(fromHalfBits(bits))).toBe(bits);
  });

  it("round-trips within half precision and refuses values beyond its range", () => {
    const v = vector(1000);
    const bytes = encodeVector(v, { ...header, dtype: "f16" });
    expect(bytes.length).toBe(VECTOR_HEADER_BYTES + 2000);
    const d = decodeVector(bytes, { specHash: spec.hash, length: 1000, baseVersion: 7, kind: "delta" });
    expect(d.dtype).toBe("f16");
    for (let i = 0; i < v.length; i++) expect(Math.abs(d.values[i]! - v[i]!)).toBeLessThanOrEqual(2 ** -11 * Math.abs(v[i]!) + 2 ** -25);
    expect(codeOf(() => encodeVector(Float32Array.from([1, 70000]), { ...header, dtype: "f16" }))).toBe(ErrorCode.NonFinite);
  });
});

describe("int8 with per-block scales", () => {
  it("keeps every element within half a step of its block's scale", () => {
    const v = vector(1000);
    v[10] = 50; // an outlier only degrades its own block
    const bytes = encodeVector(v, { ...header, dtype: "i8", blockSize: 64 });
    expect(bytes.length).toBe(VECTOR_HEADER_BYTES + 4 + 16 * 4 + 1000);
    const d = decodeVector(bytes, { length: 1000 }).values;
    for (let b = 0; b < 16; b++) {
      const block = v.subarray(b * 64, (b + 1) * 64);
      const step = Math.max(...Array.from(block, Math.abs)) / 127;
      for (let i = 0; i < block.length; i++) expect(Math.abs(d[b * 64 + i]! - block[i]!)).toBeLessThanOrEqual(step / 2 + 1e-6);
    }
    expect(d[10]).toBeCloseTo(50, 4);
    expect(Array.from(decodeVector(encodeVector(new Float32Array(5), { ...header, dtype: "i8" })).values)).toEqual([0, 0, 0, 0, 0]);
  });

  it("rejects a payload whose size disagrees with its block size, and a negative scale", () => {
    const bytes = encodeVector(vector(100), { ...header, dtype: "i8", blockSize: 10 });
    const wrongBlock = bytes.slice();
    new DataView(wrongBlock.buffer).setUint32(VECTOR_HEADER_BYTES, 20, true);
    expect(codeOf(() => decodeVector(reseal(wrongBlock)))).toBe(ErrorCode.LengthMismatch);
    const negative = bytes.slice();
    new DataView(negative.buffer).setFloat32(VECTOR_HEADER_BYTES + 4, -1, true);
    expect(codeOf(() => decodeVector(reseal(negative)))).toBe(ErrorCode.NonFinite);
    const corrupted = bytes.slice();
    corrupted[corrupted.length - 1]! ^= 1;
    expect(codeOf(() => decodeVector(corrupted))).toBe(ErrorCode.ChecksumMismatch);
  });
});

describe("top-k", () => {
  it("selects the k largest magnitudes, ties to the lower index", () => {
    const v = Float32Array.from([0.1, -5, 3, 0, -3, 2, 5]);
    expect(Array.from(selectTopK(v, 3))).toEqual([1, 2, 6]);
    expect(Array.from(selectTopK(v, 4))).toEqual([1, 2, 4, 6]);
    expect(Array.from(selectTopK(v, 0))).toEqual([]);
    expect(Array.from(selectTopK(v, 99))).toEqual([0, 1, 2, 3, 4, 5, 6]);
    const big = vector(5000, 9);
    const sorted = Array.from(big, Math.abs).sort((a, b) => b - a);
    const chosen = selectTopK(big, 250);
    expect(chosen.length).toBe(250);
    expect(Math.min(...Array.from(chosen, (i) => Math.abs(big[i]!)))).toBe(sorted[249]);
  });

  it("round-trips the kept elements and zeros the rest", () => {
    const v = Float32Array.from([0.1, -5, 3, 0, -3, 2, 5]);
    const bytes = encodeVector(v, { ...header, dtype: "topk", topK: 3 });
    expect(bytes.length).toBe(VECTOR_HEADER_BYTES + 3 * 8);
    expect(Array.from(decodeVector(bytes, { length: 7 }).values)).toEqual([0, -5, 3, 0, 0, 0, 5]);
  });

  it("rejects indices out of order or out of range, and odd payload sizes", () => {
    const bytes = encodeVector(Float32Array.from([1, 2, 3, 4]), { ...header, dtype: "topk", topK: 2 });
    const swapped = bytes.slice();
    const view = new DataView(swapped.buffer);
    view.setUint32(VECTOR_HEADER_BYTES, 3, true);
    view.setUint32(VECTOR_HEADER_BYTES + 4, 2, true);
    expect(codeOf(() => decodeVector(reseal(swapped)))).toBe(ErrorCode.BadRequest);
    const outOfRange = bytes.slice();
    new DataView(outOfRange.buffer).setUint32(VECTOR_HEADER_BYTES + 4, 4, true);
    expect(codeOf(() => decodeVector(reseal(outOfRange)))).toBe(ErrorCode.BadRequest);
    const nan = bytes.slice();
    new DataView(nan.buffer).setFloat32(VECTOR_HEADER_BYTES + 8, Number.NaN, true);
    expect(codeOf(() => decodeVector(reseal(nan)))).toBe(ErrorCode.NonFinite);
    const odd = new Uint8Array(bytes.length + 4);
    odd.set(bytes);
    new DataView(odd.buffer).setUint32(52, 20, true);
    expect(codeOf(() => decodeVector(reseal(odd)))).toBe(ErrorCode.LengthMismatch);
  });
});

describe("every dtype", () => {
  const dtypes: DtypeName[] = ["f32", "f16", "i8", "topk"];
  it.each(dtypes)("%s validates spec hash, length, base version and the checksum", (dtype) => {
    const bytes = encodeVector(vector(1000), { ...header, dtype, topK: 100 });
    expect(codeOf(() => decodeVector(bytes, { specHash: "0".repeat(64) }))).toBe(ErrorCode.SpecHashMismatch);
    expect(codeOf(() => decodeVector(bytes, { length: 999 }))).toBe(ErrorCode.LengthMismatch);
    expect(codeOf(() => decodeVector(bytes, { baseVersion: 8 }))).toBe(ErrorCode.BaseVersionMismatch);
    const flipped = bytes.slice();
    flipped[VECTOR_HEADER_BYTES + 1]! ^= 4;
    expect(codeOf(() => decodeVector(flipped))).toBe(ErrorCode.ChecksumMismatch);
    expect(codeOf(() => decodeVector(bytes.subarray(0, bytes.length - 1)))).toBe(ErrorCode.Truncated);
  });
});

describe("error feedback", () => {
  it("sends over rounds what top-k dropped: sent + residual always equals the sum of deltas", () => {
    const ef = new ErrorFeedback(1000);
    const total = new Float64Array(1000);
    const sentTotal = new Float64Array(1000);
    for (let round = 0; round < 5; round++) {
      const delta = vector(1000, round + 3);
      const sent = decodeVector(ef.encode(delta, { ...header, dtype: "topk", topK: 50 })).values;
      for (let i = 0; i < 1000; i++) {
        total[i]! += delta[i]!;
        sentTotal[i]! += sent[i]!;
      }
    }
    const residual = ef.residual;
    for (let i = 0; i < 1000; i++) expect(sentTotal[i]! + residual[i]!).toBeCloseTo(total[i]!, 4);
    // Top-k without memory loses most of the mass; with memory, large residuals get sent eventually.
    expect(Math.max(...Array.from(residual, Math.abs))).toBeLessThan(Math.max(...Array.from(total, Math.abs)));
  });

  it("keeps its residual across a restart and refuses a wrong length", () => {
    const ef = new ErrorFeedback(4);
    ef.encode(Float32Array.from([1, 0.5, 0.25, 2]), { ...header, dtype: "topk", topK: 1 });
    const restored = new ErrorFeedback(4, ef.residual);
    expect(Array.from(restored.residual)).toEqual([1, 0.5, 0.25, 0]);
    expect(() => restored.encode(new Float32Array(3), header)).toThrow();
  });
});

describe("fast CRC-32", () => {
  it("equals the reference CRC-32 on every length around the 8-byte stride, and the standard check value", async () => {
    const { fastCrc32 } = await import("./fast-crc32.js");
    expect(fastCrc32(new TextEncoder().encode("123456789"))).toBe(0xcbf43926);
    const bytes = new Uint8Array(vector(300).buffer);
    for (let n = 0; n <= 40; n++) {
      expect(fastCrc32(bytes.subarray(3, 3 + n))).toBe(crc32(bytes.subarray(3, 3 + n))); // unaligned
      expect(fastCrc32(bytes.subarray(4, 4 + n))).toBe(crc32(bytes.subarray(4, 4 + n))); // aligned
    }
    expect(fastCrc32(bytes)).toBe(crc32(bytes));
  });
});

describe("decodeVectorInto", () => {
  it.each(["f32", "f16", "i8", "topk"] as DtypeName[])("%s writes what decodeVector returns into the target", (dtype) => {
    const bytes = encodeVector(vector(1000), { ...header, dtype, topK: 100 });
    const target = new Float32Array(1000).fill(9);
    const h = decodeVectorInto(bytes, target, { specHash: spec.hash, kind: "delta" });
    expect(h.length).toBe(1000);
    expect(Array.from(target)).toEqual(Array.from(decodeVector(bytes).values));
  });

  it("refuses a target of another length, and validates like decodeVector", () => {
    const bytes = encodeVector(vector(1000), header);
    expect(codeOf(() => decodeVectorInto(bytes, new Float32Array(999)))).toBe(ErrorCode.LengthMismatch);
    const flipped = bytes.slice();
    flipped[VECTOR_HEADER_BYTES]! ^= 1;
    expect(codeOf(() => decodeVectorInto(flipped, new Float32Array(1000)))).toBe(ErrorCode.ChecksumMismatch);
  });
});
