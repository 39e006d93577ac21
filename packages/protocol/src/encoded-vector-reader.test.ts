import { describe, expect, it } from "vitest";
import { crc32 } from "./crc32.js";
import { TributaryError } from "./error-codes.js";
import { openEncodedVector } from "./encoded-vector-reader.js";
import { createParameterSpec } from "./parameter-spec.js";
import { VECTOR_HEADER_BYTES, decodeVector, encodeVector, type DtypeName } from "./vector-codec.js";

const LENGTH = 1000;
const spec = createParameterSpec([{ name: "w", shape: [LENGTH] }]);
const header = { kind: "delta" as const, specHash: spec.hash, baseVersion: 7 };
const DTYPES: DtypeName[] = ["f32", "f16", "i8", "topk"];

/** A deterministic pseudo-random vector (LCG), so failures reproduce. */
function vector(n: number, seed = 3): Float32Array {
  let s = seed;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = (s / 2 ** 32 - 0.5) * 2;
  }
  return out;
}

const encode = (dtype: DtypeName): Uint8Array => encodeVector(vector(LENGTH), { ...header, dtype, blockSize: 64, topK: 97 });

/** The same bytes at an odd offset in a larger buffer (as a pooled Buffer may hold them). */
function unaligned(bytes: Uint8Array): Uint8Array {
  const host = new Uint8Array(bytes.length + 3);
  host.set(bytes, 3);
  return host.subarray(3);
}

/** The TributaryError code `fn` throws, or undefined. */
function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    if (error instanceof TributaryError) return error.code;
    throw error;
  }
  return undefined;
}

function readAll(bytes: Uint8Array, chunk: number): Float32Array {
  const reader = openEncodedVector(bytes);
  const out = new Float32Array(reader.header.length);
  for (let start = 0; start < out.length; start += chunk) reader.read(start, out.subarray(start, Math.min(out.length, start + chunk)));
  return out;
}

/** Rewrites the payload's CRC so that a forged payload passes the checksum. */
function reseal(bytes: Uint8Array): Uint8Array {
  new DataView(bytes.buffer, bytes.byteOffset).setUint32(56, crc32(bytes.subarray(VECTOR_HEADER_BYTES)), true);
  return bytes;
}

describe.each(DTYPES)("openEncodedVector (%s)", (dtype) => {
  it("reads, range by range, exactly what decodeVector decodes", () => {
    const bytes = encode(dtype);
    const expected = decodeVector(bytes).values;
    for (const chunk of [1, 7, 64, 333, LENGTH]) {
      expect(readAll(bytes, chunk)).toEqual(expected);
      expect(readAll(unaligned(bytes), chunk)).toEqual(expected);
    }
  });

  it("fails with decodeVector's code for a corrupted payload, a wrong expectation or a truncated vector", () => {
    const flipped = encode(dtype);
    flipped[flipped.length - 5]! ^= 0x10;
    const cases: [Uint8Array, Parameters<typeof openEncodedVector>[1]][] = [
      [flipped, {}],
      [encode(dtype), { specHash: "f".repeat(64) }],
      [encode(dtype), { length: LENGTH + 1 }],
      [encode(dtype), { baseVersion: 8 }],
      [encode(dtype).subarray(0, 100), {}],
    ];
    for (const [bytes, expect_] of cases) {
      const code = codeOf(() => decodeVector(bytes, expect_));
      expect(code).toBeDefined();
      expect(codeOf(() => openEncodedVector(bytes, expect_))).toBe(code);
    }
  });

  it("refuses a non-finite element when opened, as decodeVector does", () => {
    const bytes = encode(dtype);
    const payload = new DataView(bytes.buffer, bytes.byteOffset + VECTOR_HEADER_BYTES);
    if (dtype === "f32") payload.setFloat32(4 * 500, Number.NaN, true);
    if (dtype === "f16") payload.setUint16(2 * 500, 0x7c00, true);
    if (dtype === "i8") payload.setFloat32(4 + 4 * 3, 3e38, true); // block 3's scale: 127 · 3e38 overflows float32
    if (dtype === "topk") payload.setFloat32(97 * 4 + 4 * 10, Number.POSITIVE_INFINITY, true);
    reseal(bytes);
    expect(codeOf(() => decodeVector(bytes))).toBe("NON_FINITE");
    expect(codeOf(() => openEncodedVector(bytes))).toBe("NON_FINITE");
  });
});

describe("openEncodedVector ranges", () => {
  it("refuses a range outside the vector with a RangeError", () => {
    const reader = openEncodedVector(encode("f32"));
    expect(() => reader.read(LENGTH - 1, new Float32Array(2))).toThrow(RangeError);
    expect(() => reader.read(-1, new Float32Array(1))).toThrow(RangeError);
  });
});
