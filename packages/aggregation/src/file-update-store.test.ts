import { describe, expect, it } from "vitest";
import { FileUpdateStore } from "./file-update-store.js";
import { MemoryUpdateStore, type UpdateStore } from "./update-store.js";

describe.each([
  ["file", () => new FileUpdateStore()],
  ["memory", () => new MemoryUpdateStore()],
] as const)("UpdateStore contract: %s", (_, make: () => UpdateStore) => {
  it("reads back coordinate chunks of all or chosen vectors", () => {
    const s = make();
    s.reset(5);
    s.append(Float32Array.from([0, 1, 2, 3, 4]));
    s.append(Float32Array.from([10, 11, 12, 13, 14]));
    s.append(Float32Array.from([20, 21, 22, 23, 24]));
    expect(s.count).toBe(3);
    const rows = new Float32Array(6);
    s.readChunk(1, 2, rows);
    expect(Array.from(rows)).toEqual([1, 2, 11, 12, 21, 22]);
    s.readChunk(3, 2, rows, [2, 0]);
    expect(Array.from(rows.subarray(0, 4))).toEqual([23, 24, 3, 4]);
    s.reset(2);
    expect(s.count).toBe(0);
    s.dispose();
    s.dispose();
  });

  it("refuses wrong lengths and out-of-range chunks", () => {
    const s = make();
    s.reset(3);
    expect(() => s.append(new Float32Array(2))).toThrow();
    s.append(new Float32Array(3));
    expect(() => s.readChunk(2, 2, new Float32Array(2))).toThrow();
    expect(() => s.readChunk(0, 3, new Float32Array(2))).toThrow();
    expect(() => s.readChunk(0, 1, new Float32Array(1), [1])).toThrow();
    s.dispose();
  });
});
