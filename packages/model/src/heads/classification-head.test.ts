import { ErrorCode, isTributaryError } from "@tributary/protocol";
import { afterAll, describe, expect, it } from "vitest";
import { localTrain } from "../training/local-train.js";
import { separableBinary, threeBlobs } from "../training/synthetic.test-helpers.js";
import type { TrainableModel } from "../training/trainable-model.js";
import { createClassificationHead } from "./classification-head.js";

const models: TrainableModel[] = [];
async function head(options: Parameters<typeof createClassificationHead>[0]) {
  const m = await createClassificationHead(options);
  models.push(m);
  return m;
}
afterAll(() => models.forEach((m) => m.dispose()));

describe("classification head", () => {
  it("lays θ out by a stable spec and round-trips it", async () => {
    const a = await head({ inputDim: 8, numClasses: 2, hidden: [4], seed: 1 });
    const b = await head({ inputDim: 8, numClasses: 2, hidden: [4], seed: 2 });
    expect(a.spec.entries.map((e) => [e.name, e.shape])).toEqual([
      ["classification/dense0/kernel", [8, 4]],
      ["classification/dense0/bias", [4]],
      ["classification/dense1/kernel", [4, 1]],
      ["classification/dense1/bias", [1]],
    ]);
    expect(a.spec.length).toBe(8 * 4 + 4 + 4 + 1);
    // Pinned: a change here breaks federation with every deployed version.
    expect(a.spec.hash).toBe(b.spec.hash);
    expect(a.spec.hash).toBe("1fae16a4416580748099b2e98d7776cf9c8028ca38411ecb83f923d94542107f");
    expect(a.getParams()).not.toEqual(b.getParams());
    const values = Float32Array.from({ length: a.spec.length }, (_, i) => i / 7 - 3);
    a.setParams(values);
    expect(a.getParams()).toEqual(values);
    const copy = a.getParams();
    copy[0] = 99;
    expect(a.getParams()[0]).toBe(values[0]);
  });

  it("frees every tensor on dispose", async () => {
    const m = await createClassificationHead({ inputDim: 4, numClasses: 3, hidden: [3], seed: 1 });
    const tf = m.training.tf;
    const before = tf.memory().numTensors;
    const other = await createClassificationHead({ inputDim: 4, numClasses: 3, hidden: [3], seed: 1 });
    other.predict(new Float32Array(8), 4);
    other.dispose();
    m.dispose();
    expect(tf.memory().numTensors).toBe(before - 4);
  });

  it("rejects a wrong-length or non-finite θ and keeps the old one", async () => {
    const m = await head({ inputDim: 3, numClasses: 4, seed: 3 });
    const before = m.getParams();
    const code = (f: () => void) => {
      try {
        f();
      } catch (e) {
        return isTributaryError(e) ? e.code : "other";
      }
      return "none";
    };
    expect(code(() => m.setParams(new Float32Array(before.length + 1)))).toBe(ErrorCode.LengthMismatch);
    const nan = before.slice();
    nan[nan.length - 1] = Number.NaN;
    expect(code(() => m.setParams(nan))).toBe(ErrorCode.NonFinite);
    expect(m.getParams()).toEqual(before);
    expect(code(() => m.predict(new Float32Array(4), 4))).toBe(ErrorCode.LengthMismatch);
  });

  it("predicts probabilities: one per row when binary, softmax rows otherwise", async () => {
    const bin = await head({ inputDim: 2, numClasses: 2, seed: 4 });
    const pb = bin.predict(new Float32Array([1, 2, -1, 0.5, 0, 0]), 2);
    expect(pb.length).toBe(3);
    for (const p of pb) expect(p > 0 && p < 1).toBe(true);
    bin.setParams(new Float32Array([1, -1, 0.5])); // z = x0 − x1 + 0.5
    const q = bin.predict(new Float32Array([1, 2]), 2);
    expect(q[0]).toBeCloseTo(1 / (1 + Math.exp(0.5)), 6);
    const multi = await head({ inputDim: 2, numClasses: 3, hidden: [5], seed: 4 });
    const pm = multi.predict(new Float32Array([1, 2, -1, 0.5]), 2);
    expect(pm.length).toBe(6);
    expect(pm[0]! + pm[1]! + pm[2]!).toBeCloseTo(1, 5);
  });

  it("localTrain reduces the loss on a separable set and reports delta = params − base", async () => {
    const data = separableBinary(256, 8, 11);
    const m = await head({ inputDim: 8, numClasses: 2, hidden: [8], seed: 5 });
    const base = m.getParams();
    const before = m.evaluate(data);
    const r = await localTrain(m, base, data, { epochs: 15, learningRate: 0.02, batchSize: 32, seed: 1 });
    expect(r.numExamples).toBe(256);
    expect(r.metrics.initialLoss).toBeCloseTo(before.loss, 5);
    expect(r.metrics.loss!).toBeLessThan(before.loss * 0.5);
    expect(r.metrics.accuracy!).toBeGreaterThan(0.9);
    expect(r.metrics.auc!).toBeGreaterThan(0.95);
    expect(r.metrics.epochs).toBe(15);
    expect(r.metrics.steps).toBe(15 * 8);
    for (let i = 0; i < base.length; i++) expect(r.delta[i]).toBe(Math.fround(r.params[i]! - base[i]!));
    expect(m.getParams()).toEqual(r.params);
  });

  it("learns a 3-class task with softmax cross-entropy", async () => {
    const data = threeBlobs(150, 6, 12);
    const m = await head({ inputDim: 6, numClasses: 3, seed: 6 });
    const r = await localTrain(m, m.getParams(), data, { epochs: 20, learningRate: 0.05, batchSize: 16, seed: 2 });
    expect(r.metrics.loss!).toBeLessThan(r.metrics.initialLoss! * 0.5);
    expect(r.metrics.accuracy!).toBeGreaterThan(0.9);
    expect(r.metrics.auc).toBeUndefined();
  });
});
