import { describe, expect, it } from "vitest";
import { loadTf } from "../backends/tfjs.js";
import { createSeededRandom } from "../training/seeded-random.js";
import { matMul, matMulConstantInput } from "./mlp.js";

describe("matMul with materialised-transpose gradients", () => {
  it("gives TF.js's own gradients for both operands", async () => {
    const tf = await loadTf();
    const r = createSeededRandom(1);
    const rand = (rows: number, cols: number) => tf.tensor2d(Float32Array.from({ length: rows * cols }, () => r.next() - 0.5), [rows, cols]);
    const x = tf.variable(rand(5, 7));
    const w = tf.variable(rand(7, 3));
    const probe = rand(5, 3); // makes every output element's gradient different
    const reference = tf.variableGrads(() => tf.sum(tf.mul(tf.matMul(x, w), probe)), [x, w]).grads;
    const ours = tf.variableGrads(() => tf.sum(tf.mul(matMul(tf, x, w), probe)), [x, w]).grads;
    const constant = tf.variableGrads(() => tf.sum(tf.mul(matMulConstantInput(tf, tf.add(x, 0) as typeof probe, w), probe)), [w]).grads;
    for (const v of [x, w]) {
      const a = reference[v.name]!.dataSync();
      const b = ours[v.name]!.dataSync();
      for (let i = 0; i < a.length; i++) expect(b[i]).toBeCloseTo(a[i]!, 5);
    }
    const a = reference[w.name]!.dataSync();
    const c = constant[w.name]!.dataSync();
    for (let i = 0; i < a.length; i++) expect(c[i]).toBeCloseTo(a[i]!, 5);
    expect(Array.from(matMul(tf, x, w).dataSync())).toEqual(Array.from(tf.matMul(x, w).dataSync()));
  });
});
