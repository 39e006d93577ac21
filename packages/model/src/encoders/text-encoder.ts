/**
 * The encoder contract: frozen text → vector feature extractors (ARCHITECTURE.md, "The model").
 *
 * Named `TextEncoder` as in issue 4. That shadows the WHATWG global `TextEncoder` (UTF-8 bytes)
 * in any file that imports it; such a file can alias on import
 * (`import type { TextEncoder as Encoder } from "@tributary/model"`) or use `Buffer.from(s, "utf8")`.
 */

/** A frozen text encoder. Implementations: {@link OnnxBertEncoder}, {@link UniversalSentenceEncoder}, {@link CachedEncoder}. */
export interface TextEncoder {
  /**
   * Identifies the function text → vector: lowercase hex SHA-256 over the weights, the tokenizer
   * files and every option that changes the output (pooling, max length, normalization). Equal ids
   * mean interchangeable vectors; caches and parameter versions key on it.
   */
  readonly id: string;
  /** Length of every vector `encode` returns. */
  readonly dimension: number;
  /**
   * Encodes a batch. Row i is the vector of `texts[i]`; rows do not depend on the other texts in
   * the batch (beyond float rounding, < 1e-5). Texts longer than the model's limit are truncated;
   * an empty batch gives `[]`. The returned arrays belong to the caller.
   * @throws Error after {@link TextEncoder.dispose}, or when the runtime fails
   */
  encode(texts: readonly string[]): Promise<Float32Array[]>;
  /** Releases native memory; later `encode` calls reject. Idempotent. */
  dispose(): Promise<void>;
}
