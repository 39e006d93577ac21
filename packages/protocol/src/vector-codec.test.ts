import { describe, expect, it } from "vitest";
import { crc32 } from "./crc32.js";
import { ErrorCode, TributaryError } from "./error-codes.js";
import { createParameterSpec } from "./parameter-spec.js";
import { VECTOR_HEADER_BYTES, decodeVector, encodeVector, readVectorHeader } from "./vector-codec.js";

const spec = createParameterSpec([
  { name: "w", shape: [3, 2] },
  { name: "b", shape: [2] },
]);
const values = Float32Array.from([0.5, -1.25, 3, 4e-8, -0, 7, 1e30, -2]);

function encoded(): Uint8Array {
  return encodeVector(values, { kind: "delta", specHash: spec.hash, baseVersion: 42 });
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

describe("vector codec", () => {
  it("round-trips values and header fields bit for bit", () => {
    const bytes = encoded();
    expect(bytes.length).toBe(VECTOR_HEADER_BYTES + values.length * 4);
    const decoded = decodeVector(bytes, { specHash: spec.hash, length: spec.length, baseVersion: 42, kind: "delta" });
    expect(decoded.kind).toBe("delta");
    expect(decoded.dtype).toBe("f32");
    expect(decoded.baseVersion).toBe(42);
    expect(decoded.specHash).toBe(spec.hash);
    expect(Array.from(decoded.values)).toEqual(Array.from(values));
    expect(Object.is(decoded.values[4], -0)).toBe(true);
  });

  it("decodes from an unaligned view into a fresh buffer", () => {
    const bytes = encoded();
    const padded = new Uint8Array(bytes.length + 1);
    padded.set(bytes, 1);
    expect(Array.from(decodeVector(padded.subarray(1)).values)).toEqual(Array.from(values));
  });

  it("rejects a wrong magic", () => {
    const bytes = encoded();
    bytes[0] = 0;
    expect(codeOf(() => decodeVector(bytes))).toBe(ErrorCode.BadMagic);
  });

  it("rejects an unknown format version and dtype", () => {
    const v = encoded();
    v[4] = 9;
    expect(codeOf(() => decodeVector(v))).toBe(ErrorCode.UnsupportedFormatVersion);
    const d = encoded();
    d[6] = 200;
    expect(codeOf(() => decodeVector(d))).toBe(ErrorCode.UnknownDtype);
  });

  it("rejects truncated input, trailing bytes and a short header", () => {
    const bytes = encoded();
    expect(codeOf(() => decodeVector(bytes.subarray(0, bytes.length - 4)))).toBe(ErrorCode.Truncated);
    const longer = new Uint8Array(bytes.length + 4);
    longer.set(bytes);
    expect(codeOf(() => decodeVector(longer))).toBe(ErrorCode.Truncated);
    expect(codeOf(() => readVectorHeader(bytes.subarray(0, 10)))).toBe(ErrorCode.Truncated);
  });

  it("rejects a payload length that disagrees with the element count", () => {
    const bytes = encoded();
    new DataView(bytes.buffer).setUint32(48, values.length + 1, true);
    expect(codeOf(() => decodeVector(bytes))).toBe(ErrorCode.LengthMismatch);
  });

  it("rejects a flipped payload bit through the checksum", () => {
    const bytes = encoded();
    bytes[VECTOR_HEADER_BYTES + 5]! ^= 0x10;
    expect(codeOf(() => decodeVector(bytes))).toBe(ErrorCode.ChecksumMismatch);
  });

  it("rejects NaN and Infinity on both sides", () => {
    const bad = Float32Array.from([1, Number.NaN]);
    expect(codeOf(() => encodeVector(bad, { kind: "delta", specHash: spec.hash, baseVersion: 1 }))).toBe(ErrorCode.NonFinite);
    // Forge an Infinity with a valid checksum, as a buggy or hostile sender could.
    const bytes = encoded();
    new DataView(bytes.buffer).setFloat32(VECTOR_HEADER_BYTES, Number.POSITIVE_INFINITY, true);
    new DataView(bytes.buffer).setUint32(56, crc32(bytes.subarray(VECTOR_HEADER_BYTES)), true);
    expect(codeOf(() => decodeVector(bytes))).toBe(ErrorCode.NonFinite);
  });

  it("checks the caller's expectations", () => {
    const bytes = encoded();
    expect(codeOf(() => decodeVector(bytes, { specHash: "0".repeat(64) }))).toBe(ErrorCode.SpecHashMismatch);
    expect(codeOf(() => decodeVector(bytes, { length: 7 }))).toBe(ErrorCode.LengthMismatch);
    expect(codeOf(() => decodeVector(bytes, { baseVersion: 41 }))).toBe(ErrorCode.BaseVersionMismatch);
    expect(codeOf(() => decodeVector(bytes, { kind: "params" }))).toBe(ErrorCode.BadRequest);
  });
});
