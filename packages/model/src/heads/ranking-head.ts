import { createParameterSpec, ErrorCode, TributaryError } from "@tributary/protocol";
import { loadTf, type Tensor1D, type Tensor2D, type Tf } from "../backends/tfjs.js";
import { accuracy, auc, logLoss } from "../metrics/classification-metrics.js";
import { createSeededRandom } from "../training/seeded-random.js";
import type { Evaluation, Trainable } from "../training/trainable-model.js";
import { matMulConstantInput, mlpInitialValues, mlpShapes, mlpTail, type DropoutSpec } from "./mlp.js";
import { createParameterStore } from "./parameter-store.js";
import { countRankingExamples, selectRankingExamples, type RankingExamples } from "./ranking-examples.js";
import { weightedCrossEntropy } from "./weighted-cross-entropy.js";

/** Options for {@link createRankingHead}. */
export interface RankingHeadOptions {
  /** Dimension of query/user and item vectors (the encoder's). */
  dim: number;
  /** Hidden ReLU layer widths; default [64]. */
  hidden?: number[];
  /** Learn one bias per item for this many items (indices 0..numItems−1); default 0 (none). */
  numItems?: number;
  /** Seeds the Glorot-uniform initialisation. */
  seed: number;
}

/**
 * The ranking head: P(relevant | q, d) = σ(MLP([q, d, q⊙d, |q−d|]) + b_item),
 * for search (q = encoded query) and recommendation (q = the user's vector).
 */
export interface RankingHead extends Trainable<RankingExamples> {
  readonly dim: number;
  /** Items with a learned bias (0 = none). */
  readonly numItems: number;
  /** Items in the cached catalog (0 = none set). */
  readonly catalogSize: number;
  /**
   * Caches the catalog's item vectors (count×dim, row-major) on the backend,
   * replacing any earlier catalog; they are inputs, not part of θ. Examples
   * may then name items by index, and {@link RankingHead.scoreItems} scores them.
   * @throws TributaryError LENGTH_MISMATCH when the length is not a multiple of dim, or (with item biases) the count differs from numItems
   */
  setCatalog(vectors: Float32Array): void;
  /** P(relevant) for each example. @throws as {@link countRankingExamples} */
  predict(data: RankingExamples): Float32Array;
  /**
   * P(relevant | q, item) for every catalog item, or for `items` in their
   * order. Uses the algebra of the first layer so the catalog is never
   * concatenated with q: cost ≈ two (count×dim)·(dim×hidden) products.
   * @throws TributaryError LENGTH_MISMATCH when q.length ≠ dim; BAD_REQUEST without a catalog or on an index outside it
   */
  scoreItems(q: Float32Array, items?: Int32Array): Float32Array;
}

/**
 * Creates a {@link RankingHead}. θ's layout: `ranking/dense{i}/{kernel,bias}`
 * (the first kernel is [4·dim, hidden₀], rows in the order q, d, q⊙d, |q−d|;
 * the last layer has one output), then `ranking/item_bias` [numItems] when
 * numItems > 0 (initialised to 0).
 * @throws RangeError on a non-positive dim, a non-positive hidden width or a negative numItems
 */
