/**
 * The contract every strategy keeps (hono's common.case.test.ts pattern: one
 * suite, every implementation). Strategy-specific numbers live in each
 * strategy's own test file.
 */
import { type DtypeName, ErrorCode, TributaryError, VECTOR_HEADER_BYTES, crc32, decodeVector, encodeVector } from "@tributary/protocol";
import { acceptEncoded } from "./accept-encoded.js";
import { aggregateInPlace } from "./aggregate-in-place.js";
import { describe, expect, it } from "vitest";
import { ClippedStrategy } from "./clipped-strategy.js";
import { DpGaussianStrategy } from "./dp-gaussian-strategy.js";
import { FedAdagrad } from "./fed-adagrad.js";
import { FedAdam } from "./fed-adam.js";
import { FedAvgM } from "./fed-avg-m.js";
import { FedAvg } from "./fed-avg.js";
import { FedBuff } from "./fed-buff.js";
import { FedMedian } from "./fed-median.js";
import { FedProx } from "./fed-prox.js";
import { FedTrimmedAvg } from "./fed-trimmed-avg.js";
import { FedYogi } from "./fed-yogi.js";
import { Krum } from "./krum.js";
import { MultiKrum } from "./multi-krum.js";
import { SeededRandom } from "./seeded-random.js";
import type { ClientUpdate, RoundContext, Strategy } from "./strategy.js";
import { createComputeBackend } from "./compute-backend.js";
import { ThreadsBackend } from "./threads-backend.js";
import { MemoryUpdateStore } from "./update-store.js";

// Every operation on workers, even for these tiny vectors; and TensorFlow.js (wasm here).
const threads = new ThreadsBackend({ threads: 2, minParallelLength: 0 });
const tfjs = await createComputeBackend({ kind: "tfjs", tfjsBackend: "wasm" }, () => {});

interface Case {
  readonly make: () => Strategy;
  /** n copies of Δ give exactly θ_base + Δ (false: they give what one copy gives, e.g. an optimizer step). */
  readonly identity: boolean;
  /** Example counts weight the result (else they must not change it). */
  readonly weighted: boolean;
  /** Absolute tolerance for "equal". */
  readonly tolerance: number;
}

const cases: Record<string, Case> = {
  fedavg: { make: () => new FedAvg(), identity: true, weighted: true, tolerance: 1e-6 },
  fedavgm: { make: () => new FedAvgM(), identity: true, weighted: true, tolerance: 1e-6 },
  fedadam: { make: () => new FedAdam(), identity: false, weighted: true, tolerance: 1e-5 },
  fedyogi: { make: () => new FedYogi(), identity: false, weighted: true, tolerance: 1e-5 },
  fedadagrad: { make: () => new FedAdagrad(), identity: false, weighted: true, tolerance: 1e-5 },
  fedprox: { make: () => new FedProx({ proximalMu: 0.1 }), identity: true, weighted: true, tolerance: 1e-6 },
  fedbuff: { make: () => new FedBuff({ bufferSize: 3 }), identity: true, weighted: false, tolerance: 1e-6 },
  fedmedian: { make: () => new FedMedian({ chunkSize: 8 }), identity: true, weighted: false, tolerance: 0 },
  "fedmedian (memory store)": { make: () => new FedMedian({ store: new MemoryUpdateStore() }), identity: true, weighted: false, tolerance: 0 },
  fedtrimmedavg: { make: () => new FedTrimmedAvg({ beta: 0.2, chunkSize: 8 }), identity: true, weighted: false, tolerance: 1e-6 },
  krum: { make: () => new Krum({ f: 1, chunkSize: 8 }), identity: true, weighted: false, tolerance: 0 },
  multikrum: { make: () => new MultiKrum({ f: 1, chunkSize: 8 }), identity: true, weighted: false, tolerance: 1e-6 },
  "fedavg (workers)": { make: () => new FedAvg({ backend: threads }), identity: true, weighted: true, tolerance: 1e-6 },
  "fedavg (tfjs)": { make: () => new FedAvg({ backend: tfjs }), identity: true, weighted: true, tolerance: 1e-5 },
  "fedmedian (workers)": { make: () => new FedMedian({ backend: threads, chunkSize: 16 }), identity: true, weighted: false, tolerance: 0 },
  "fedtrimmedavg (tfjs)": { make: () => new FedTrimmedAvg({ backend: tfjs, chunkSize: 16 }), identity: true, weighted: false, tolerance: 1e-5 },
  "multikrum (workers)": { make: () => new MultiKrum({ f: 1, backend: threads, chunkSize: 16 }), identity: true, weighted: false, tolerance: 1e-6 },
  "krum (tfjs)": { make: () => new Krum({ f: 1, backend: tfjs }), identity: true, weighted: false, tolerance: 1e-5 },
  "fedavg+clip": { make: () => new ClippedStrategy(new FedAvg(), { mode: "fixed", clipNorm: 1e6 }), identity: true, weighted: true, tolerance: 1e-6 },
  // Tiny noise (σC = 1e-7) with a fixed seed: the contract holds within the noise.
  "fedavg+dp": {
    make: () => new DpGaussianStrategy(new FedAvg(), { noiseMultiplier: 1e-9, clipNorm: 100, seed: 7 }),
    identity: true,
    weighted: false,
    tolerance: 1e-5,
  },
};

