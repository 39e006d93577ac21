import { describe, expect, it } from "vitest";
import { loadTf, loadedTfBackend } from "./tfjs.js";

describe("loadTf", () => {
  it("initialises the wasm backend once, logs one line, and computes", async () => {
    const lines: string[] = [];
    const tf = await loadTf({ log: (l) => lines.push(l) });
    const again = await loadTf({ log: (l) => lines.push(l) });
    expect(again).toBe(tf);
    expect(lines).toEqual(["[model] TensorFlow.js backend: wasm"]);
    expect(tf.getBackend()).toBe("wasm");
    expect(await loadedTfBackend()).toBe("wasm");
    const y = tf.matMul(tf.tensor2d([[1, 2]]), tf.tensor2d([[3], [4]]));
    expect(Array.from(y.dataSync())).toEqual([11]);
    y.dispose();
  });

  it("differentiates tf.gather on wasm (UnsortedSegmentSum), summing repeated rows", async () => {
    const tf = await loadTf();
    const table = tf.variable(tf.tensor2d([[1, 2], [3, 4], [5, 6]]));
    const { grads } = tf.variableGrads(() => tf.sum(tf.mul(tf.gather(table, tf.tensor1d([2, 0, 2], "int32")), tf.tensor2d([[1, 10], [100, 1000], [2, 20]]))), [table]);
    expect(Array.from(grads[table.name]!.dataSync())).toEqual([100, 1000, 0, 0, 3, 30]);
    table.dispose();
  });
});
