import type { ParameterSpec } from "@tributary/protocol";

interface Layer {
  readonly kernel: Float32Array;
  readonly bias: Float32Array;
  readonly inputs: number;
  readonly outputs: number;
}

/**
 * The ranking head's forward pass σ(MLP([q, d, q⊙d, |q−d|]) + b_item) in plain
 * TypeScript, for serving: TF.js on wasm spends ~8 ms in per-op overhead on 200
 * candidates, where this loop needs well under a millisecond. Built from θ and
 * its spec (layout `ranking/dense{i}/{kernel,bias}`, optional
 * `ranking/item_bias`, as @tributary/model's createRankingHead writes it) and
 * checked against the head's own `scoreItems` in ranking-scorer.test.ts.
 * Immutable: θ is copied, and the catalog's d·W_d products are precomputed.
 */
export class RankingScorer {
  private readonly layers: Layer[];
  private readonly itemBias: Float32Array | null;
  /** n×h: each catalog item's d·W_d (the part of layer 0 that does not depend on q). */
  private readonly itemTerm: Float32Array;
  private readonly hidden0: number;

  /**
   * @param spec θ's layout
   * @param params θ (copied)
   * @param catalog n×dim item vectors (the same vectors the head was trained with), row-major
   * @throws Error when the spec is not a ranking head's of this dim, or the lengths disagree
   */
  constructor(spec: ParameterSpec, params: Float32Array, private readonly catalog: Float32Array, readonly dim: number) {
    if (params.length !== spec.length) throw new Error(`θ has ${params.length} values, its spec ${spec.length}`);
    const entry = (name: string) => spec.entries.find((e) => e.name === name);
    const slice = (name: string) => {
      const e = entry(name);
      if (!e) throw new Error(`spec has no ${name}: not a ranking head`);
      return params.slice(e.offset, e.offset + e.size);
    };
    this.layers = [];
    for (let i = 0; entry(`ranking/dense${i}/kernel`); i++) {
      const shape = entry(`ranking/dense${i}/kernel`)!.shape;
      this.layers.push({ kernel: slice(`ranking/dense${i}/kernel`), bias: slice(`ranking/dense${i}/bias`), inputs: shape[0]!, outputs: shape[1]! });
    }
    const first = this.layers[0];
    if (!first || first.inputs !== 4 * dim) throw new Error(`the ranking head's first layer takes ${first?.inputs ?? 0} features, expected 4·${dim}`);
    if (this.layers[this.layers.length - 1]!.outputs !== 1) throw new Error("the ranking head's last layer must have one output");
    this.itemBias = entry("ranking/item_bias") ? slice("ranking/item_bias") : null;
    if (catalog.length % dim !== 0) throw new Error(`catalog has ${catalog.length} values, not a multiple of dim ${dim}`);
    const n = catalog.length / dim;
    const h = (this.hidden0 = first.outputs);
    this.itemTerm = new Float32Array(n * h);
    const wd = first.kernel.subarray(dim * h, 2 * dim * h);
    for (let i = 0; i < n; i++) {
      const out = this.itemTerm.subarray(i * h, (i + 1) * h);
      for (let k = 0; k < dim; k++) {
        const x = catalog[i * dim + k]!;
        if (x === 0) continue;
        const row = k * h;
        for (let j = 0; j < h; j++) out[j]! += x * wd[row + j]!;
      }
    }
  }

  /** Number of catalog items. */
  get size(): number {
    return this.catalog.length / this.dim;
  }

  /**
   * P(relevant | q, item) for each of `items` (catalog indices), in order.
   * @throws RangeError when q.length ≠ dim or an index is outside the catalog
   */
  score(q: Float32Array, items: Int32Array): Float32Array {
    const { dim, hidden0: h, catalog } = this;
    if (q.length !== dim) throw new RangeError(`query vector has ${q.length} values, the scorer takes ${dim}`);
    const first = this.layers[0]!;
    const w = first.kernel;
    const wqd = w.subarray(2 * dim * h, 3 * dim * h);
    const wabs = w.subarray(3 * dim * h, 4 * dim * h);
    // Per query: q·W_q + b₀ once.
    const queryTerm = Float32Array.from(first.bias);
    for (let k = 0; k < dim; k++) {
      const x = q[k]!;
      for (let j = 0; j < h; j++) queryTerm[j]! += x * w[k * h + j]!;
    }
    const out = new Float32Array(items.length);
    const pre = new Float32Array(h);
    const n = this.size;
    for (let c = 0; c < items.length; c++) {
      const item = items[c]!;
      if (!(item >= 0 && item < n)) throw new RangeError(`item index ${item} is outside the catalog [0, ${n})`);
      const base = item * dim;
      pre.set(queryTerm);
      const it = item * h;
      for (let j = 0; j < h; j++) pre[j]! += this.itemTerm[it + j]!;
      for (let k = 0; k < dim; k++) {
        const d = catalog[base + k]!;
        const qk = q[k]!;
        const prod = d * qk;
        const abs = d > qk ? d - qk : qk - d;
        const row = k * h;
        for (let j = 0; j < h; j++) pre[j]! += prod * wqd[row + j]! + abs * wabs[row + j]!;
      }
      let z = this.tail(pre);
      if (this.itemBias) z += this.itemBias[item] ?? 0;
      out[c] = 1 / (1 + Math.exp(-z));
    }
    return out;
  }

  private tail(firstPre: Float32Array): number {
    let act: Float32Array = firstPre;
    for (let l = 1; l < this.layers.length; l++) {
      const { kernel, bias, inputs, outputs } = this.layers[l]!;
      const next = Float32Array.from(bias);
      for (let k = 0; k < inputs; k++) {
        const x = act[k]!;
        if (x <= 0) continue; // ReLU
        for (let j = 0; j < outputs; j++) next[j]! += x * kernel[k * outputs + j]!;
      }
      act = next;
    }
    return act[0]!;
  }
}
