/**
 * `npm run bench:aggregation` (issue 5, item 7). Measures, in one run:
 *  1. FedAvg of K=16 updates of 4M float32 through the default backend (worker
 *     threads) beside a C floor compiled now with `cc -O3 -pthread` that sums
 *     the same arrays with 2 threads, the same way (one update at a time,
 *     float64 sums); goal: ≤ 2× the C floor;
 *  2. median, trimmed mean and Krum on K=32 × 1M, spilled to a temp file;
 *  3. codec encode/decode throughput (MB of float32 parameters per second);
 *     and the lean path a coordinator takes from stored wire bytes
 *     (acceptEncoded into a float32 sum, aggregateInPlace), with its error
 *     against the float64 path;
 *  4. peak RSS of streaming FedAvg with K=100 × 4M, each in a fresh child
 *     process (VmHWM above the runtime baseline), against the model size;
 *     goal: ≤ 3×. Reported for the original path (float64 sum, delta in backend
 *     memory, new result vector) and for the lean one the coordinator takes
 *     (float32 sum from the wire bytes, read with the base into one buffer, the
 *     base only after the last update; result over the sum), beside the lean one
 *     with the base held from the start.
 * Prints a table; the last line is one JSON object with every figure.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import {
  type AccumulatorPrecision,
  FedAvg,
  FedMedian,
  FedTrimmedAvg,
  Krum,
  SeededRandom,
  ThreadsBackend,
  defaultComputeBackend,
  type Strategy,
} from "@tributary/aggregation";
import { decodeVector, encodeVector, type DtypeName } from "@tributary/protocol";
import { compileCFloor, runCFloor, writeFloorData } from "./aggregation-c-floor.js";
import { measureLeanFedAvg, writeWireFiles } from "./aggregation-lean.js";

const MB = 1e6;
const rows: [string, string, string][] = [];
const row = (what: string, value: number | string | null, note = "") =>
  rows.push([what, typeof value === "number" ? value.toFixed(value < 10 ? 2 : 1) : (value ?? "n/a"), note]);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** Wall times (ms) of `reps` runs after one warm-up. */
function times(reps: number, run: () => void): number[] {
  run();
  const out: number[] = [];
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    run();
    out.push(performance.now() - t0);
  }
  return out;
}

/** Median wall time of `reps` runs after one warm-up. */
const time = (reps: number, run: () => void): number => median(times(reps, run));

function randomVector(random: SeededRandom, n: number, scale: number, into?: Float32Array): Float32Array {
  const out = into ?? new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = scale * (random.nextFloat() - 0.5);
  return out;
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), "tributary-bench-agg-"));
const random = new SeededRandom(5);
const backend = defaultComputeBackend();
const json: Record<string, unknown> = { cores: os.availableParallelism(), backend: backend.description };

