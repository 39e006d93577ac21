import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { type RankingHead, createRankingHead, createSeededRandom } from "@tributary/model";
import { type DtypeName, decodeVector, encodeVector } from "@tributary/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EdgeStore } from "../store/edge-store.js";
import { ContinualLearner } from "./continual-learner.js";
import { InlineTrainer } from "./inline-trainer.js";

const DIM = 8;
const ITEMS = 40;

describe("error feedback of lossy delta codecs, kept in the edge store", () => {
  let head: RankingHead;
  let dir: string;
  beforeAll(async () => {
    head = await createRankingHead({ dim: DIM, hidden: [8], seed: 1 });
    dir = mkdtempSync(path.join(tmpdir(), "edge-ef-"));
  });
  afterAll(() => {
    head?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  function learnerOn(store: EdgeStore, dtype: DtypeName, seed: number): ContinualLearner {
    const random = createSeededRandom(seed);
    return new ContinualLearner({
      store,
      trainer: new InlineTrainer(head),
      dim: DIM,
      holdoutEvery: 0,
      replay: { policy: "random", ratio: 0.3, driftRatio: 0.1, driftBoostRuns: 0, halfLifeMs: 1e9 },
      training: { batchSize: 8, seed: 1 },
      dtype,
      topK: 20,
      random: () => random.next(),
    });
  }

  /** 30 new labelled interactions (item i liked when i is even). */
  function addInteractions(store: EdgeStore, round: number): void {
    const random = createSeededRandom(100 + round);
    store.interactions.add(
      Array.from({ length: 30 }, (_, i) => {
        const item = (i * 7 + round * 3) % ITEMS;
        return { userId: `u${i % 5}`, itemIdx: item, kind: "click", label: item % 2 === 0 ? 1 : 0, q: Float32Array.from({ length: DIM }, () => random.next() - 0.5), at: Date.now() };
      }),
    );
  }

  it.each(["topk", "i8", "f16"] as DtypeName[])("%s: over pushes and a restart, what was sent plus the stored residual is the sum of the true deltas", async (dtype) => {
    const file = path.join(dir, `${dtype}.sqlite`);
    let store = EdgeStore.open(file);
    store.catalog.upsert(Array.from({ length: ITEMS }, (_, i) => ({ id: `item-${i}`, text: `item ${i}` })));
    head.setCatalog(Float32Array.from({ length: ITEMS * DIM }, (_, i) => Math.sin(i)));
    const base = head.getParams();
    const n = base.length;
    const sumTrue = new Float64Array(n);
    const sumSent = new Float64Array(n);
    const sumSentWithoutMemory = new Float64Array(n);
    let learner = learnerOn(store, dtype, 1);
    for (let push = 0; push < 6; push++) {
      if (push === 3) {
        // A restart: a new store handle and learner; the residual must come back from disk.
        store.close();
        store = EdgeStore.open(file);
        learner = learnerOn(store, dtype, 2);
      }
      addInteractions(store, push);
      const trained = (await learner.trainDelta({ roundId: push + 1, baseVersion: 1, specHash: head.spec.hash, base, epochs: 2, learningRate: 0.05 }))!;
      const sent = decodeVector(trained.entry.body, { specHash: head.spec.hash, length: n, kind: "delta" }).values;
      const alone = decodeVector(encodeVector(trained.result.delta, { kind: "delta", specHash: head.spec.hash, baseVersion: 1, dtype, topK: 20 })).values;
      for (let i = 0; i < n; i++) {
        sumTrue[i]! += trained.result.delta[i]!;
        sumSent[i]! += sent[i]!;
        sumSentWithoutMemory[i]! += alone[i]!;
      }
    }
    const residual = learner.residual(head.spec.hash, n);
    const norm = (f: (i: number) => number) => Math.sqrt(Array.from({ length: n }, (_, i) => f(i) ** 2).reduce((a, b) => a + b, 0));
    // The bookkeeping identity: nothing is lost, only delayed.
    expect(norm((i) => sumSent[i]! + residual[i]! - sumTrue[i]!)).toBeLessThan(1e-4 * norm((i) => sumTrue[i]!) + 1e-6);
    // And the sent sum tracks the true sum more closely than the same codec without memory.
    const errorWith = norm((i) => sumSent[i]! - sumTrue[i]!);
    const errorWithout = norm((i) => sumSentWithoutMemory[i]! - sumTrue[i]!);
    expect(errorWith).toBeLessThan(errorWithout);
    if (dtype === "topk") expect(errorWith).toBeLessThan(0.8 * errorWithout);
    store.close();
  });

  it("a stale entry gives back the residual it took, so its retrained data is not counted twice", async () => {
    const store = EdgeStore.open(":memory:");
    store.catalog.upsert(Array.from({ length: ITEMS }, (_, i) => ({ id: `item-${i}`, text: `item ${i}` })));
    const learner = learnerOn(store, "topk", 3);
    const base = head.getParams();
    addInteractions(store, 0);
    await learner.trainDelta({ roundId: 1, baseVersion: 1, specHash: head.spec.hash, base, epochs: 1, learningRate: 0.05 });
    const afterFirst = learner.residual(head.spec.hash, base.length);
    addInteractions(store, 1);
    const second = (await learner.trainDelta({ roundId: 2, baseVersion: 1, specHash: head.spec.hash, base, epochs: 1, learningRate: 0.05 }))!;
    expect(learner.residual(head.spec.hash, base.length)).not.toEqual(afterFirst);
    learner.rewind(second.entry);
    expect(learner.residual(head.spec.hash, base.length)).toEqual(afterFirst);
    expect(learner.cursor).toBe(second.entry.dataFrom);
    store.close();
  });
});