const LENGTH = 37;
const random = new SeededRandom(2024);
const vec = (scale = 1): Float32Array => Float32Array.from({ length: LENGTH }, () => scale * random.nextGaussian());
const base = vec();
const update = (delta: Float32Array, numExamples = 1, edgeId = "e"): ClientUpdate => ({ edgeId, delta, numExamples, baseVersion: 1, staleness: 0 });

function run(make: () => Strategy, updates: readonly ClientUpdate[]): Float32Array | null {
  const s = make();
  try {
    s.begin({ base, baseVersion: 1, roundId: 1 });
    for (const u of updates) s.accept(u);
    return s.aggregate();
  } finally {
    s.dispose?.();
  }
}

const SPEC_HASH = "ab".repeat(32);
const encode = (delta: Float32Array, dtype: DtypeName = "f32"): Uint8Array =>
  encodeVector(delta, { kind: "delta", specHash: SPEC_HASH, baseVersion: 1, dtype, blockSize: 8, topK: 11 });
const metaOf = ({ delta: _, ...meta }: ClientUpdate) => meta;

/** A round of `updates`, ended with aggregate() or, through the helper, aggregateInPlace(). */
function runEnding(make: () => Strategy, updates: readonly ClientUpdate[], end: "aggregate" | "inPlace"): Float32Array | null {
  const s = make();
  try {
    s.begin({ base, baseVersion: 1, roundId: 1 });
    for (const u of updates) s.accept(u);
    const out = end === "aggregate" ? s.aggregate() : aggregateInPlace(s);
    return out && Float32Array.from(out); // a copy: the in-place result lives until dispose()
  } finally {
    s.dispose?.();
  }
}

/** How many of `updates` a fresh strategy counts as accepted. */
function runCount(make: () => Strategy, updates: readonly ClientUpdate[]): number {
  const s = make();
  s.begin({ base, baseVersion: 1, roundId: 1 });
  for (const u of updates) s.accept(u);
  const n = s.accepted;
  s.dispose?.();
  return n;
}

/** A round's context with `base` behind a loader that counts its calls. */
function lazyContext(roundId: number, baseVersion = 1): { context: RoundContext; calls: () => number } {
  let calls = 0;
  const load = () => {
    calls++;
    return base;
  };
  return { context: { base: load, length: LENGTH, baseVersion, roundId }, calls: () => calls };
}

