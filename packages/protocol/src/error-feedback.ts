/**
 * Error feedback for lossy delta codecs (Seide et al., 2014, "1-Bit Stochastic
 * Gradient Descent"; Stich et al., 2018, "Sparsified SGD with Memory";
 * Karimireddy et al., 2019, "Error Feedback Fixes SignSGD"). Kept at the edge:
 * what compression drops from one delta is added to the next, so over rounds
 * the coordinator receives everything the edge learned.
 */
import { decodeVector, encodeVector, type VectorEncodeOptions } from "./vector-codec.js";

/**
 * The edge-side residual of a lossy codec. One instance per edge and parameter
 * spec; persist {@link ErrorFeedback.residual} with the edge's state to keep it
 * across restarts.
 */
export class ErrorFeedback {
  private readonly memory: Float32Array;

  /**
   * @param length the parameter vector's length
   * @param residual a residual saved earlier (copied), or zeros
   * @throws Error when `residual` has another length
   */
  constructor(length: number, residual?: Float32Array) {
    if (residual && residual.length !== length) throw new Error(`residual has ${residual.length} elements, expected ${length}`);
    this.memory = residual ? Float32Array.from(residual) : new Float32Array(length);
  }

  /** What has been dropped and not yet sent (a copy). */
  get residual(): Float32Array {
    return Float32Array.from(this.memory);
  }

  /**
   * Encodes delta + residual with `options` (usually a lossy dtype) and keeps
   * (delta + residual) − decoded(sent) as the new residual.
   * @throws Error when the delta's length differs from the residual's
   * @throws TributaryError NON_FINITE as {@link encodeVector} does; the residual is then unchanged
   */
  encode(delta: Float32Array, options: VectorEncodeOptions): Uint8Array {
    if (delta.length !== this.memory.length) throw new Error(`delta has ${delta.length} elements, expected ${this.memory.length}`);
    const corrected = new Float32Array(delta.length);
    for (let i = 0; i < delta.length; i++) corrected[i] = delta[i]! + this.memory[i]!;
    const bytes = encodeVector(corrected, options);
    const sent = decodeVector(bytes).values;
    for (let i = 0; i < delta.length; i++) this.memory[i] = corrected[i]! - sent[i]!;
    return bytes;
  }

  /** Forgets the residual (e.g. when the parameter spec changes). */
  reset(): void {
    this.memory.fill(0);
  }
}
