import { describe, expect, it } from "vitest";
import type { Interaction } from "./interaction.js";
import { movieItem } from "./item.js";
import { partitionUsersByRegion, regionSizes } from "./partition-users-by-region.js";
import { DatasetErrorCode } from "./dataset-error.js";

const genres = ["Action", "Comedy", "Drama", "Horror"];
const items = Array.from({ length: 40 }, (_, i) => movieItem(String(i), `Movie ${i}`, 2000, [genres[i % 4]!]));
/** 400 users; user u mostly rates items of genre u % 4. */
const interactions: Interaction[] = Array.from({ length: 400 }, (_, u) =>
  Array.from({ length: 5 }, (_, k) => ({ userId: String(u), itemId: String((u % 4) + 4 * k + (k === 4 ? 1 : 0)), rating: 4, timestamp: u * 10 + k })),
).flat();

function everyUserOnce(partition: ReturnType<typeof partitionUsersByRegion>, users: number): void {
  const all = partition.usersByRegion.flat();
  expect(all.length).toBe(users);
  expect(new Set(all).size).toBe(users);
  partition.usersByRegion.forEach((members, region) => members.forEach((u) => expect(partition.regionOfUser.get(u)).toBe(region)));
}

describe("partitionUsersByRegion", () => {
  it("hashes users into 8 regions by default, each user in exactly one, deterministically", () => {
    const a = partitionUsersByRegion(interactions);
    expect(a.names).toHaveLength(8);
    everyUserOnce(a, 400);
    expect(partitionUsersByRegion(interactions)).toEqual(a);
    expect(partitionUsersByRegion(interactions, { seed: 1 })).not.toEqual(a);
    for (const members of a.usersByRegion) expect(members.length).toBeGreaterThan(25);
    const sizes = regionSizes(a, interactions);
    expect(sizes.reduce((n, s) => n + s.interactions, 0)).toBe(interactions.length);
    expect(sizes.map((s) => s.interactions)).toEqual(a.usersByRegion.map((m) => m.length * 5));
  });

  it("splits non-IID by genre with Dirichlet(α): small α concentrates each genre", () => {
    const skewed = partitionUsersByRegion(interactions, { regions: 4, dirichletAlpha: 0.05, items, seed: 3 });
    everyUserOnce(skewed, 400);
    expect(partitionUsersByRegion(interactions, { regions: 4, dirichletAlpha: 0.05, items, seed: 3 })).toEqual(skewed);
    const spread = (alpha: number): number => {
      const p = partitionUsersByRegion(interactions, { regions: 4, dirichletAlpha: alpha, items, seed: 3 });
      // For each genre, the share of its users in its largest region, averaged.
      return [0, 1, 2, 3].map((g) => {
        const counts = [0, 0, 0, 0];
        for (let u = g; u < 400; u += 4) counts[p.regionOfUser.get(String(u))!]!++;
        return Math.max(...counts) / 100;
      }).reduce((a, b) => a + b) / 4;
    };
    expect(spread(0.05)).toBeGreaterThan(0.85);
    expect(spread(1000)).toBeLessThan(0.4);
  });

  it("keeps the regions the source recorded", () => {
    const tagged = interactions.map((i) => ({ ...i, region: Number(i.userId) < 100 ? "us" : "eu" }));
    const p = partitionUsersByRegion(tagged);
    expect(p.names).toEqual(["eu", "us"]);
    expect(p.usersByRegion.map((m) => m.length)).toEqual([300, 100]);
    expect(partitionUsersByRegion(tagged, { useSourceRegions: false }).names).toHaveLength(8);
  });

  it("refuses bad options", () => {
    expect(() => partitionUsersByRegion(interactions, { regions: 0 })).toThrow(expect.objectContaining({ code: DatasetErrorCode.BadData }));
    expect(() => partitionUsersByRegion(interactions, { dirichletAlpha: 0.5 })).toThrow(/needs the items/);
    expect(() => partitionUsersByRegion(interactions, { dirichletAlpha: 0, items })).toThrow(/positive/);
  });
});
