import { describe, expect, it } from "vitest";
import { textEncoderContract } from "./text-encoder-contract.js";
import { UniversalSentenceEncoder } from "./universal-sentence-encoder.js";

textEncoderContract("UniversalSentenceEncoder (USE lite, pretrained)", () => UniversalSentenceEncoder.load());

const cosine = (x: Float32Array, y: Float32Array): number => {
  let dot = 0;
  let nx = 0;
  let ny = 0;
  x.forEach((v, i) => {
    dot += v * y[i]!;
    nx += v * v;
    ny += y[i]! * y[i]!;
  });
  return dot / Math.sqrt(nx * ny);
};

describe("UniversalSentenceEncoder", () => {
  it("places paraphrases closer than unrelated texts (pretrained weights are real)", async () => {
    const encoder = await UniversalSentenceEncoder.load();
    try {
      const [space, astronauts, tax, dog, puppy, stocks] = await encoder.encode([
        "a film about space travel",
        "a movie about astronauts",
        "tax law for small businesses",
        "my dog loves to play fetch in the park",
        "the puppy chased a ball on the grass",
        "stock markets fell sharply after the interest rate decision",
      ]);
      expect(cosine(space!, astronauts!)).toBeGreaterThan(cosine(space!, tax!) + 0.2);
      expect(cosine(dog!, puppy!)).toBeGreaterThan(cosine(dog!, stocks!) + 0.2);
      expect(Math.hypot(...space!)).toBeCloseTo(1, 4);
    } finally {
      await encoder.dispose();
    }
  });

  it("changes its id with maxTokens, and truncates to it", async () => {
    const short = await UniversalSentenceEncoder.load({ maxTokens: 4 });
    const full = await UniversalSentenceEncoder.load();
    try {
      expect(short.id).not.toBe(full.id);
      const [a, b] = await short.encode(["one two three four five six", "one two three four seven eight"]);
      expect(a).toEqual(b);
    } finally {
      await short.dispose();
      await full.dispose();
    }
  });
});
