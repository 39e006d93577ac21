import { createRankingHead, createSeededRandom } from "@tributary/model";
import { describe, expect, it } from "vitest";
import { RankingScorer } from "./ranking-scorer.js";

const random = createSeededRandom(42);
const randomVector = (n: number, scale = 1) => Float32Array.from({ length: n }, () => (random.next() * 2 - 1) * scale);

describe("RankingScorer", () => {
  it.each([
    { dim: 10, hidden: [16], numItems: 0 },
    { dim: 10, hidden: [12, 8], numItems: 30 },
    // An odd number of hidden units (the kernel's two-unit pass leaves one over), odd dim.
    { dim: 5, hidden: [7, 3], numItems: 30 },
    // The bench's shape.
    { dim: 64, hidden: [64], numItems: 0 },
  ])("matches the ranking head's own scoreItems (dim $dim, hidden $hidden, item biases $numItems)", async ({ dim, hidden, numItems }) => {
    const n = 30;
    const head = await createRankingHead({ dim, hidden, numItems, seed: 7 });
    try {
      // Random θ (not the init: biases non-zero) so every term of the forward pass matters.
      head.setParams(randomVector(head.spec.length, 0.5));
      const catalog = randomVector(n * dim);
      head.setCatalog(catalog);
      const scorer = new RankingScorer(head.spec, head.getParams(), catalog, dim);
      const q = randomVector(dim);
      const items = Int32Array.from([3, 0, 29, 17, 3]);
      const expected = head.scoreItems(q, items);
      const actual = scorer.score(q, items);
      for (let i = 0; i < items.length; i++) expect(Math.abs(actual[i]! - expected[i]!)).toBeLessThan(1e-5);
      expect(new Set(Array.from(actual)).size).toBeGreaterThan(2);
      // Scratch buffers are reused: a second query gives its own answer, and the first is unchanged.
      const q2 = randomVector(dim);
      const expected2 = head.scoreItems(q2, items);
      const actual2 = scorer.score(q2, items);
      for (let i = 0; i < items.length; i++) expect(Math.abs(actual2[i]! - expected2[i]!)).toBeLessThan(1e-5);
      expect(scorer.score(q, items)).toEqual(actual);
    } finally {
      head.dispose();
    }
  });

  it("refuses a spec that is not a ranking head of its dimension", async () => {
    const head = await createRankingHead({ dim: 4, hidden: [3], seed: 1 });
    try {
      expect(() => new RankingScorer(head.spec, head.getParams(), new Float32Array(8 * 5), 5)).toThrow(/first layer/);
      expect(() => new RankingScorer(head.spec, head.getParams().subarray(1), new Float32Array(8), 4)).toThrow(/θ has/);
    } finally {
      head.dispose();
    }
  });
});
