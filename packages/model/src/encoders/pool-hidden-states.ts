/**
 * Sentence vectors from a transformer's token states: mean over the attention mask (as
 * sentence-transformers does) or the `[CLS]` token's state.
 */

/** How token states become one vector. */
export type Pooling = "mean" | "cls";

/** A `[batch, sequence, hidden]` float32 tensor with its `[batch, sequence]` attention mask. */
export interface HiddenStates {
  readonly data: Float32Array;
  readonly batchSize: number;
  readonly sequenceLength: number;
  readonly hiddenSize: number;
  readonly attentionMask: Int32Array;
}

/**
 * Pools each row into a fresh Float32Array of `hiddenSize`, optionally L2-normalized. A row whose
 * mask is all zero pools (mean) to zeros rather than NaN.
 */
export function poolHiddenStates(states: HiddenStates, pooling: Pooling, normalize: boolean): Float32Array[] {
  const { data, batchSize, sequenceLength: s, hiddenSize: h, attentionMask } = states;
  const rows: Float32Array[] = [];
  for (let b = 0; b < batchSize; b++) {
    const out = new Float32Array(h);
    if (pooling === "cls") {
      out.set(data.subarray(b * s * h, b * s * h + h));
    } else {
      // Accumulate in float64: long sequences would lose digits in float32 sums.
      const sum = new Float64Array(h);
      let count = 0;
      for (let t = 0; t < s; t++) {
        if (attentionMask[b * s + t] !== 1) continue;
        count++;
        const base = (b * s + t) * h;
        for (let k = 0; k < h; k++) sum[k]! += data[base + k]!;
      }
      for (let k = 0; k < h; k++) out[k] = count > 0 ? sum[k]! / count : 0;
    }
    if (normalize) {
      let norm = 0;
      for (let k = 0; k < h; k++) norm += out[k]! * out[k]!;
      norm = Math.sqrt(norm);
      if (norm > 0) for (let k = 0; k < h; k++) out[k]! /= norm;
    }
    rows.push(out);
  }
  return rows;
}