try {
  // 1. FedAvg K=16 × 4M vs the C floor.
  const K = 16;
  const N = 4_000_000;
  const base = randomVector(random, N, 1);
  const deltas = Array.from({ length: K }, () => randomVector(random, N, 0.01, backend.allocate(N)));
  const fedAvgOnce = (strategy: Strategy, inputs: readonly Float32Array[]) => () => {
    strategy.begin({ base, baseVersion: 1, roundId: 1 });
    inputs.forEach((delta, k) => strategy.accept({ edgeId: `e${k}`, delta, numExamples: k + 1, baseVersion: 1, staleness: 0 }));
    strategy.aggregate();
  };
  // This machine is shared (other jobs run tests), so JS and C are measured in
  // alternating rounds and compared on their best times (noise only adds time),
  // with the ratio of medians reported beside it.
  const compiled = compileCFloor(work);
  const data = path.join(work, "fedavg.f32");
  if (compiled.binary) writeFloorData(data, base, deltas);
  const runC = (precision: "f64" | "f32", order: "streaming" | "blocked", reps = 5) =>
    runCFloor(compiled.binary!, data, { k: K, n: N, threads: 2, reps, precision, order });
  const fedavg = new FedAvg();
  const fedavgF32 = new FedAvg({ accumulator: "float32" });
  const js64: number[] = [];
  const js32: number[] = [];
  const c64: number[] = [];
  const c64Medians: number[] = [];
  const c32: number[] = [];
  let cChecksum = Number.NaN;
  for (let round = 0; round < 3; round++) {
    js64.push(...times(5, fedAvgOnce(fedavg, deltas)));
    js32.push(...times(5, fedAvgOnce(fedavgF32, deltas)));
    if (compiled.binary) {
      const r64 = runC("f64", "streaming");
      c64.push(r64.bestMs);
      c64Medians.push(r64.medianMs);
      cChecksum = r64.checksum;
      const r32 = runC("f32", "streaming");
      c32.push(r32.bestMs);
    }
  }
  const jsOut = fedavg.aggregate()!;
  const jsChecksum = jsOut.reduce((a, b) => a + b, 0);
  const fedavgMs = Math.min(...js64);
  const fedavgF32Ms = Math.min(...js32);
  const oneThread = new ThreadsBackend({ threads: 1 });
  const oneThreadMs = time(3, fedAvgOnce(new FedAvg({ backend: oneThread }), deltas));
  oneThread.dispose();
  const jsBackend = new ThreadsBackend({ simd: false });
  const jsKernelsMs = time(3, fedAvgOnce(new FedAvg({ backend: jsBackend }), deltas));
  jsBackend.dispose();
  const plainDeltas = deltas.map((d) => Float32Array.from(d));
  const unsharedMs = time(3, fedAvgOnce(new FedAvg(), plainDeltas));
  plainDeltas.length = 0;
  const c = compiled.binary
    ? { f64: Math.min(...c64), f32: Math.min(...c32), blocked: runC("f64", "blocked").bestMs, checksum: cChecksum, f64Median: median(c64Medians) }
    : null;
  if (compiled.binary) fs.rmSync(data);
  const gbps = (ms: number) => (K * N * 4) / (ms / 1e3) / 1e9;
  row("FedAvg K=16 × 4M, default backend (float64 sum)", fedavgMs, `ms best of 15 (median ${median(js64).toFixed(1)}); ${gbps(fedavgMs).toFixed(1)} GB/s of deltas; ${backend.description}`);
  row("FedAvg, float32 sum", fedavgF32Ms, `ms best of 15 (median ${median(js32).toFixed(1)})`);
  row("FedAvg, 1 thread (main only)", oneThreadMs, "ms");
  row("FedAvg, JavaScript loops instead of WebAssembly SIMD", jsKernelsMs, "ms");
  row("FedAvg, deltas in ordinary memory (as decodeVector returns them)", unsharedMs, "ms; each delta copied into the shared heap first");
  row("C floor, 2 threads, streaming, float64 sum", c?.f64 ?? null, c ? `ms best (median ${c.f64Median.toFixed(1)}); ${gbps(c.f64).toFixed(1)} GB/s` : compiled.reason);
  row("C floor, 2 threads, streaming, float32 sum", c?.f32 ?? null, "ms best");
  row("C, 2 threads, blocked (all K in memory; not streaming)", c?.blocked ?? null, "ms best; pure bandwidth floor, for reference");
  const ratio = c ? fedavgMs / c.f64 : null;
  const ratioOfMedians = c ? median(js64) / c.f64Median : null;
  row("FedAvg / C floor (goal ≤ 2)", ratio, c ? `best vs best; medians: ${ratioOfMedians!.toFixed(2)}; checksums JS ${jsChecksum.toFixed(3)} vs C ${c.checksum.toFixed(3)}` : "");
  Object.assign(json, {
    fedavgMs,
    cFloorMs: c?.f64 ?? null,
    fedavgRatioToC: ratio,
    fedavgRatioToCMedians: ratioOfMedians,
    fedavgMedianMs: median(js64),
    fedavgFloat32Ms: fedavgF32Ms,
    cFloorFloat32Ms: c?.f32 ?? null,
    fedavgFloat32RatioToC: c ? fedavgF32Ms / c.f32 : null,
    fedavgOneThreadMs: oneThreadMs,
    fedavgJavaScriptKernelsMs: jsKernelsMs,
    fedavgUnsharedDeltasMs: unsharedMs,
    cBlockedMs: c?.blocked ?? null,
    checksumRelativeError: c ? Math.abs(jsChecksum - c.checksum) / Math.max(1, Math.abs(c.checksum)) : null,
  });
  const lean = measureLeanFedAvg({ base, deltas, reference: jsOut, reps: 3 });
  row("FedAvg lean: acceptEncoded (f32 wire) + float32 sum + aggregateInPlace", lean.encodedMs, `ms best of 3; ${(lean.encodedMs / K).toFixed(1)} ms per update incl. checksum and validation`);
  row("FedAvg as the coordinator does today: decodeVector + accept + aggregate", lean.decodeThenAcceptMs, "ms best of 3 (float64 sum)");
  row("  lean vs float64 path: max abs error", lean.maxAbsError, `(${lean.maxAbsError.toExponential(2)}); ${lean.maxRelativeToMeanParam.toExponential(2)} of mean |θ| = ${lean.meanAbsParam.toFixed(3)}; ${lean.differing} of ${N} elements differ`);
  Object.assign(json, {
    fedavgLeanEncodedMs: lean.encodedMs,
    fedavgLeanRatioToC: c ? lean.encodedMs / c.f64 : null,
    fedavgDecodeThenAcceptMs: lean.decodeThenAcceptMs,
    leanMaxAbsError: lean.maxAbsError,
    leanMaxErrorRelativeToMeanParam: lean.maxRelativeToMeanParam,
  });
  for (const d of deltas) backend.release(d);
  deltas.length = 0;

  // 2. Robust strategies, K=32 × 1M, spilled to a temp file, read back in chunks.
  const RK = 32;
  const RN = 1_000_000;
  const rbase = randomVector(random, RN, 1);
  const rdeltas = Array.from({ length: RK }, () => randomVector(random, RN, 0.01));
  const robust: Record<string, { spillMs: number; aggregateMs: number }> = {};
  const strategies: [string, () => Strategy][] = [
    ["median", () => new FedMedian()],
    ["trimmedMean", () => new FedTrimmedAvg({ beta: 0.1 })],
    ["krum", () => new Krum({ f: 7 })],
  ];
  for (const [name, make] of strategies) {
    const s = make();
    const t0 = performance.now();
    s.begin({ base: rbase, baseVersion: 1, roundId: 1 });
    rdeltas.forEach((delta, k) => s.accept({ edgeId: `e${k}`, delta, numExamples: 1, baseVersion: 1, staleness: 0 }));
    const t1 = performance.now();
    s.aggregate();
    robust[name] = { spillMs: t1 - t0, aggregateMs: performance.now() - t1 };
    s.dispose?.();
    row(`${name} K=32 × 1M: aggregate (spill on accept)`, robust[name].aggregateMs, `ms (+ ${robust[name].spillMs.toFixed(0)} ms spilling ${RK} updates)`);
  }
  json.robust = robust;
  json.medianMs = robust.median!.aggregateMs;
  json.trimmedMeanMs = robust.trimmedMean!.aggregateMs;
  json.krumMs = robust.krum!.aggregateMs;

  // 3. Codecs on a 4M delta: MB/s of float32 parameters (16 MB per vector).
  const v = randomVector(random, N, 0.02);
  const codecs: Record<string, { encodeMBps: number; decodeMBps: number; wireRatio: number }> = {};
  const header = { kind: "delta" as const, specHash: "0".repeat(64), baseVersion: 1 };
  for (const dtype of ["f32", "f16", "i8", "topk"] as DtypeName[]) {
    const options = { ...header, dtype, topK: N / 100 };
    const bytes = encodeVector(v, options);
    const enc = time(3, () => encodeVector(v, options));
    const dec = time(3, () => decodeVector(bytes, { length: N, kind: "delta" }));
    codecs[dtype] = { encodeMBps: (N * 4) / MB / (enc / 1e3), decodeMBps: (N * 4) / MB / (dec / 1e3), wireRatio: bytes.length / (N * 4) };
    row(`codec ${dtype}${dtype === "topk" ? " (k = 1%)" : ""}: encode / decode`, `${codecs[dtype].encodeMBps.toFixed(0)} / ${codecs[dtype].decodeMBps.toFixed(0)}`, `MB/s of f32 params; wire ${(100 * codecs[dtype].wireRatio).toFixed(1)}% of f32`);
  }
  json.codecMBps = codecs;

  // 4. Peak RSS of streaming FedAvg, K=100 × 4M, in fresh child processes.
  const rss: Record<string, { incrementOverModel: number } & Record<string, unknown>> = {};
  const modes = {
    shared: "delta in backend memory",
    "wire-into": "decodeVectorInto backend memory",
    wire: "decodeVector into fresh arrays",
    "shared-inplace": "delta in backend memory, aggregateInPlace",
    "encoded-eager-f32": "acceptEncoded from f32 wire bytes, base held from begin, aggregateInPlace",
    "encoded-f32": "as the coordinator: f32 wire bytes, then the base, in one buffer; acceptEncoded, aggregateInPlace",
    "encoded-f16": "as the coordinator: f16 wire bytes, then the base, in one buffer; acceptEncoded, aggregateInPlace",
    "encoded-i8": "as the coordinator: i8 wire bytes, then the base, in one buffer; acceptEncoded, aggregateInPlace",
  } as const;
  const wireFiles = writeWireFiles(work, N);
  const runs: [AccumulatorPrecision, keyof typeof modes, boolean][] = [
    ["float64", "shared", false],
    ["float32", "shared", false],
    ["float64", "wire-into", false],
    ["float64", "wire", false],
    ["float32", "shared-inplace", true],
    ["float32", "encoded-eager-f32", false],
    ["float32", "encoded-f32", true],
    ["float32", "encoded-f16", false],
    ["float32", "encoded-i8", false],
  ];
  for (const [precision, mode, check] of runs) {
    const encoded = /^(encoded(?:-eager)?)-(f32|f16|i8)$/.exec(mode);
    const [childMode, dtype] = encoded ? [encoded[1]!, encoded[2] as "f32" | "f16" | "i8"] : [mode, null];
    const args = ["100", String(N), precision, childMode, ...(dtype ? [wireFiles[dtype]] : []), ...(check ? ["--check"] : [])];
    const out = execFileSync(process.execPath, ["--expose-gc", "--import", "tsx", new URL("./aggregation-rss.ts", import.meta.url).pathname, ...args], {
      encoding: "utf8",
    });
    const r = JSON.parse(out.trim().split("\n").pop()!) as {
      ms: number;
      modelBytes: number;
      baselineRss: number;
      maxRss: number;
      maxRssRusage: number;
      maxAbsError?: number;
      meanAbsParam?: number;
    };
    const increment = (r.maxRss - r.baselineRss) / r.modelBytes;
    rss[`${precision}-${mode}`] = {
      ms: r.ms,
      modelMB: r.modelBytes / MB,
      baselineRssMB: r.baselineRss / MB,
      maxRssMB: r.maxRss / MB,
      rusageMaxRssMB: r.maxRssRusage / MB,
      incrementOverModel: increment,
      maxRssOverModel: r.maxRss / r.modelBytes,
      ...(r.maxAbsError === undefined ? {} : { maxAbsErrorVsFloat64: r.maxAbsError, meanAbsParam: r.meanAbsParam }),
    };
    const error = r.maxAbsError === undefined ? "" : `; max abs error vs float64 ${r.maxAbsError.toExponential(2)} (mean |θ| ${r.meanAbsParam!.toFixed(2)})`;
    row(
      `peak RSS, K=100 × 4M streaming FedAvg (${precision}, ${modes[mode]})`,
      r.maxRss / MB,
      `MB = ${(r.maxRss / r.modelBytes).toFixed(1)}× model; ${increment.toFixed(2)}× model above the ${(r.baselineRss / MB).toFixed(0)} MB runtime baseline; ${(r.ms / 1e3).toFixed(1)} s${error}`,
    );
  }
  json.peakRss = rss;
  const before = rss["float64-shared"]!.incrementOverModel;
  const leanRatio = rss["float32-encoded-f32"]!.incrementOverModel;
  json.peakRssIncrementOverModel = before;
  json.peakRssIncrementOverModelLean = leanRatio;
  json.peakRssIncrementOverModelLeanEagerBase = rss["float32-encoded-eager-f32"]!.incrementOverModel;
  json.goals = {
    fedavgWithin2xC: ratio === null ? null : ratio <= 2,
    peakRssIncrementWithin3xModel: before <= 3,
    leanPeakRssIncrementWithin3xModel: leanRatio <= 3,
  };
} finally {
  backend.dispose();
  fs.rmSync(work, { recursive: true, force: true });
}

const widths = [0, 1, 2].map((c) => Math.max(...rows.map((r) => r[c]!.length), 8));
console.log(["measure", "value", "unit / note"].map((h, c) => h.padEnd(widths[c]!)).join(" | "));
console.log(widths.map((w) => "-".repeat(w)).join("-|-"));
for (const r of rows) console.log(r.map((cell, c) => (c === 1 ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!))).join(" | "));
console.log(JSON.stringify(json));
