import type { LabeledText } from "@tributary/datasets";
import { describe, expect, it } from "vitest";
import { assignTextRegions } from "./text-regions.js";

const texts = Array.from({ length: 400 }, (_, i) => ({ text: `review number ${i}`, label: i % 3 === 0 ? "bad" : "good" }));

describe("assignTextRegions", () => {
  it("keeps a record's own region and hashes the others into region-0 … region-(n−1)", () => {
    const mixed: LabeledText[] = texts.map((t, i) => (i % 2 === 0 ? { ...t, region: i % 4 === 0 ? "north" : "region-1" } : t));
    const { names, region } = assignTextRegions(mixed, { regions: 2, seed: 5 });
    expect(names).toEqual(["north", "region-0", "region-1"]);
    mixed.forEach((t, i) => {
      if (t.region !== undefined) expect(names[region[i]!]).toBe(t.region);
      else expect(["region-0", "region-1"]).toContain(names[region[i]!]);
    });
  });

  it("hashes the same text to the same region for a seed, spreads texts over the regions, and depends on the seed", () => {
    const a = assignTextRegions(texts, { regions: 4, seed: 1 });
    expect(assignTextRegions([...texts].reverse(), { regions: 4, seed: 1 }).region).toEqual(a.region.slice().reverse());
    expect(a.names).toEqual(["region-0", "region-1", "region-2", "region-3"]);
    for (let r = 0; r < 4; r++) expect(a.region.filter((x) => x === r).length).toBeGreaterThan(60);
    expect(assignTextRegions(texts, { regions: 4, seed: 2 }).region).not.toEqual(a.region);
  });

  it("uses only the records' regions when every record has one, whatever the count asked", () => {
    const named = texts.map((t, i) => ({ ...t, region: i < 100 ? "10" : "9" }));
    const { names, region } = assignTextRegions(named, { regions: 8, seed: 0 });
    expect(names).toEqual(["9", "10"]);
    expect(region[0]).toBe(1);
    expect(region[399]).toBe(0);
  });

  it("rejects a region count that is not a positive integer", () => {
    expect(() => assignTextRegions(texts, { regions: 0, seed: 0 })).toThrow(RangeError);
  });
});
