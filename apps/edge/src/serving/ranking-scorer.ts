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
 * Per request q·W_q + b₀ is computed once; per candidate the q-dependent
 * features [q⊙d, |q−d|] go into one flat buffer and each hidden unit is one
 * dot product with its column of [W_qd; W_abs], stored transposed so the loop
 * reads both operands contiguously, two units per pass. Scratch buffers are
 * reused across calls: not re-entrant (serving runs on one thread).
 */
export class RankingScorer {
  private readonly layers: Layer[];
  private readonly itemBias: Float32Array | null;
  /** n×h: each catalog item's d·W_d (the part of layer 0 that does not depend on q). */
  private readonly itemTerm: Float32Array;
  private readonly hidden0: number;
  /** h rows of `width`: row j holds W_qd[·, j] then W_abs[·, j]. */
  private readonly pairT: Float32Array;
  /** 2·dim: even, so the pass can read features in pairs. */
  private readonly width: number;
  private readonly queryTerm: Float64Array;
  private readonly features: Float64Array;
  /** Per candidate: each layer's pre-activation. */
  private readonly acts: Float64Array[];

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
    const h = (this.hidden0 = first.outputs);
    this.itemTerm = itemProducts(catalog, first.kernel.subarray(dim * h, 2 * dim * h), dim, h);
    const width = (this.width = 2 * dim);
    this.pairT = new Float32Array(h * width);
    for (let k = 0; k < 2 * dim; k++) {
      const row = (2 * dim + k) * h;
      for (let j = 0; j < h; j++) this.pairT[j * width + k] = first.kernel[row + j]!;
    }
    this.queryTerm = new Float64Array(h);
    this.features = new Float64Array(width);
    this.acts = this.layers.map((l) => new Float64Array(l.outputs));
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
    const { dim, hidden0: h, catalog, itemTerm, queryTerm, features, pairT, width } = this;
    if (q.length !== dim) throw new RangeError(`query vector has ${q.length} values, the scorer takes ${dim}`);
    const n = this.size;
    for (const item of items) if (!(item >= 0 && item < n)) throw new RangeError(`item index ${item} is outside the catalog [0, ${n})`);
    const { kernel: w, bias } = this.layers[0]!;
    for (let j = 0; j < h; j++) queryTerm[j] = bias[j]!;
    for (let k = 0, row = 0; k < dim; k++, row += h) {
      const x = q[k]!;
      for (let j = 0; j < h; j++) queryTerm[j]! += x * w[row + j]!;
    }
    const out = new Float32Array(items.length);
    const pre = this.acts[0]!;
    for (let c = 0; c < items.length; c++) {
      const item = items[c]!;
      const base = item * dim;
      for (let k = 0; k < dim; k++) {
        const d = catalog[base + k]!;
        const x = q[k]!;
        features[k] = d * x;
        features[dim + k] = d > x ? d - x : x - d;
      }
      const it = item * h;
      // Two hidden units per pass: each feature is loaded once for both.
      let j = 0;
      for (let o = 0; j + 1 < h; j += 2, o += 2 * width) {
        const o2 = o + width;
        let a0 = 0;
        let a1 = 0;
        let b0 = 0;
        let b1 = 0;
        for (let k = 0; k < width; k += 2) {
          const f0 = features[k]!;
          const f1 = features[k + 1]!;
          a0 += f0 * pairT[o + k]!;
          a1 += f1 * pairT[o + k + 1]!;
          b0 += f0 * pairT[o2 + k]!;
          b1 += f1 * pairT[o2 + k + 1]!;
        }
        pre[j] = queryTerm[j]! + itemTerm[it + j]! + (a0 + a1);
        pre[j + 1] = queryTerm[j + 1]! + itemTerm[it + j + 1]! + (b0 + b1);
      }
      if (j < h) {
        const o = j * width;
        let a = 0;
        for (let k = 0; k < width; k++) a += features[k]! * pairT[o + k]!;
        pre[j] = queryTerm[j]! + itemTerm[it + j]! + a;
      }
      let z = this.tail();
      if (this.itemBias) z += this.itemBias[item] ?? 0;
      out[c] = 1 / (1 + Math.exp(-z));
    }
    return out;
  }

  /** Layers 1… on `acts[0]` (ReLU between layers); the last layer's one output. */
  private tail(): number {
    const { layers, acts } = this;
    for (let l = 1; l < layers.length; l++) {
      const { kernel, bias, inputs, outputs } = layers[l]!;
      const act = acts[l - 1]!;
      const next = acts[l]!;
      for (let j = 0; j < outputs; j++) next[j] = bias[j]!;
      for (let k = 0, row = 0; k < inputs; k++, row += outputs) {
        const x = act[k]!;
        if (x <= 0) continue; // ReLU
        for (let j = 0; j < outputs; j++) next[j]! += x * kernel[row + j]!;
      }
    }
    return acts[layers.length - 1]![0]!;
  }
}

/** n×h products of each catalog row (n×dim) with a dim×h matrix. */
function itemProducts(catalog: Float32Array, matrix: Float32Array, dim: number, h: number): Float32Array {
  const n = catalog.length / dim;
  const out = new Float32Array(n * h);
  const acc = new Float64Array(h);
  for (let i = 0; i < n; i++) {
    acc.fill(0);
    for (let k = 0, row = 0; k < dim; k++, row += h) {
      const x = catalog[i * dim + k]!;
      if (x === 0) continue;
      for (let j = 0; j < h; j++) acc[j]! += x * matrix[row + j]!;
    }
    out.set(acc, i * h);
  }
  return out;
}
