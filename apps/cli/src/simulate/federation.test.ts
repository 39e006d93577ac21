import { type Examples, createClassificationHead, localTrain } from "@tributary/model";
import { afterEach, describe, expect, it } from "vitest";
import { generateSyntheticTask } from "../demo/synthetic-task.js";
import { type Federation, type FederationSettings, asyncBufferSize, chooseByzantine, startFederation } from "./federation.js";

const DIM = 4;
const TRAINING = { batchSize: 16 } as const;
const createModel = () => createClassificationHead({ inputDim: DIM, numClasses: 2, seed: 1 });
const EMPTY: Examples = { x: new Float32Array(0), dim: DIM, y: new Int32Array(0) };

/** Four edges' data of a synthetic logistic task: 20, 40, 60 and 80 rows, each edge's inputs shifted differently. */
const task = generateSyntheticTask({ edges: 4, dim: DIM, seed: 11, baseExamples: 20 });
const edgeData = (i: number) => task.edges[i]!;

function settings(mode: "sync" | "async", asyncBuffer = 0): FederationSettings {
  return {
    strategy: mode === "async" ? { name: "fedbuff", bufferSize: asyncBufferSize(asyncBuffer, 3) } : { name: "fedavg" },
    mode,
    codec: "f32",
    byzantine: 0,
    edgeEpochs: 2,
    edgeLearningRate: 0.05,
    asyncBuffer,
    maxStaleness: 4,
    seed: 5,
  };
}

/** What edge r computes from `base` on `data`, recomputed here: its delta. */
async function deltaOf(r: number, base: Float32Array, data: Examples, s: FederationSettings): Promise<Float32Array> {
  const model = await createModel();
  try {
    const result = await localTrain(model, base, data, { ...TRAINING, seed: s.seed + 7 * (r + 1), epochs: s.edgeEpochs, learningRate: s.edgeLearningRate });
    return result.delta;
  } finally {
    model.dispose();
  }
}

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

describe("startFederation: a real coordinator and edge agents driven step by step", () => {
  let federation: Federation<Examples> | null = null;
  afterEach(async () => {
    await federation?.close();
    federation = null;
  });

  it("sync: one round per step whose result is the example-weighted mean of the edges' deltas", async () => {
    const s = settings("sync");
    const initial = await createModel();
    const base = initial.getParams();
    initial.dispose();
    federation = await startFederation({ settings: s, regionNames: ["a", "b", "c"], createModel, initialParams: base, emptyExamples: EMPTY, countExamples: (e) => e.y.length, training: TRAINING });
    const data = [edgeData(0), edgeData(1), null];
    const params = await federation.step(data);
    const deltas = await Promise.all(data.map((d, r) => deltaOf(r, base, d ?? EMPTY, s)));
    const expected = base.map((v, i) => v + (20 * deltas[0]![i]! + 40 * deltas[1]![i]!) / 60);
    expect(maxAbsDiff(params, expected)).toBeLessThan(1e-5);
    // Edge c had nothing to train on: it sat out and the round was closed with the two that pushed.
    expect(federation.stats()).toEqual({ releases: 1, pushes: 2, meanStaleness: 0 });
    expect(federation.label).toBe("fedavg, 3 edges over HTTP, sync");
  });

  it("async (FedBuff, K = 2): pushes land in a seeded order, the third is stale and weighted 1/√2 in the next step", async () => {
    const s = settings("async", 2);
    const initial = await createModel();
    const v1 = initial.getParams();
    initial.dispose();
    federation = await startFederation({ settings: s, regionNames: ["a", "b", "c"], createModel, initialParams: v1, emptyExamples: EMPTY, countExamples: (e) => e.y.length, training: TRAINING });
    const data = [edgeData(0), edgeData(1), edgeData(2)];
    const v2 = await federation.step(data);
    // Every edge trained from v1; the first two pushes to land made v2 = v1 + (Δi + Δj)/2 (FedBuff: unweighted, η_g = 1).
    const deltas = await Promise.all(data.map((d, r) => deltaOf(r, v1, d, s)));
    const pairs = [
      [0, 1],
      [0, 2],
      [1, 2],
    ].filter(([i, j]) => maxAbsDiff(v2, v1.map((v, k) => v + (deltas[i!]![k]! + deltas[j!]![k]!) / 2)) < 1e-5);
    expect(pairs).toHaveLength(1);
    const late = [0, 1, 2].find((r) => !pairs[0]!.includes(r))!;
    expect(federation.stats()).toEqual({ releases: 1, pushes: 3, meanStaleness: 1 / 3 });

    // Next step: only edge `fresh` has data; it trains from v2 and its push closes the buffer with the stale one.
    const fresh = pairs[0]![0]!;
    const more = edgeData(3);
    const v3 = await federation.step(data.map((_, r) => (r === fresh ? more : null)));
    const freshDelta = await deltaOf(fresh, v2, more, s);
    const expected = v2.map((v, k) => v + (deltas[late]![k]! / Math.SQRT2 + freshDelta[k]!) / 2);
    expect(maxAbsDiff(v3, expected)).toBeLessThan(1e-5);
    expect(federation.stats()).toEqual({ releases: 2, pushes: 4, meanStaleness: 1 / 4 });
  });

  it("refuses a step without one entry per edge", async () => {
    const initial = await createModel();
    federation = await startFederation({ settings: settings("sync"), regionNames: ["a", "b"], createModel, initialParams: initial.getParams(), emptyExamples: EMPTY, countExamples: (e) => e.y.length, training: TRAINING });
    initial.dispose();
    await expect(federation.step([null])).rejects.toThrow("step needs examples for 2 edges, got 1");
  });
});

describe("chooseByzantine and asyncBufferSize", () => {
  it("picks ⌊share·regions⌋ distinct regions, the same for a seed", () => {
    const a = chooseByzantine(8, 0.25, 7);
    expect(a.size).toBe(2);
    expect([...chooseByzantine(8, 0.25, 7)]).toEqual([...a]);
    expect(chooseByzantine(8, 0, 7).size).toBe(0);
    for (const r of a) expect(r >= 0 && r < 8).toBe(true);
  });

  it("defaults K to half the edges, rounded up, and keeps it within 1..regions", () => {
    expect(asyncBufferSize(0, 8)).toBe(4);
    expect(asyncBufferSize(0, 3)).toBe(2);
    expect(asyncBufferSize(0, 1)).toBe(1);
    expect(asyncBufferSize(5, 3)).toBe(3);
    expect(asyncBufferSize(2, 8)).toBe(2);
  });
});
