import { describe, expect, it } from "vitest";
import { methodMeans } from "./method-means.js";

describe("methodMeans", () => {
  it("averages each metric over the windows, in the order asked, then adds the forgetting drop (NaN when unknown)", () => {
    const result = {
      windows: [{ index: 0 }, { index: 1 }],
      methods: [{ name: "m" }, { name: "n" }],
      metrics: { m: [{ a: 1, b: 0 }, { a: 0, b: 1 }], n: [{ a: 0.5, b: 0.25 }, { a: 0.5, b: 0.75 }] },
      forgetting: { m: { afterFirst: 0.5, atEnd: 0.25, drop: 0.25 } },
    };
    const means = methodMeans(result, ["b", "a"] as const);
    expect(means).toEqual([
      { method: "m", b: 0.5, a: 0.5, forgetting: 0.25 },
      { method: "n", b: 0.5, a: 0.5, forgetting: Number.NaN },
    ]);
    expect(Object.keys(means[0]!)).toEqual(["method", "b", "a", "forgetting"]);
  });
});