export async function createRankingHead(options: RankingHeadOptions): Promise<RankingHead> {
  const { dim, hidden = [64], numItems = 0, seed } = options;
  if (!(Number.isInteger(dim) && dim > 0)) throw new RangeError(`dim must be a positive integer, got ${dim}`);
  if (hidden.some((h) => !(Number.isInteger(h) && h > 0))) throw new RangeError(`hidden widths must be positive integers, got [${hidden.join(", ")}]`);
  if (!(Number.isInteger(numItems) && numItems >= 0)) throw new RangeError(`numItems must be an integer ≥ 0, got ${numItems}`);
  const tf = await loadTf();
  const widths = [4 * dim, ...hidden, 1];
  const shapes = mlpShapes("ranking", widths);
  if (numItems > 0) shapes.push({ name: "ranking/item_bias", shape: [numItems] });
  const spec = createParameterSpec(shapes);
  const initial = new Float32Array(spec.length);
  let offset = 0;
  for (const part of mlpInitialValues(widths, createSeededRandom(seed))) {
    initial.set(part, offset);
    offset += part.length;
  }
  const store = createParameterStore(tf, spec, initial);
  const vars = store.variables;
  const mlpVars = numItems > 0 ? vars.slice(0, -1) : vars;
  const itemBias = numItems > 0 ? (vars[vars.length - 1] as Tensor1D) : null;
  let catalog: { tensor: Tensor2D; size: number } | null = null;

  const count = (data: RankingExamples) => countRankingExamples(data, dim, catalog?.size ?? 0, numItems);
  const logits = (data: RankingExamples, n: number, dropout: DropoutSpec | null): Tensor2D => {
    const q = tf.tensor2d(data.q, [n, dim]);
    const d = data.d ? tf.tensor2d(data.d, [n, dim]) : tf.gather(catalog!.tensor, tf.tensor1d(data.items!, "int32"));
    const features = tf.concat([q, d, tf.mul(q, d), tf.abs(tf.sub(q, d))], 1) as Tensor2D;
    const pre = tf.add(matMulConstantInput(tf, features, mlpVars[0] as Tensor2D), mlpVars[1]!) as Tensor2D;
    const z = mlpTail(tf, mlpVars, pre, dropout);
    return itemBias ? tf.add(z, tf.reshape(tf.gather(itemBias, tf.tensor1d(data.items!, "int32")), [n, 1])) : z;
  };
  const predict = (data: RankingExamples): Float32Array => {
    const n = count(data);
    if (n === 0) return new Float32Array(0);
    return (tf.tidy(() => tf.sigmoid(logits(data, n, null)).dataSync()) as Float32Array).slice();
  };
  const evaluate = (data: RankingExamples): Evaluation => {
    const p = predict(data);
    const result: Evaluation = { loss: logLoss(data.y, p, data.weights), accuracy: accuracy(data.y, p, { weights: data.weights }) };
    const a = auc(data.y, p, data.weights);
    if (a !== null) result.auc = a;
    return result;
  };

  const scoreItems = (query: Float32Array, items?: Int32Array): Float32Array => {
    if (query.length !== dim) throw new TributaryError(ErrorCode.LengthMismatch, `query vector has ${query.length} values, the head takes ${dim}`);
    if (!catalog) throw new TributaryError(ErrorCode.BadRequest, "scoreItems needs a catalog (setCatalog)");
    const { tensor, size } = catalog;
    if (items) {
      for (const i of items) if (!(i >= 0 && i < size)) throw new TributaryError(ErrorCode.BadRequest, `item index ${i} is outside the catalog [0, ${size})`);
    }
    const out = tf.tidy(() => {
      const index = items ? tf.tensor1d(items, "int32") : null;
      const d = index ? tf.gather(tensor, index) : tensor;
      const q = tf.tensor2d(query, [1, dim]);
      const w0 = mlpVars[0] as Tensor2D;
      const h = w0.shape[1];
      const [wq, wd, wqd, wabs] = [0, 1, 2, 3].map((k) => tf.slice(w0, [k * dim, 0], [dim, h]) as Tensor2D) as [Tensor2D, Tensor2D, Tensor2D, Tensor2D];
      // (q⊙d)·W_qd = d·(diag(q)·W_qd), so d's two linear terms share one product.
      const wItem = tf.add(wd, tf.mul(tf.reshape(q, [dim, 1]), wqd)) as Tensor2D;
      const queryTerm = tf.add(tf.matMul(q, wq), mlpVars[1]!);
      const pre = tf.add(tf.add(tf.matMul(d, wItem), tf.matMul(tf.abs(tf.sub(d, q)), wabs)), queryTerm) as Tensor2D;
      let z = tf.reshape(mlpTail(tf, mlpVars, pre, null), [-1]);
      if (itemBias) z = tf.add(z, index ? tf.gather(itemBias, index) : itemBias);
      return tf.sigmoid(z).dataSync() as Float32Array;
    });
    return out.slice();
  };

  return {
    spec,
    dim,
    numItems,
    get catalogSize() {
      return catalog?.size ?? 0;
    },
    getParams: () => store.read(),
    setParams: (values) => store.write(values),
    setCatalog(vectors) {
      if (vectors.length % dim !== 0) throw new TributaryError(ErrorCode.LengthMismatch, `catalog has ${vectors.length} values, not a multiple of dim ${dim}`);
      const size = vectors.length / dim;
      if (numItems > 0 && size !== numItems) throw new TributaryError(ErrorCode.LengthMismatch, `catalog has ${size} items, the head learns biases for ${numItems}`);
      catalog?.tensor.dispose();
      catalog = { tensor: tf.tensor2d(vectors, [size, dim]), size };
    },
    predict,
    scoreItems,
    evaluate,
    dispose() {
      catalog?.tensor.dispose();
      catalog = null;
      store.dispose();
    },
    training: {
      tf: tf as Tf,
      variables: vars,
      // Kernels and item biases are decayed (the latter keeps rarely seen items near 0); layer biases are not.
      decayed: vars.map((_, i) => i === vars.length - 1 && numItems > 0 ? true : i % 2 === 0),
      count,
      select: selectRankingExamples,
      loss: (batch, dropout) => weightedCrossEntropy(tf, logits(batch, batch.y.length, dropout), batch.y, batch.weights),
    },
  };
}