/** The bits of a result (a copy: an in-place result lives until the next begin()). */
const bits = (v: Float32Array | null): Uint32Array | null => v && new Uint32Array(Float32Array.from(v).buffer);

function expectClose(actual: Float32Array | null, expected: Float32Array | null, tolerance: number): void {
  expect(actual).not.toBeNull();
  expect(expected).not.toBeNull();
  for (let i = 0; i < LENGTH; i++) expect(Math.abs(actual![i]! - expected![i]!)).toBeLessThanOrEqual(tolerance + 1e-7 * Math.abs(expected![i]!));
}

describe.each(Object.entries(cases))("strategy contract: %s", (_, c) => {
  const minUpdates = (): number => Math.max(5, c.make().minUpdates ?? 1);

  it("returns null when nothing arrived, before and after begin", () => {
    const s = c.make();
    expect(s.aggregate()).toBeNull();
    s.begin({ base, baseVersion: 1, roundId: 1 });
    expect(s.aggregate()).toBeNull();
    expect(s.accepted).toBe(0);
    s.dispose?.();
  });

  it("turns identical updates into that update", () => {
    const delta = vec(0.1);
    const copies = Array.from({ length: minUpdates() }, (_, i) => update(delta, 1 + i, `e${i}`));
    const result = run(c.make, copies);
    if (c.identity) {
      expectClose(result, Float32Array.from(base, (b, i) => b + delta[i]!), c.tolerance);
    } else {
      expectClose(result, run(c.make, [update(delta)]), c.tolerance);
    }
  });

  it("does not depend on the order updates arrive in", () => {
    const updates = Array.from({ length: minUpdates() + 2 }, (_, i) => update(vec(0.1), 1 + (i % 3), `e${i}`));
    const forward = run(c.make, updates);
    const shuffled = run(c.make, [...updates].reverse().sort((a, b) => (a.edgeId.charCodeAt(1) * 7) % 5 - (b.edgeId.charCodeAt(1) * 7) % 5));
    expectClose(shuffled, forward, c.tolerance);
  });

  it(c.weighted ? "weights an update by its example count" : "ignores example counts", () => {
    const n = minUpdates();
    const others = Array.from({ length: n }, (_, i) => update(vec(0.1), 1, `o${i}`));
    const heavy = vec(0.1);
    const weighted = run(c.make, [...others, update(heavy, 3, "h")]);
    const expected = c.weighted
      ? run(c.make, [...others, update(heavy, 1, "h1"), update(heavy, 1, "h2"), update(heavy, 1, "h3")])
      : run(c.make, [...others, update(heavy, 1, "h")]);
    expectClose(weighted, expected, c.tolerance);
  });

  it("refuses a delta of the wrong length with LENGTH_MISMATCH", () => {
    const s = c.make();
    s.begin({ base, baseVersion: 1, roundId: 1 });
    let error: unknown;
    try {
      s.accept(update(new Float32Array(LENGTH + 1)));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TributaryError);
    expect((error as TributaryError).code).toBe(ErrorCode.LengthMismatch);
    s.dispose?.();
  });

  it("ends a round in place with exactly what aggregate() returns, and refuses more updates until begin()", () => {
    const updates = Array.from({ length: minUpdates() + 1 }, (_, i) => update(vec(0.1), 1 + (i % 3), `e${i}`));
    expect(runEnding(c.make, updates, "inPlace")).toEqual(runEnding(c.make, updates, "aggregate"));
    const s = c.make();
    s.begin({ base, baseVersion: 1, roundId: 1 });
    expect(aggregateInPlace(s)).toBeNull(); // nothing accepted
    s.begin({ base, baseVersion: 1, roundId: 2 });
    for (const u of updates) s.accept(u);
    expect(aggregateInPlace(s)).not.toBeNull();
    if (s.aggregateInPlace) expect(() => s.accept(updates[0]!)).toThrow(/aggregateInPlace/);
    s.begin({ base, baseVersion: 1, roundId: 3 });
    for (const u of updates) s.accept(u);
    expect(s.aggregate()).not.toBeNull();
    s.dispose?.();
  });

  it.each(["f32", "f16", "i8", "topk"] as const)("accepts encoded (%s) updates exactly as decode-then-accept", (dtype) => {
    const updates = Array.from({ length: minUpdates() + 1 }, (_, i) => update(vec(0.1), 1 + (i % 3), `e${i}`));
    const encoded = updates.map((u) => encode(u.delta, dtype));
    const decoded = updates.map((u, i) => ({ ...u, delta: decodeVector(encoded[i]!).values }));
    const s = c.make();
    s.begin({ base, baseVersion: 1, roundId: 1 });
    updates.forEach((u, i) => acceptEncoded(s, encoded[i]!, { ...metaOf(u), expect: { specHash: SPEC_HASH, kind: "delta" } }));
    expect(s.accepted).toBe(runCount(c.make, decoded));
    expect(s.aggregate()).toEqual(run(c.make, decoded));
    s.dispose?.();
  });

  it("keeps no reference to an encoded update's bytes: one buffer reused for every update gives the same result", () => {
    const updates = Array.from({ length: minUpdates() + 1 }, (_, i) => update(vec(0.1), 1 + (i % 3), `e${i}`));
    const encoded = updates.map((u) => encode(u.delta));
    const round = (reuse: boolean): Float32Array | null => {
      const s = c.make();
      const io = new Uint8Array(encoded[0]!.length);
      try {
        s.begin({ base, baseVersion: 1, roundId: 1 });
        updates.forEach((u, i) => {
          io.set(encoded[i]!);
          acceptEncoded(s, reuse ? io : encoded[i]!, metaOf(u));
        });
        io.fill(0xff); // NaNs where a kept reference would read the bytes again
        const out = s.aggregate();
        return out && Float32Array.from(out);
      } finally {
        s.dispose?.();
      }
    };
    expect(round(true)).toEqual(round(false));
  });

  it("leaves the round untouched when an encoded update fails validation", () => {
    const updates = Array.from({ length: minUpdates() }, (_, i) => update(vec(0.1), 1 + (i % 3), `e${i}`));
    const flipped = encode(vec(0.1));
    flipped[VECTOR_HEADER_BYTES + 9]! ^= 0x40;
    const nan = encode(vec(0.1));
    new DataView(nan.buffer, nan.byteOffset).setFloat32(VECTOR_HEADER_BYTES + 4 * (LENGTH - 1), Number.NaN, true);
    new DataView(nan.buffer, nan.byteOffset).setUint32(56, crc32(nan.subarray(VECTOR_HEADER_BYTES)), true);
    const bad: [Uint8Array, string, ClientUpdate["edgeId"]][] = [
      [flipped, ErrorCode.ChecksumMismatch, "flipped"],
      [nan, ErrorCode.NonFinite, "nan"],
      [encodeVector(vec(0.1).subarray(1), { kind: "delta", specHash: SPEC_HASH, baseVersion: 1 }), ErrorCode.LengthMismatch, "short"],
      [encode(vec(0.1)), ErrorCode.SpecHashMismatch, "other-spec"],
    ];
    const s = c.make();
    s.begin({ base, baseVersion: 1, roundId: 1 });
    for (const u of updates) acceptEncoded(s, encode(u.delta), metaOf(u));
    for (const [bytes, code, edgeId] of bad) {
      const expectation = edgeId === "other-spec" ? { specHash: "cd".repeat(32) } : {};
      let error: unknown;
      try {
        acceptEncoded(s, bytes, { edgeId, numExamples: 5, baseVersion: 1, staleness: 0, expect: expectation });
      } catch (e) {
        error = e;
      }
      expect((error as TributaryError).code).toBe(code);
    }
    expect(s.accepted).toBe(updates.length);
    expect(s.aggregate()).toEqual(run(c.make, updates.map((u) => ({ ...u, delta: decodeVector(encode(u.delta)).values }))));
    s.dispose?.();
  });

  it.each([
    ["aggregate", "accept"],
    ["inPlace", "acceptEncoded"],
  ] as const)("reads a lazy base once, only when it forms the result (%s after %s), and gives the eager result bit for bit", (end, feed) => {
    const updates = Array.from({ length: minUpdates() + 1 }, (_, i) => update(vec(0.1), 1 + (i % 3), `e${i}`));
    const encoded = updates.map((u) => encode(u.delta));
    // Two rounds on one instance, the second on a new version, so a server optimizer commits its first step.
    const rounds = (lazy: boolean): { results: (Uint32Array | null)[]; callsBeforeEnd: number[]; calls: number[] } => {
      const s = c.make();
      const out = { results: [] as (Uint32Array | null)[], callsBeforeEnd: [] as number[], calls: [] as number[] };
      try {
        for (const round of [1, 2]) {
          const loader = lazyContext(round, round);
          s.begin(lazy ? loader.context : { base, baseVersion: round, roundId: round });
          updates.forEach((u, i) => {
            if (feed === "accept") s.accept(u);
            else acceptEncoded(s, encoded[i]!, { ...metaOf(u), expect: { specHash: SPEC_HASH, kind: "delta" } });
          });
          out.callsBeforeEnd.push(loader.calls());
          out.results.push(bits(end === "aggregate" ? s.aggregate() : aggregateInPlace(s)));
          if (end === "aggregate") s.aggregate(); // again: the base is not read twice
          out.calls.push(loader.calls());
        }
      } finally {
        s.dispose?.();
      }
      return out;
    };
    const eager = rounds(false);
    const lazy = rounds(true);
    expect(lazy.callsBeforeEnd).toEqual([0, 0]);
    expect(lazy.calls).toEqual([1, 1]);
    expect(eager.results[0]).not.toBeNull();
    expect(lazy.results).toEqual(eager.results);
  });

  it("never reads a lazy base when there is no result", () => {
    const s = c.make();
    const loader = lazyContext(1);
    s.begin(loader.context);
    expect(s.aggregate()).toBeNull();
    // Too few updates, for the strategies that need several.
    for (let i = 0; i < (s.minUpdates ?? 1) - 1; i++) s.accept(update(vec(0.1), 1, `e${i}`));
    expect(aggregateInPlace(s)).toBeNull();
    expect(loader.calls()).toBe(0);
    s.dispose?.();
  });

  it("refuses a lazy base of the wrong length with LENGTH_MISMATCH, and keeps the round", () => {
    const s = c.make();
    const updates = Array.from({ length: minUpdates() }, (_, i) => update(vec(0.1), 1, `e${i}`));
    let short = true;
    s.begin({ base: () => (short ? base.subarray(1) : base), length: LENGTH, baseVersion: 1, roundId: 1 });
    for (const u of updates) s.accept(u);
    let error: unknown;
    try {
      aggregateInPlace(s);
    } catch (e) {
      error = e;
    }
    expect((error as TributaryError).code).toBe(ErrorCode.LengthMismatch);
    short = false;
    expectClose(aggregateInPlace(s), runEnding(c.make, updates, "inPlace"), c.tolerance); // DP draws its noise again
    s.dispose?.();
  });

  it("starts each round afresh on begin()", () => {
    const s = c.make();
    s.begin({ base, baseVersion: 1, roundId: 1 });
    for (let i = 0; i < minUpdates(); i++) s.accept(update(vec(0.1), 1, `e${i}`));
    expect(s.aggregate()).not.toBeNull();
    s.begin({ base, baseVersion: 1, roundId: 2 });
    expect(s.accepted).toBe(0);
    expect(s.aggregate()).toBeNull();
    s.dispose?.();
  });
});
