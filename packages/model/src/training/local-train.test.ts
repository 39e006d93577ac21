import { ErrorCode, isTributaryError } from "@tributary/protocol";
import { afterAll, describe, expect, it } from "vitest";
import { createClassificationHead } from "../heads/classification-head.js";
import { localTrain, type TrainConfig } from "./local-train.js";
import { separableBinary } from "./synthetic.test-helpers.js";
import type { TrainableModel } from "./trainable-model.js";

const models: TrainableModel[] = [];
async function head(seed = 7) {
  const m = await createClassificationHead({ inputDim: 6, numClasses: 2, hidden: [8], seed });
  models.push(m);
  return m;
}
afterAll(() => models.forEach((m) => m.dispose()));

const data = separableBinary(160, 6, 21);
const config: TrainConfig = { epochs: 4, learningRate: 0.01, batchSize: 16, seed: 3, dropout: 0.2, l2: 1e-3, validationSplit: 0.25 };
const norm = (v: Float32Array) => Math.sqrt(v.reduce((s, x) => s + x * x, 0));
const bits = (v: Float32Array) => Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString("hex");

describe("localTrain", () => {
  it("is bit-identical for the same seed and differs for another seed", async () => {
    const m = await head();
    const base = m.getParams();
    const a = await localTrain(m, base, data, config);
    const b = await localTrain(m, base, data, config);
    const other = await head();
    const c = await localTrain(other, base, data, config);
    expect(bits(a.params)).toBe(bits(b.params));
    expect(bits(a.params)).toBe(bits(c.params));
    expect(a.metrics).toEqual(b.metrics);
    const d = await localTrain(m, base, data, { ...config, seed: 4 });
    expect(bits(d.params)).not.toBe(bits(a.params));
    const noDropout = await localTrain(m, base, data, { ...config, dropout: 0 });
    expect(bits(noDropout.params)).not.toBe(bits(a.params));
  });

  it("starts from base, whatever θ the model held before", async () => {
    const m = await head();
    const base = m.getParams();
    const a = await localTrain(m, base, data, config);
    m.setParams(new Float32Array(base.length).fill(0.3));
    const b = await localTrain(m, base, data, config);
    expect(bits(b.params)).toBe(bits(a.params));
  });

  it("the FedProx term pulls θ toward base: larger μ, smaller ‖Δ‖", async () => {
    const m = await head();
    const base = m.getParams();
    const plain = { epochs: 6, learningRate: 0.02, batchSize: 16, seed: 5 };
    const sizes: number[] = [];
    for (const proxMu of [0, 1, 10]) sizes.push(norm((await localTrain(m, base, data, { ...plain, proxMu })).delta));
    expect(sizes[1]!).toBeLessThan(sizes[0]!);
    expect(sizes[2]!).toBeLessThan(sizes[1]! * 0.8);
  });

  it("L2 shrinks the weights", async () => {
    const m = await head();
    const base = m.getParams();
    const plain = { epochs: 6, learningRate: 0.02, batchSize: 16, seed: 5 };
    const free = norm((await localTrain(m, base, data, plain)).params);
    const decayed = norm((await localTrain(m, base, data, { ...plain, l2: 0.5 })).params);
    expect(decayed).toBeLessThan(free * 0.9);
  });

  it("holds out the validation split and counts only training examples", async () => {
    const m = await head();
    const r = await localTrain(m, m.getParams(), data, config);
    expect(r.numExamples).toBe(120);
    expect(r.metrics.steps).toBe(4 * Math.ceil(120 / 16));
    expect(r.metrics.valLoss).toBeGreaterThan(0);
    expect(r.metrics.valAccuracy).toBeGreaterThan(0);
  });

  it("early stopping halts when validation loss stops improving and restores the best epoch", async () => {
    // Shuffled labels: nothing generalises, so validation loss rises soon after the start.
    const noisy = { ...data, y: Int32Array.from(data.y, (_, i) => (i * 7919) % 3 === 0 ? 1 : 0) };
    const m = await head();
    const base = m.getParams();
    const cfg = { epochs: 60, learningRate: 0.05, batchSize: 8, seed: 9, validationSplit: 0.3 };
    const stopped = await localTrain(m, base, noisy, { ...cfg, earlyStoppingPatience: 2 });
    const full = await localTrain(m, base, noisy, cfg);
    expect(stopped.metrics.epochs!).toBeLessThan(60);
    expect(full.metrics.epochs).toBe(60);
    expect(stopped.metrics.valLoss!).toBeLessThan(full.metrics.valLoss!);
    // The best epoch is `patience` epochs before the stop; a run that ends there holds the same θ.
    const upToBest = await localTrain(m, base, noisy, { ...cfg, epochs: stopped.metrics.epochs! - 2 });
    expect(bits(stopped.params)).toBe(bits(upToBest.params));
  });

  it("step decay shrinks the updates", async () => {
    const m = await head();
    const base = m.getParams();
    const cfg = { epochs: 3, learningRate: 0.02, batchSize: 16, seed: 5 };
    const steady = norm((await localTrain(m, base, data, cfg)).delta);
    const decayed = norm((await localTrain(m, base, data, { ...cfg, lrDecay: { every: 1, factor: 0.1 } })).delta);
    expect(decayed).toBeLessThan(steady * 0.8);
  });

  it("per-example weights steer the fit: zero-weight examples are ignored", async () => {
    const m = await head();
    const base = m.getParams();
    const flipped = { ...data, y: Int32Array.from(data.y, (v) => 1 - v) };
    const half = 80;
    const x = new Float32Array([...data.x.subarray(0, half * 6), ...flipped.x.subarray(half * 6)]);
    const y = new Int32Array([...data.y.subarray(0, half), ...flipped.y.subarray(half)]);
    const weights = Float32Array.from({ length: 160 }, (_, i) => (i < half ? 1 : 0));
    const r = await localTrain(m, base, { x, dim: 6, y, weights }, { epochs: 15, learningRate: 0.02, batchSize: 16, seed: 1 });
    expect(m.evaluate({ x: data.x.subarray(0, half * 6), dim: 6, y: data.y.subarray(0, half) }).accuracy).toBeGreaterThan(0.85);
    expect(r.metrics.accuracy!).toBeGreaterThan(0.85); // weighted: counts only the first half
  });

  it("leaves no tensors behind", async () => {
    const m = await head();
    const base = m.getParams();
    await localTrain(m, base, data, config); // first run compiles kernels and may cache constants
    const before = m.training.tf.memory().numTensors;
    await localTrain(m, base, data, { ...config, proxMu: 0.1, earlyStoppingPatience: 1 });
    m.evaluate(data);
    expect(m.training.tf.memory().numTensors).toBe(before);
  });

  it("returns base with a zero delta when there is nothing to train on", async () => {
    const m = await head();
    const base = m.getParams();
    const r = await localTrain(m, base, { x: new Float32Array(0), dim: 6, y: new Int32Array(0) }, config);
    expect(r.numExamples).toBe(0);
    expect(r.params).toEqual(base);
    expect(r.delta.every((v) => v === 0)).toBe(true);
  });

  it("rejects a wrong-length base, inconsistent examples and a bad config with stable codes", async () => {
    const m = await head();
    const base = m.getParams();
    const code = async (p: Promise<unknown>) => p.then(() => "none", (e: unknown) => (isTributaryError(e) ? e.code : "other"));
    expect(await code(localTrain(m, base.subarray(1), data, config))).toBe(ErrorCode.LengthMismatch);
    expect(await code(localTrain(m, base, { ...data, y: data.y.subarray(1) }, config))).toBe(ErrorCode.LengthMismatch);
    expect(await code(localTrain(m, base, { ...data, y: Int32Array.from(data.y, () => 2) }, config))).toBe(ErrorCode.BadRequest);
    expect(await code(localTrain(m, base, data, { ...config, dropout: 1 }))).toBe(ErrorCode.BadRequest);
    expect(await code(localTrain(m, base, data, { ...config, learningRate: 0 }))).toBe(ErrorCode.BadRequest);
  });
});
