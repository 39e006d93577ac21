import { stableHash32 } from "@tributary/datasets";
import type { TextEncoder } from "@tributary/model";

/**
 * A tiny deterministic stand-in for the default encoder in unit tests: a
 * bag of words, each lower-cased word adding 1 to a dimension chosen by its
 * hash. Texts sharing words get similar vectors, so a label's word in a text
 * makes it close to that label's name.
 */
export function hashedWordsEncoder(dimension = 64): TextEncoder & { calls: number } {
  return {
    id: `hashed-words-${dimension}`,
    dimension,
    calls: 0,
    async encode(texts) {
      this.calls++;
      return texts.map((text) => {
        const v = new Float32Array(dimension);
        for (const word of text.toLowerCase().split(/\W+/).filter(Boolean)) v[stableHash32(word) % dimension]! += 1;
        return v;
      });
    },
    async dispose() {},
  };
}
