import { ErrorCode, isTributaryError } from "@tributary/protocol";
import { afterAll, describe, expect, it } from "vitest";
import { localTrain } from "../training/local-train.js";
import { createSeededRandom } from "../training/seeded-random.js";
import { createRankingHead, type RankingHead, type RankingHeadOptions } from "./ranking-head.js";
import type { RankingExamples } from "./ranking-examples.js";

const heads: RankingHead[] = [];
async function head(options: RankingHeadOptions) {
  const h = await createRankingHead(options);
  heads.push(h);
  return h;
}
afterAll(() => heads.forEach((h) => h.dispose()));

const dim = 8;
function vectors(n: number, random: ReturnType<typeof createSeededRandom>) {
  return Float32Array.from({ length: n * dim }, () => random.next() * 2 - 1);
}
/** Relevant when q and d point the same way (q·d > 0): learnable from the q⊙d features. */
function alignedPairs(n: number, seed: number): RankingExamples {
  const r = createSeededRandom(seed);
  const q = vectors(n, r);
  const d = vectors(n, r);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < dim; j++) s += q[i * dim + j]! * d[i * dim + j]!;
    y[i] = s > 0 ? 1 : 0;
  }
  return { q, d, dim, y };
}
const code = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return isTributaryError(e) ? e.code : "other";
  }
  return "none";
};

