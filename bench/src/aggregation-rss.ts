/**
 * Child process of bench:aggregation: streaming FedAvg of K updates of N
 * float32 in this fresh process, reporting its own peak RSS beside the RSS it
 * had before any model-sized allocation. The peak is VmHWM from
 * /proc/self/status (this process's own high-water mark since exec); getrusage's
 * maxRSS is reported too, but on Linux a child inherits the parent's RSS at
 * fork in it, so it overstates a child spawned by a big parent.
 *
 *   tsx src/aggregation-rss.ts <K> <N> <float64|float32> <shared|wire-into|wire>
 * shared: each delta is written into one reused buffer in the backend's memory;
 * wire-into: each delta is decoded from f32 wire bytes into that buffer
 *   (decodeVectorInto); wire: each delta is decoded into a fresh array (decodeVector).
 * Prints one JSON line.
 */
import { readFileSync } from "node:fs";
import { FedAvg, defaultComputeBackend } from "@tributary/aggregation";
import { decodeVector, decodeVectorInto, encodeVector } from "@tributary/protocol";

const [k = "100", n = "4000000", precision = "float64", mode = "shared"] = process.argv.slice(2);
const K = Number(k);
const N = Number(n);
if (precision !== "float64" && precision !== "float32") throw new Error(`bad precision ${precision}`);

const gc = (globalThis as { gc?: () => void }).gc;
gc?.();
const baselineRss = process.memoryUsage().rss;

const backend = defaultComputeBackend();
const base = new Float32Array(N).fill(0.5);
const fill = (target: Float32Array, seed: number) => {
  for (let i = 0; i < N; i++) target[i] = ((i * 31 + seed * 17) % 1000) * 1e-6 - 5e-4;
};
const shared = mode === "wire" ? null : backend.allocate(N);
let wire: Uint8Array | null = null;
if (mode !== "shared") {
  const template = new Float32Array(N);
  fill(template, 1);
  wire = encodeVector(template, { kind: "delta", specHash: "0".repeat(64), baseVersion: 1 });
}

// Setup garbage (the encoder's temporaries) is not the aggregation's: collect it first.
gc?.();
const strategy = new FedAvg({ accumulator: precision });
const t0 = performance.now();
strategy.begin({ base, baseVersion: 1, roundId: 1 });
for (let u = 0; u < K; u++) {
  let delta: Float32Array;
  if (mode === "shared") {
    fill(shared!, u);
    delta = shared!;
  } else if (mode === "wire-into") {
    decodeVectorInto(wire!, shared!, { kind: "delta" });
    delta = shared!;
  } else {
    delta = decodeVector(wire!, { length: N, kind: "delta" }).values;
  }
  strategy.accept({ edgeId: `e${u}`, delta, numExamples: 1 + (u % 7), baseVersion: 1, staleness: 0 });
}
const result = strategy.aggregate();
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
console.log(
  JSON.stringify({
    K,
    N,
    precision,
    mode,
    ms,
    modelBytes: N * 4,
    baselineRss,
    maxRss: highWaterMark() ?? maxRusage,
    maxRssRusage: maxRusage,
  }),
);
process.exit(0);
