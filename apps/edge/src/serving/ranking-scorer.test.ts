import { createRankingHead, createSeededRandom } from "@tributary/model";
import { describe, expect, it } from "vitest";
import { RankingScorer } from "./ranking-scorer.js";

const random = createSeededRandom(42);
const randomVector = (n: number, scale = 1) => Float32Array.from({ length: n }, () => (random.next() * 2 - 1) * scale);

describe("RankingScorer", () => {
  it.each([
    { hidden: [16], numItems: 0 },
    { hidden: [12, 8], numItems: 30 },
  ])("matches the ranking head's own scoreItems (hidden $hidden, item biases $numItems)", async ({ hidden, numItems }) => {
    const dim = 10;
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
      for (let i = 0; i < items.length; i++) expect(actual[i]).toBeCloseTo(expected[i]!, 5);
      expect(new Set(Array.from(actual)).size).toBeGreaterThan(2);
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
