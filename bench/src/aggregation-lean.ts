/**
 * The lean FedAvg path of bench:aggregation: what a coordinator closing a round
 * from stored wire bytes does with the least memory (acceptEncoded into a
 * float32 sum, aggregateInPlace), timed beside today's decodeVector + accept,
 * and its error against the float64 path on the same data.
 */
import fs from "node:fs";
import path from "node:path";
import { FedAvg } from "@tributary/aggregation";
import { decodeVector, encodeVector } from "@tributary/protocol";

const header = { kind: "delta" as const, specHash: "0".repeat(64), baseVersion: 1 };

/** What {@link measureLeanFedAvg} measured. */
export interface LeanFedAvgResult {
  /** Best wall time (ms) of a round through acceptEncoded + aggregateInPlace, float32 sum. */
  readonly encodedMs: number;
  /** Best wall time (ms) of decodeVector + accept + aggregate, float64 sum. */
  readonly decodeThenAcceptMs: number;
  /** max |lean − float64 path| over the elements. */
  readonly maxAbsError: number;
  readonly meanAbsParam: number;
  readonly maxRelativeToMeanParam: number;
  /** Elements where the two results differ at all. */
  readonly differing: number;
}

/**
 * Times both paths over `deltas` (weights k + 1, as the bench's first section)
 * and compares the lean result with `reference`, the float64 path's result.
 */
export function measureLeanFedAvg(input: { base: Float32Array; deltas: readonly Float32Array[]; reference: Float32Array; reps: number }): LeanFedAvgResult {
  const { base, deltas, reference } = input;
  const wire = deltas.map((d) => encodeVector(d, header));
  const meta = (k: number) => ({ edgeId: `e${k}`, numExamples: k + 1, baseVersion: 1, staleness: 0 });
  const best = (run: () => void) => {
    let ms = Number.POSITIVE_INFINITY;
    for (let r = 0; r <= input.reps; r++) {
      const t0 = performance.now();
      run();
      if (r > 0) ms = Math.min(ms, performance.now() - t0); // r = 0 warms up
    }
    return ms;
  };
  const lean = new FedAvg({ accumulator: "float32" });
  let result: Float32Array | null = null;
  const encodedMs = best(() => {
    lean.begin({ base, baseVersion: 1, roundId: 1 });
    wire.forEach((bytes, k) => lean.acceptEncoded(bytes, { ...meta(k), expect: { kind: "delta" } }));
    result = lean.aggregateInPlace();
  });
  const out = result as Float32Array | null;
  if (!out) throw new Error("the lean path returned no result");
  let maxAbsError = 0;
  let absSum = 0;
  let differing = 0;
  for (let i = 0; i < out.length; i++) {
    const e = Math.abs(out[i]! - reference[i]!);
    if (e > 0) differing++;
    maxAbsError = Math.max(maxAbsError, e);
    absSum += Math.abs(reference[i]!);
  }
  lean.dispose();
  const today = new FedAvg();
  const decodeThenAcceptMs = best(() => {
    today.begin({ base, baseVersion: 1, roundId: 1 });
    wire.forEach((bytes, k) => today.accept({ ...meta(k), delta: decodeVector(bytes).values }));
    today.aggregate();
  });
  today.dispose();
  const meanAbsParam = absSum / out.length;
  return { encodedMs, decodeThenAcceptMs, maxAbsError, meanAbsParam, maxRelativeToMeanParam: maxAbsError / meanAbsParam, differing };
}

/**
 * Writes one delta of `n` elements (the RSS child's first update) in f32, f16 and
 * i8 wire encodings under `dir`, so the child reads wire bytes without the
 * encoder's temporaries in its peak.
 * @returns the file of each dtype
 */
export function writeWireFiles(dir: string, n: number): Record<"f32" | "f16" | "i8", string> {
  const values = new Float32Array(n);
  for (let i = 0; i < n; i++) values[i] = ((i * 31 + 17) % 1000) * 1e-6 - 5e-4;
  const files = { f32: "", f16: "", i8: "" };
  for (const dtype of ["f32", "f16", "i8"] as const) {
    files[dtype] = path.join(dir, `delta-${dtype}.bin`);
    fs.writeFileSync(files[dtype], encodeVector(values, { ...header, dtype }));
  }
  return files;
}
