/**
 * The C floor of bench:aggregation: compiles bench/c/fedavg-floor.c with
 * `cc -O3 -pthread` into a temp directory at bench time and runs it on the same
 * arrays the TypeScript run summed (written to a file, base then deltas).
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

/** One C measurement. */
export interface CFloorResult {
  readonly medianMs: number;
  readonly bestMs: number;
  /** Σ of the output vector, to check it computed what TypeScript computed. */
  readonly checksum: number;
}

/**
 * Compiles the floor program into `dir`.
 * @returns the executable's path, or null (with the reason) when no C compiler works
 */
export function compileCFloor(dir: string): { binary: string | null; reason?: string } {
  const source = new URL("../c/fedavg-floor.c", import.meta.url).pathname;
  const binary = path.join(dir, "fedavg-floor");
  try {
    execFileSync("cc", ["-O3", "-pthread", "-o", binary, source], { stdio: "pipe" });
    return { binary };
  } catch (error) {
    return { binary: null, reason: `cc -O3 -pthread failed: ${(error as Error).message.split("\n")[0]}` };
  }
}

/** Writes base then deltas (host-order float32) for the C program to read. */
export function writeFloorData(file: string, base: Float32Array, deltas: readonly Float32Array[]): void {
  const fd = fs.openSync(file, "w");
  try {
    for (const v of [base, ...deltas]) fs.writeSync(fd, new Uint8Array(v.buffer, v.byteOffset, v.byteLength));
  } finally {
    fs.closeSync(fd);
  }
}

/** Runs the floor: K deltas of N elements, `threads` pthreads, float64 or float32 sums, streaming or blocked. */
export function runCFloor(
  binary: string,
  data: string,
  options: { k: number; n: number; threads: number; reps: number; precision: "f64" | "f32"; order: "streaming" | "blocked" },
): CFloorResult {
  const args = [data, options.k, options.n, options.threads, options.reps, options.precision, options.order].map(String);
  return JSON.parse(execFileSync(binary, args, { encoding: "utf8" })) as CFloorResult;
}
