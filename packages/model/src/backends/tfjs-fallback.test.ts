import { describe, expect, it } from "vitest";
import { loadTf, loadedTfBackend } from "./tfjs.js";

// Its own file, so its own process: loadTf settles the backend once per process.
describe("loadTf({ backend: 'tensorflow' }) without tfjs-node-gpu or tfjs-node installed", () => {
  it("falls back to wasm with one line saying why", async () => {
    const lines: string[] = [];
    const tf = await loadTf({ backend: "tensorflow", log: (l) => lines.push(l) });
    expect(tf.getBackend()).toBe("wasm");
    expect(await loadedTfBackend()).toBe("wasm");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^\[model\] TensorFlow\.js backend: wasm \(native TensorFlow unavailable: @tensorflow\/tfjs-node-gpu: .+; @tensorflow\/tfjs-node: .+\)$/);
  });
});
