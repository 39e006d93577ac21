/**
 * Child process of bench:aggregation: streaming FedAvg of K updates of N
 * float32 in this fresh process, reporting its own peak RSS beside the RSS it
 * had before any model-sized allocation. The peak is VmHWM from
 * /proc/self/status (this process's own high-water mark since exec); getrusage's
 * maxRSS is reported too, but on Linux a child inherits the parent's RSS at
 * fork in it, so it overstates a child spawned by a big parent.
 *
 *   tsx src/aggregation-rss.ts <K> <N> <float64|float32> <mode> [wire file] [--check]
 * modes, each ending the round with aggregate() (a new result vector):
 *   shared: each delta is written into one reused buffer in the backend's memory;
 *   wire-into: each delta is decoded from f32 wire bytes into that buffer
 *     (decodeVectorInto); wire: each delta is decoded into a fresh array (decodeVector);
 * and the lean ones, ending with aggregateInPlace() (the result over the sum):
 *   shared-inplace: as shared;
 *   encoded: as the coordinator closes a round: every update's wire bytes (of
 *     `wire file`, written by the parent so encoding leaves no peak here; any
 *     dtype) are read into one model-sized buffer and taken by acceptEncoded (no
 *     decoded delta), and the base is behind a loader that reads it into that
 *     buffer after the last update, so the round never holds the base beside an
 *     update (its time includes reading every update's bytes from the file);
 *   encoded-eager: acceptEncoded from the wire bytes of `wire file`, read once
 *     and held, on a base held from begin() on (the lean path before the lazy base).
 * Every mode but encoded holds the base from begin() on.
 * With --check, after the measurement, the result is compared with what the
 * float64 path computes for the same data (recomputed element by element in
 * float64, no model-sized allocation): maxAbsError, and relative to the mean |θ|.
 * Prints one JSON line.
 */
import { closeSync, openSync, readFileSync, readSync } from "node:fs";
import { FedAvg, defaultComputeBackend } from "@tributary/aggregation";
import { VECTOR_HEADER_BYTES, decodeVector, decodeVectorInto, encodeVector } from "@tributary/protocol";

const args = process.argv.slice(2).filter((a) => a !== "--check");
const check = process.argv.includes("--check");
const [k = "100", n = "4000000", precision = "float64", mode = "shared", wireFile] = args;
const K = Number(k);
const N = Number(n);
const encoded = mode === "encoded" || mode === "encoded-eager";
if (precision !== "float64" && precision !== "float32") throw new Error(`bad precision ${precision}`);
if (encoded && !wireFile) throw new Error(`mode ${mode} needs a wire file`);

const gc = (globalThis as { gc?: () => void }).gc;
gc?.();
const baselineRss = process.memoryUsage().rss;

const backend = defaultComputeBackend();
const BASE_VALUE = 0.5;
const base = mode === "encoded" ? null : new Float32Array(N).fill(BASE_VALUE);
const fill = (target: Float32Array, seed: number) => {
  for (let i = 0; i < N; i++) target[i] = ((i * 31 + seed * 17) % 1000) * 1e-6 - 5e-4;
};
const shared = mode === "wire" || encoded ? null : backend.allocate(N);
let wire: Uint8Array | null = null;
if (mode === "encoded-eager") {
  wire = readFileSync(wireFile!);
} else if (mode === "wire" || mode === "wire-into") {
  const template = new Float32Array(N);
  fill(template, 1);
  wire = encodeVector(template, { kind: "delta", specHash: "0".repeat(64), baseVersion: 1 });
}

// Setup garbage (the encoder's temporaries) is not the aggregation's: collect it first.
gc?.();
const strategy = new FedAvg({ accumulator: precision });
const metaOf = (u: number) => ({ edgeId: `e${u}`, numExamples: 1 + (u % 7), baseVersion: 1, staleness: 0 });

/** The encoded mode's round, as RoundEngine.close runs it: one buffer for every update's bytes, then the base. */
function lazyBaseRound(): Float32Array | null {
  const io = new Uint8Array(VECTOR_HEADER_BYTES + N * 4);
  const file = openSync(wireFile!, "r");
  try {
    strategy.begin({ base: () => new Float32Array(io.buffer, 0, N).fill(BASE_VALUE), length: N, baseVersion: 1, roundId: 1 });
    for (let u = 0; u < K; u++) {
      const bytes = io.subarray(0, readSync(file, io, 0, io.length, 0));
      strategy.acceptEncoded(bytes, { ...metaOf(u), expect: { kind: "delta" } });
    }
  } finally {
    closeSync(file);
  }
  return strategy.aggregateInPlace();
}

/** Every other mode's round, on a base held from begin() on. */
function eagerBaseRound(): Float32Array | null {
  strategy.begin({ base: base!, baseVersion: 1, roundId: 1 });
  for (let u = 0; u < K; u++) {
    const meta = metaOf(u);
    if (mode === "encoded-eager") {
      strategy.acceptEncoded(wire!, { ...meta, expect: { kind: "delta" } });
      continue;
    }
    let delta: Float32Array;
    if (mode === "shared" || mode === "shared-inplace") {
      fill(shared!, u);
      delta = shared!;
    } else if (mode === "wire-into") {
      decodeVectorInto(wire!, shared!, { kind: "delta" });
      delta = shared!;
    } else {
      delta = decodeVector(wire!, { length: N, kind: "delta" }).values;
    }
    strategy.accept({ ...meta, delta });
  }
  return mode === "shared-inplace" || mode === "encoded-eager" ? strategy.aggregateInPlace() : strategy.aggregate();
}

const t0 = performance.now();
const result = mode === "encoded" ? lazyBaseRound() : eagerBaseRound();
const ms = performance.now() - t0;
if (!result || result.length !== N) throw new Error("no result");

/** VmHWM in bytes, or null off Linux. */
function highWaterMark(): number | null {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync("/proc/self/status", "utf8"));
    return match ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}

const maxRusage = process.resourceUsage().maxRSS * 1024;
const maxRss = highWaterMark() ?? maxRusage;

/**
 * The float64 path's result for this run's data, element by element: Σ wᵤ·xᵤ in
 * float64 in arrival order, then base + sum / W rounded once, as FedAvg's default does.
 */
function checkAgainstFloat64(out: Float32Array): { maxAbsError: number; meanAbsParam: number } {
  const deltaOf = (u: number, i: number) => Math.fround(((i * 31 + u * 17) % 1000) * 1e-6 - 5e-4);
  // After the measurement: not in the peak.
  const bytes = encoded ? readFileSync(wireFile!) : wire;
  const decoded = bytes ? decodeVector(bytes).values : null;
  let totalWeight = 0;
  for (let u = 0; u < K; u++) totalWeight += 1 + (u % 7);
  let maxAbsError = 0;
  let absSum = 0;
  for (let i = 0; i < N; i++) {
    let sum = 0;
    for (let u = 0; u < K; u++) sum += (1 + (u % 7)) * (decoded ? decoded[i]! : deltaOf(u, i));
    const expected = Math.fround(BASE_VALUE + sum * (1 / totalWeight));
    maxAbsError = Math.max(maxAbsError, Math.abs(out[i]! - expected));
    absSum += Math.abs(expected);
  }
  return { maxAbsError, meanAbsParam: absSum / N };
}
const accuracy = check ? checkAgainstFloat64(result) : null;
console.log(
  JSON.stringify({
    K,
    N,
    precision,
    mode,
    ms,
    modelBytes: N * 4,
    baselineRss,
    maxRss,
    maxRssRusage: maxRusage,
    ...(accuracy ?? {}),
  }),
);
process.exit(0);
