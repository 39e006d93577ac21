import { createHash } from "node:crypto";
import type { EdgeEncoder } from "../serving/edge-encoder.js";

/**
 * A deterministic feature-hashing text encoder for tests and benchmarks:
 * lower-cased word unigrams and character trigrams hashed (FNV-1a) into
 * `dimension` signed buckets, L2-normalised. Texts sharing words get similar
 * vectors, which is all retrieval tests need; it is not a language model.
 */
export class HashingEncoder implements EdgeEncoder {
  /** SHA-256 over the scheme and dimension (equal ids ⇒ identical vectors). */
  readonly id: string;

  /** @throws RangeError when `dimension` is not a positive integer */
  constructor(readonly dimension: number) {
    if (!(Number.isInteger(dimension) && dimension > 0)) throw new RangeError(`dimension must be a positive integer, got ${dimension}`);
    this.id = createHash("sha256").update(`hashing-encoder:v1:${dimension}`).digest("hex");
  }

  /** Encodes each text synchronously; never throws. */
  encodeSync(text: string): Float32Array {
    const out = new Float32Array(this.dimension);
    const lower = text.toLowerCase();
    for (const word of lower.split(/[^\p{L}\p{N}]+/u)) {
      if (!word) continue;
      this.add(out, `w:${word}`, 1);
      const padded = `#${word}#`;
      for (let i = 0; i + 3 <= padded.length; i++) this.add(out, `t:${padded.slice(i, i + 3)}`, 0.3);
    }
    let norm = 0;
    for (let i = 0; i < out.length; i++) norm += out[i]! * out[i]!;
    if (norm > 0) {
      const scale = 1 / Math.sqrt(norm);
      for (let i = 0; i < out.length; i++) out[i]! *= scale;
    }
    return out;
  }

  /** Encodes a batch (rows independent of each other). */
  async encode(texts: readonly string[]): Promise<Float32Array[]> {
    return texts.map((t) => this.encodeSync(t));
  }

  /** Nothing to release. */
  async dispose(): Promise<void> {}

  private add(out: Float32Array, token: string, weight: number): void {
    let h = 0x811c9dc5;
    for (let i = 0; i < token.length; i++) {
      h ^= token.charCodeAt(i);
      h = Math.imul(h, 0x01000193);
    }
    const bucket = (h >>> 1) % this.dimension;
    out[bucket]! += h & 1 ? weight : -weight;
  }
}
