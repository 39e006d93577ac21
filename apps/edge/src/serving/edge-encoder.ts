/**
 * The text encoder the edge needs: structurally the `TextEncoder` contract of
 * @tributary/model (frozen text → vector, identified by a content hash), so
 * any of its encoders can be passed in.
 */
export interface EdgeEncoder {
  /** Content hash of the function text → vector; cached embeddings are keyed by it. */
  readonly id: string;
  /** Length of every vector. */
  readonly dimension: number;
  /** Encodes a batch; row i belongs to texts[i]. @throws Error when the runtime fails */
  encode(texts: readonly string[]): Promise<Float32Array[]>;
  /** Releases native resources. */
  dispose(): Promise<void>;
}
