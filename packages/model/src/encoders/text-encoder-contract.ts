/**
 * The one contract test suite every {@link TextEncoder} implementation runs (hono's
 * `common.case.test.ts` pattern): call {@link textEncoderContract} from the implementation's test.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TextEncoder } from "./text-encoder.js";

const A = "A film about space travel and astronauts.";
const B = "Tax law for small businesses";
const C = "hello";

/** Largest absolute elementwise difference between two vectors. */
function maxAbsDiff(x: Float32Array, y: Float32Array): number {
  let max = 0;
  for (let i = 0; i < x.length; i++) max = Math.max(max, Math.abs((x[i] ?? NaN) - (y[i] ?? NaN)));
  return max;
}

function expectVector(v: Float32Array | undefined, dimension: number): Float32Array {
  expect(v).toBeInstanceOf(Float32Array);
  const vector = v as Float32Array;
  expect(vector.length).toBe(dimension);
  expect(vector.every(Number.isFinite)).toBe(true);
  return vector;
}

/**
 * Registers the contract's `describe` block.
 * @param name shown in the test report
 * @param factory creates a fresh encoder; called twice (the second checks id stability)
 */
export function textEncoderContract(name: string, factory: () => Promise<TextEncoder>): void {
  describe(`TextEncoder contract: ${name}`, () => {
    let encoder: TextEncoder;
    beforeAll(async () => {
      encoder = await factory();
    });
    afterAll(async () => {
      await encoder.dispose();
    });

    it("has a positive integer dimension and a hex id", () => {
      expect(Number.isInteger(encoder.dimension) && encoder.dimension > 0).toBe(true);
      expect(encoder.id).toMatch(/^[0-9a-f]{64}$/);
    });

    it("returns one finite vector of the dimension per text, not all alike", async () => {
      const rows = await encoder.encode([A, B, C]);
      expect(rows).toHaveLength(3);
      const [a, b] = rows.map((r) => expectVector(r, encoder.dimension));
      expect(maxAbsDiff(a as Float32Array, b as Float32Array)).toBeGreaterThan(1e-3);
    });

    it("is deterministic", async () => {
      const first = await encoder.encode([A, B]);
      const second = await encoder.encode([A, B]);
      expect(second).toEqual(first);
    });

    it("does not depend on batch order or batch company", async () => {
      const [ab0, ab1] = await encoder.encode([A, B, C]);
      const [ba0, ba1] = await encoder.encode([C, B, A]);
      const [a] = await encoder.encode([A]);
      const [b] = await encoder.encode([B]);
      expect(maxAbsDiff(ab0 as Float32Array, a as Float32Array)).toBeLessThan(1e-5);
      expect(maxAbsDiff(ab1 as Float32Array, b as Float32Array)).toBeLessThan(1e-5);
      expect(maxAbsDiff(ba1 as Float32Array, b as Float32Array)).toBeLessThan(1e-5);
      expect(maxAbsDiff(ba0 as Float32Array, (await encoder.encode([C]))[0] as Float32Array)).toBeLessThan(1e-5);
    });

    it("gives the same id to a second instance with the same configuration", async () => {
      const twin = await factory();
      try {
        expect(twin.id).toBe(encoder.id);
        expect(twin.dimension).toBe(encoder.dimension);
      } finally {
        await twin.dispose();
      }
    });

    it("encodes an empty batch as []", async () => {
      expect(await encoder.encode([])).toEqual([]);
    });

    it("truncates long texts: a difference past the limit does not change the vector", async () => {
      const long = Array.from({ length: 3000 }, (_, i) => `word${i % 97}`).join(" ");
      const [x, y] = await encoder.encode([`${long} apples`, `${long} tax law`]);
      expectVector(x, encoder.dimension);
      expect(maxAbsDiff(x as Float32Array, y as Float32Array)).toBeLessThan(1e-5);
    });

    it("encodes empty, blank and any-unicode text to finite vectors", async () => {
      const texts = ["", "   ", "🤗🚀 emoji", "中文字符和日本語のテキスト", "مرحبا بالعالم", "e\u0301\u0301\u0301", "lone \ud800 surrogate", "\u0000\u0007ctl"];
      const rows = await encoder.encode(texts);
      expect(rows).toHaveLength(texts.length);
      for (const row of rows) expectVector(row, encoder.dimension);
    });

    it("hands out arrays the caller may change", async () => {
      const [first] = await encoder.encode([A]);
      const copy = Float32Array.from(first as Float32Array);
      (first as Float32Array).fill(0);
      const [again] = await encoder.encode([A]);
      expect(again).toEqual(copy);
    });

    it("rejects encode after dispose", async () => {
      const other = await factory();
      await other.dispose();
      await other.dispose();
      await expect(other.encode([A])).rejects.toThrow();
    });
  });
}
