import { afterAll, describe, expect, it } from "vitest";
import { ErrorCode, TributaryError, VECTOR_HEADER_BYTES, crc32, decodeVector, encodeVector } from "@tributary/protocol";
import { FedAvg, fedAvg } from "./fed-avg.js";
import { SeededRandom } from "./seeded-random.js";
import { ThreadsBackend } from "./threads-backend.js";

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

describe("FedAvg decode-and-accumulate and in-place results, over several chunks", () => {
  const N = 200_003; // three 65,536-element chunks and a tail
  const random = new SeededRandom(9);
  const vec = (scale: number) => Float32Array.from({ length: N }, () => scale * (random.nextFloat() - 0.5));
  const base = vec(1);
  const deltas = Array.from({ length: 4 }, () => vec(0.01));
  const specHash = "0f".repeat(32);
  const wire = deltas.map((delta) => encodeVector(delta, { kind: "delta", specHash, baseVersion: 1, dtype: "f16" }));
  const wireDecoded = wire.map((bytes) => decodeVector(bytes).values);
  const backends = {
    "WebAssembly sums": new ThreadsBackend({ threads: 2 }),
    "JavaScript sums": new ThreadsBackend({ threads: 2, simd: false }),
  };
  afterAll(() => Object.values(backends).forEach((b) => b.dispose()));

  describe.each(Object.entries(backends))("%s", (_, backend) => {
    it.each(["float64", "float32"] as const)("in place equals allocating, bit for bit, and encoded equals decoded (%s sum)", (accumulator) => {
      const round = (encoded: boolean, inPlace: boolean): Float32Array => {
        const s = new FedAvg({ backend, accumulator });
        s.begin({ base, baseVersion: 1, roundId: 1 });
        deltas.forEach((_, k) => {
          const meta = { edgeId: `e${k}`, numExamples: k + 1, baseVersion: 1, staleness: 0 };
          if (encoded) s.acceptEncoded(wire[k]!, meta);
          else s.accept({ ...meta, delta: wireDecoded[k]! });
        });
        const out = Float32Array.from(inPlace ? s.aggregateInPlace()! : s.aggregate()!);
        s.dispose();
        return out;
      };
      const reference = round(false, false);
      expect(round(false, true)).toEqual(reference);
      expect(round(true, false)).toEqual(reference);
      expect(round(true, true)).toEqual(reference);
    });

    it("leaves the sum untouched when the last chunk of an encoded update holds a NaN", () => {
      const s = new FedAvg({ backend, accumulator: "float32" });
      s.begin({ base, baseVersion: 1, roundId: 1 });
      const meta = { edgeId: "a", numExamples: 2, baseVersion: 1, staleness: 0 };
      s.acceptEncoded(encodeVector(deltas[0]!, { kind: "delta", specHash, baseVersion: 1 }), meta);
      const before = Float32Array.from(s.aggregate()!);
      const bytes = encodeVector(deltas[1]!, { kind: "delta", specHash, baseVersion: 1 });
      new DataView(bytes.buffer).setFloat32(VECTOR_HEADER_BYTES + 4 * (N - 2), Number.NaN, true);
      new DataView(bytes.buffer).setUint32(56, crc32(bytes.subarray(VECTOR_HEADER_BYTES)), true);
      expect(() => s.acceptEncoded(bytes, { ...meta, edgeId: "b" })).toThrow(expect.objectContaining({ code: ErrorCode.NonFinite }));
      expect(s.accepted).toBe(1);
      expect(s.aggregate()).toEqual(before);
      s.dispose();
    });
  });

  it("refuses updates after aggregateInPlace until the next begin, whose first update starts a fresh sum", () => {
    const s = new FedAvg({ accumulator: "float32" });
    s.begin({ base, baseVersion: 1, roundId: 1 });
    const update = { edgeId: "a", delta: deltas[0]!, numExamples: 1, baseVersion: 1, staleness: 0 };
    s.accept(update);
    const first = s.aggregateInPlace()!;
    expect(() => s.accept(update)).toThrow(/aggregateInPlace/);
    expect(() => s.aggregate()).toThrow(/aggregateInPlace/);
    expect(() => s.aggregateInPlace()).toThrow(/aggregateInPlace/);
    s.begin({ base, baseVersion: 1, roundId: 2 });
    s.accept({ ...update, delta: deltas[1]! });
    expect(Float32Array.from(s.aggregate()!)).toEqual(Float32Array.from(base, (b, i) => b + deltas[1]![i]!));
    expect(first.length).toBe(N);
    s.dispose();
  });
});
