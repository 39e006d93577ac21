import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { FedMedian, fedMedian } from "./fed-median.js";
import { FileUpdateStore } from "./file-update-store.js";
import { SeededRandom } from "./seeded-random.js";
import { MemoryUpdateStore, type UpdateStore } from "./update-store.js";

const params = (...vs: number[][]) => vs.map((v) => ({ params: Float32Array.from(v), numExamples: 1 }));

/** Wraps a store and records the widest chunk read, to prove reads are chunked. */
class WidthRecorder extends MemoryUpdateStore {
  widest = 0;
  override readChunk(start: number, width: number, rows: Float32Array, which?: readonly number[]): void {
    this.widest = Math.max(this.widest, width);
    super.readChunk(start, width, rows, which);
  }
}

function aggregate(store: UpdateStore, chunkSize: number | undefined, updates: Float32Array[], base: Float32Array): Float32Array {
  const s = new FedMedian({ store, ...(chunkSize ? { chunkSize } : {}) });
  s.begin({ base, baseVersion: 1, roundId: 1 });
  updates.forEach((delta, i) => s.accept({ edgeId: `e${i}`, delta, numExamples: 1, baseVersion: 1, staleness: 0 }));
  const out = s.aggregate()!;
  s.dispose();
  return out;
}

describe("FedMedian", () => {
  it("takes the coordinate-wise median (mean of the middle two for an even count)", () => {
    expect(Array.from(fedMedian(params([1, 10], [2, -5], [100, 0]))!)).toEqual([2, 0]);
    expect(Array.from(fedMedian(params([1], [2], [3], [100]))!)).toEqual([2.5]);
    expect(fedMedian([])).toBeNull();
  });

  it("recovers the benign value with f < n/2 Byzantine updates", () => {
    const benign = [0.25, -1, 3];
    const byzantine = [1e9, -1e9, 7e8];
    const n = 11;
    const f = 5;
    const out = fedMedian(params(...Array.from({ length: n - f }, () => benign), ...Array.from({ length: f }, () => byzantine)))!;
    expect(Array.from(out)).toEqual(benign);
  });

  it("stays within the range of noisy benign updates whatever f < n/2 attackers send", () => {
    const random = new SeededRandom(5);
    const benign = Array.from({ length: 9 }, () => Array.from({ length: 50 }, () => 1 + 0.01 * random.nextGaussian()));
    const attack = Array.from({ length: 8 }, () => Array.from({ length: 50 }, () => 1e6 * random.nextGaussian()));
    const out = fedMedian(params(...benign, ...attack))!;
    for (let j = 0; j < 50; j++) {
      const column = benign.map((b) => b[j]!);
      expect(out[j]!).toBeGreaterThanOrEqual(Math.min(...column) - 1e-6);
      expect(out[j]!).toBeLessThanOrEqual(Math.max(...column) + 1e-6);
    }
  });

  it("reads spilled updates in chunks and gets the in-memory result bit for bit", () => {
    const random = new SeededRandom(8);
    const length = 1000;
    const base = Float32Array.from({ length }, () => random.nextGaussian());
    const updates = Array.from({ length: 9 }, () => Float32Array.from({ length }, () => random.nextGaussian()));
    const inMemory = aggregate(new MemoryUpdateStore(), length, updates, base);
    const recorder = new WidthRecorder();
    expect(Array.from(aggregate(recorder, 7, updates, base))).toEqual(Array.from(inMemory));
    expect(recorder.widest).toBe(7);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tributary-median-"));
    try {
      expect(Array.from(aggregate(new FileUpdateStore({ directory: dir }), 7, updates, base))).toEqual(Array.from(inMemory));
      // The spill file is unlinked as soon as it is opened (POSIX), so nothing is left behind.
      if (process.platform !== "win32") expect(fs.readdirSync(dir)).toEqual([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
