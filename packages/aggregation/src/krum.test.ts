import { describe, expect, it } from "vitest";
import { FileUpdateStore } from "./file-update-store.js";
import { Krum, krum, krumScores } from "./krum.js";
import { MultiKrum } from "./multi-krum.js";
import { SeededRandom } from "./seeded-random.js";
import type { UpdateStore } from "./update-store.js";
import { MemoryUpdateStore } from "./update-store.js";

const params = (...vs: number[][]) => vs.map((v) => ({ params: Float32Array.from(v), numExamples: 1 }));

describe("Krum and Multi-Krum (Blanchard et al., 2017)", () => {
  // 1-D points 0, 1, 2, 3, 100 with f = 1: each score sums the n − f − 2 = 2 smallest squared distances.
  const points = params([0], [1], [2], [3], [100]);

  it("scores by the n − f − 2 nearest neighbours (hand-computed)", () => {
    const n = 5;
    const dist = new Float64Array(n * n);
    const xs = [0, 1, 2, 3, 100];
    for (let a = 0; a < n; a++) for (let b = a + 1; b < n; b++) dist[a * n + b] = (xs[a]! - xs[b]!) ** 2;
    expect(Array.from(krumScores(dist, n, 1))).toEqual([5, 2, 2, 5, 97 ** 2 + 98 ** 2]);
  });

  it("Krum keeps the best-scored update (ties to the earlier one); Multi-Krum averages the m best", () => {
    expect(Array.from(krum(points, { f: 1 })!)).toEqual([1]);
    expect(Array.from(krum(points, { f: 1, m: 4 })!)).toEqual([1.5]);
    expect(Array.from(krum(points, { f: 1, m: 2 })!)).toEqual([1.5]);
  });

  it("needs n ≥ 2f + 3 updates and returns null below that", () => {
    expect(new Krum({ f: 2 }).minUpdates).toBe(7);
    expect(krum(points.slice(0, 4), { f: 1 })).toBeNull();
    expect(() => new Krum({ f: -1 })).toThrow();
    expect(() => new MultiKrum({ f: 1, m: 0 })).toThrow();
  });

  it("recovers the benign cluster with f colluding Byzantine updates among n = 2f + 3", () => {
    const random = new SeededRandom(12);
    const f = 4;
    const n = 2 * f + 3;
    const benign = Array.from({ length: n - f }, () => Array.from({ length: 64 }, () => 0.5 + 0.01 * random.nextGaussian()));
    // Colluding attackers send identical vectors (zero distance to each other) far away.
    const attack = Array.from({ length: f }, () => Array.from({ length: 64 }, () => 5));
    const s = new MultiKrum({ f, store: new MemoryUpdateStore() });
    s.begin({ base: new Float32Array(64), baseVersion: 1, roundId: 1 });
    [...attack, ...benign].forEach((delta, i) =>
      s.accept({ edgeId: i < f ? `byzantine-${i}` : `benign-${i}`, delta: Float32Array.from(delta), numExamples: 1, baseVersion: 1, staleness: 0 }),
    );
    const out = s.aggregate()!;
    expect(s.selectedEdges).toHaveLength(n - f);
    expect(s.selectedEdges.every((e) => e.startsWith("benign"))).toBe(true);
    for (const v of out) expect(Math.abs(v - 0.5)).toBeLessThan(0.05);
    const single = krum(params(...attack, ...benign), { f })!;
    for (const v of single) expect(Math.abs(v - 0.5)).toBeLessThan(0.05);
  });

  it("spilled, chunked distances and averages equal the in-memory ones", () => {
    const random = new SeededRandom(13);
    const updates = Array.from({ length: 9 }, () => Float32Array.from({ length: 500 }, () => random.nextGaussian()));
    const run = (store: UpdateStore, chunkSize: number) => {
      const s = new MultiKrum({ f: 2, m: 3, store, chunkSize });
      s.begin({ base: new Float32Array(500), baseVersion: 1, roundId: 1 });
      updates.forEach((delta, i) => s.accept({ edgeId: `e${i}`, delta, numExamples: 1, baseVersion: 1, staleness: 0 }));
      const out = Array.from(s.aggregate()!);
      const selected = [...s.selectedEdges];
      s.dispose();
      return { out, selected };
    };
    const reference = run(new MemoryUpdateStore(), 500);
    const chunked = run(new FileUpdateStore(), 11);
    expect(chunked.selected).toEqual(reference.selected);
    for (let j = 0; j < 500; j++) expect(chunked.out[j]!).toBeCloseTo(reference.out[j]!, 6);
  });
});