describe("ranking head", () => {
  it("lays θ out by a stable spec, with item biases last", async () => {
    const h = await head({ dim, hidden: [16], numItems: 5, seed: 1 });
    expect(h.spec.entries.map((e) => [e.name, e.shape])).toEqual([
      ["ranking/dense0/kernel", [32, 16]],
      ["ranking/dense0/bias", [16]],
      ["ranking/dense1/kernel", [16, 1]],
      ["ranking/dense1/bias", [1]],
      ["ranking/item_bias", [5]],
    ]);
    // Pinned: a change here breaks federation with every deployed version.
    expect(h.spec.hash).toBe("8df12ee401075b8fd94add4d3cb17e058bfb2f180533b0aa8f12f17302cc7b0a");
    const values = Float32Array.from({ length: h.spec.length }, (_, i) => Math.sin(i));
    h.setParams(values);
    expect(h.getParams()).toEqual(values);
    expect(code(() => h.setParams(values.subarray(1)))).toBe(ErrorCode.LengthMismatch);
  });

  it("scoreItems agrees with predict on explicit pairs, with and without item biases", async () => {
    for (const numItems of [0, 20]) {
      const h = await head({ dim, hidden: [16, 8], numItems, seed: 2 });
      const values = h.getParams();
      if (numItems) values.set(Float32Array.from({ length: numItems }, (_, i) => i / 10 - 1), values.length - numItems);
      h.setParams(values);
      const r = createSeededRandom(3);
      const catalog = vectors(20, r);
      const query = vectors(1, r);
      h.setCatalog(catalog);
      const all = h.scoreItems(query);
      const q = new Float32Array(20 * dim);
      for (let i = 0; i < 20; i++) q.set(query, i * dim);
      const items = Int32Array.from({ length: 20 }, (_, i) => i);
      const viaPredict = h.predict({ q, d: catalog, items, dim, y: new Int32Array(20) });
      const viaCatalog = h.predict({ q, items, dim, y: new Int32Array(20) });
      expect(all.length).toBe(20);
      for (let i = 0; i < 20; i++) {
        expect(all[i]).toBeCloseTo(viaPredict[i]!, 5);
        expect(viaCatalog[i]).toBe(viaPredict[i]);
      }
      const some = h.scoreItems(query, Int32Array.from([7, 2]));
      expect(some[0]).toBeCloseTo(all[7]!, 6);
      expect(some[1]).toBeCloseTo(all[2]!, 6);
    }
  });

  it("learns relevance from q and d and ranks relevant items higher", async () => {
    const h = await head({ dim, hidden: [16], seed: 4 });
    const train = alignedPairs(600, 5);
    const test = alignedPairs(200, 6);
    const before = h.evaluate(test);
    const r = await localTrain(h, h.getParams(), train, { epochs: 12, learningRate: 0.01, batchSize: 32, seed: 1, l2: 1e-4, dropout: 0.1 });
    const after = h.evaluate(test);
    expect(r.metrics.loss!).toBeLessThan(r.metrics.initialLoss! * 0.6);
    expect(after.loss).toBeLessThan(before.loss * 0.7);
    expect(after.auc!).toBeGreaterThan(0.9);
  });

  it("learns item biases for items everyone likes", async () => {
    const numItems = 10;
    const h = await head({ dim, hidden: [8], numItems, seed: 7 });
    const r = createSeededRandom(8);
    h.setCatalog(vectors(numItems, r));
    const n = 400;
    const items = Int32Array.from({ length: n }, () => Math.floor(r.next() * numItems));
    const y = Int32Array.from(items, (i) => (i < 3 ? 1 : 0)); // items 0-2 are liked by every user
    const data = { q: vectors(n, r), items, dim, y };
    const result = await localTrain(h, h.getParams(), data, { epochs: 10, learningRate: 0.05, batchSize: 32, seed: 2 });
    const bias = result.params.subarray(result.params.length - numItems);
    expect(Math.min(...bias.subarray(0, 3))).toBeGreaterThan(Math.max(...bias.subarray(3)));
    expect(result.metrics.accuracy).toBeGreaterThan(0.95);
  });

  it("trains bit-identically for a seed", async () => {
    const data = alignedPairs(128, 9);
    const h = await head({ dim, hidden: [16], seed: 10 });
    const base = h.getParams();
    const cfg = { epochs: 2, learningRate: 0.01, batchSize: 16, seed: 5, dropout: 0.2, validationSplit: 0.2 };
    const a = await localTrain(h, base, data, cfg);
    const b = await localTrain(h, base, data, cfg);
    const c = await localTrain(h, base, data, { ...cfg, seed: 6 });
    const bits = (v: Float32Array) => Buffer.from(v.buffer).toString("hex");
    expect(bits(a.params)).toBe(bits(b.params));
    expect(bits(a.params)).not.toBe(bits(c.params));
  });

  it("leaves no tensors behind when training, scoring and disposing", async () => {
    const probe = await head({ dim, hidden: [4], seed: 12 });
    const tf = probe.training.tf;
    const before = tf.memory().numTensors;
    const h = await createRankingHead({ dim, hidden: [4], numItems: 6, seed: 12 });
    const r = createSeededRandom(13);
    h.setCatalog(vectors(6, r));
    h.setCatalog(vectors(6, r));
    const items = Int32Array.from([0, 1, 2, 3, 4, 5, 0, 1]);
    await localTrain(h, h.getParams(), { q: vectors(8, r), items, dim, y: Int32Array.from(items, (i) => i % 2) }, { epochs: 2, learningRate: 0.01, batchSize: 4, seed: 1, l2: 0.01, proxMu: 0.1, dropout: 0.5, validationSplit: 0.25, earlyStoppingPatience: 1 });
    h.scoreItems(vectors(1, r));
    h.scoreItems(vectors(1, r), Int32Array.from([1, 2]));
    h.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it("rejects inconsistent examples and a bad catalog with stable codes", async () => {
    const h = await head({ dim, hidden: [4], numItems: 3, seed: 11 });
    const q = new Float32Array(2 * dim);
    expect(code(() => h.predict({ q, dim, y: new Int32Array(2) }))).toBe(ErrorCode.BadRequest);
    expect(code(() => h.predict({ q, d: q, dim, y: new Int32Array(2) }))).toBe(ErrorCode.BadRequest); // biases need indices
    expect(code(() => h.predict({ q, d: q, items: Int32Array.from([0, 3]), dim, y: new Int32Array(2) }))).toBe(ErrorCode.BadRequest);
    expect(code(() => h.predict({ q, d: q.subarray(dim), items: Int32Array.from([0, 1]), dim, y: new Int32Array(2) }))).toBe(ErrorCode.LengthMismatch);
    expect(code(() => h.predict({ q, d: q, items: Int32Array.from([0, 1]), dim, y: Float32Array.from([0, 2]) }))).toBe(ErrorCode.BadRequest);
    expect(code(() => h.setCatalog(new Float32Array(2 * dim)))).toBe(ErrorCode.LengthMismatch);
    expect(code(() => h.scoreItems(new Float32Array(dim)))).toBe(ErrorCode.BadRequest);
    h.setCatalog(new Float32Array(3 * dim));
    expect(code(() => h.scoreItems(new Float32Array(dim - 1)))).toBe(ErrorCode.LengthMismatch);
    expect(code(() => h.scoreItems(new Float32Array(dim), Int32Array.from([3])))).toBe(ErrorCode.BadRequest);
    expect(h.scoreItems(new Float32Array(dim)).length).toBe(3);
  });
});
