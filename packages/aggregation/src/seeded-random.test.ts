import { describe, expect, it } from "vitest";
import { SeededRandom } from "./seeded-random.js";

describe("SeededRandom", () => {
  it("is deterministic per seed and differs between seeds", () => {
    const a = new SeededRandom(123);
    const b = new SeededRandom(123);
    const c = new SeededRandom(124);
    const seqA = Array.from({ length: 10 }, () => a.nextUint32());
    expect(Array.from({ length: 10 }, () => b.nextUint32())).toEqual(seqA);
    expect(Array.from({ length: 10 }, () => c.nextUint32())).not.toEqual(seqA);
  });

  it("draws uniforms in [0, 1) and standard normals with the right moments", () => {
    const r = new SeededRandom(7);
    const n = 200_000;
    let sum = 0;
    let sq = 0;
    let within1 = 0;
    let uniformsInRange = true;
    for (let i = 0; i < n; i++) {
      const u = r.nextFloat();
      uniformsInRange &&= u >= 0 && u < 1;
      const g = r.nextGaussian();
      sum += g;
      sq += g * g;
      if (Math.abs(g) < 1) within1++;
    }
    expect(uniformsInRange).toBe(true);
    expect(Math.abs(sum / n)).toBeLessThan(0.01);
    expect(Math.abs(sq / n - 1)).toBeLessThan(0.015);
    expect(Math.abs(within1 / n - 0.6827)).toBeLessThan(0.005);
  });
});
