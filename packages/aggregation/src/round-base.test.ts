import { ErrorCode, TributaryError } from "@tributary/protocol";
import { describe, expect, it } from "vitest";
import { RoundBase, roundLength } from "./round-base.js";
import type { RoundContext } from "./strategy.js";

const round = { baseVersion: 1, roundId: 1 };

describe("RoundBase", () => {
  it("takes the length of an eager base, or the one given beside a loader", () => {
    expect(roundLength({ ...round, base: new Float32Array(3) })).toBe(3);
    expect(roundLength({ ...round, base: () => new Float32Array(5), length: 5 })).toBe(5);
  });

  it("refuses a loader without a usable length (a JavaScript caller can omit it)", () => {
    for (const length of [undefined, -1, 2.5, Number.NaN]) {
      expect(() => new RoundBase({ ...round, base: () => new Float32Array(2), length } as RoundContext)).toThrow(/length/);
    }
  });

  it("calls the loader on the first get() only, and again after it returned the wrong length", () => {
    const lengths = [2, 3, 4];
    let calls = 0;
    const base = new RoundBase({ ...round, base: () => new Float32Array(lengths[calls++]!), length: 3 });
    expect(calls).toBe(0);
    let error: unknown;
    try {
      base.get();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TributaryError);
    expect((error as TributaryError).code).toBe(ErrorCode.LengthMismatch);
    const loaded = base.get();
    expect(base.get()).toBe(loaded);
    expect(calls).toBe(2);
  });
});
