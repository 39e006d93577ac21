import { createParameterSpec, ErrorCode, TributaryError } from "@tributary/protocol";
import { loadTf, type Tensor2D, type Tf } from "../backends/tfjs.js";
import { accuracy, auc, logLoss } from "../metrics/classification-metrics.js";
import { checkLabels, countExamples, selectExamples, type Examples } from "../training/examples.js";
import { createSeededRandom } from "../training/seeded-random.js";
import type { Evaluation, TrainableModel } from "../training/trainable-model.js";
import { matMulConstantInput, mlpInitialValues, mlpShapes, mlpTail, type DropoutSpec } from "./mlp.js";
import { createParameterStore } from "./parameter-store.js";
import { weightedCrossEntropy } from "./weighted-cross-entropy.js";

/** Options for {@link createClassificationHead}. */
export interface ClassificationHeadOptions {
  /** Feature dimension (e.g. the encoder's output dimension). */
  inputDim: number;
  /** ≥ 2; 2 gives one sigmoid output trained with binary cross-entropy, more a softmax. */
  numClasses: number;
  /** Hidden ReLU layer widths; default [] (a linear model: logistic / softmax regression). */
  hidden?: number[];
  /** Seeds the Glorot-uniform initialisation. */
  seed: number;
}

/**
 * A classification head: features → MLP → class probabilities. θ's layout is
 * `classification/dense{i}/{kernel,bias}` per layer, kernels [in, out].
 * @throws RangeError on a non-positive inputDim, numClasses < 2 or a non-positive hidden width
 */
export async function createClassificationHead(options: ClassificationHeadOptions): Promise<TrainableModel> {
  const { inputDim, numClasses, hidden = [], seed } = options;
  if (!(Number.isInteger(inputDim) && inputDim > 0)) throw new RangeError(`inputDim must be a positive integer, got ${inputDim}`);
  if (!(Number.isInteger(numClasses) && numClasses >= 2)) throw new RangeError(`numClasses must be an integer ≥ 2, got ${numClasses}`);
  if (hidden.some((h) => !(Number.isInteger(h) && h > 0))) throw new RangeError(`hidden widths must be positive integers, got [${hidden.join(", ")}]`);
  const tf = await loadTf();
  const outputs = numClasses === 2 ? 1 : numClasses;
  const widths = [inputDim, ...hidden, outputs];
  const spec = createParameterSpec(mlpShapes("classification", widths));
  const initial = new Float32Array(spec.length);
  let offset = 0;
  for (const part of mlpInitialValues(widths, createSeededRandom(seed))) {
    initial.set(part, offset);
    offset += part.length;
  }
  const store = createParameterStore(tf, spec, initial);
  const vars = store.variables;

  const logits = (x: Float32Array, n: number, dropout: DropoutSpec | null): Tensor2D => {
    const pre = tf.add(matMulConstantInput(tf, tf.tensor2d(x, [n, inputDim]), vars[0] as Tensor2D), vars[1]!) as Tensor2D;
    return mlpTail(tf, vars, pre, dropout);
  };
  const predict = (x: Float32Array, dim: number): Float32Array => {
    if (dim !== inputDim || x.length % dim !== 0) {
      throw new TributaryError(ErrorCode.LengthMismatch, `predict got dim ${dim} and ${x.length} values, the model takes dim ${inputDim}`);
    }
    const n = x.length / dim;
    if (n === 0) return new Float32Array(0);
    return tf.tidy(() => {
      const z = logits(x, n, null);
      return (outputs === 1 ? tf.sigmoid(z) : tf.softmax(z)).dataSync() as Float32Array;
    }).slice();
  };
  const count = (data: Examples): number => {
    const n = countExamples(data, inputDim);
    checkLabels(data.y, numClasses);
    return n;
  };
  const evaluate = (data: Examples): Evaluation => {
    count(data);
    const p = predict(data.x, data.dim);
    const result: Evaluation = { loss: logLoss(data.y, p, data.weights), accuracy: accuracy(data.y, p, { weights: data.weights }) };
    if (outputs === 1) {
      const a = auc(data.y, p, data.weights);
      if (a !== null) result.auc = a;
    }
    return result;
  };
  return {
    spec,
    numClasses,
    inputDim,
    getParams: () => store.read(),
    setParams: (values) => store.write(values),
    predict,
    evaluate,
    dispose: () => store.dispose(),
    training: {
      tf: tf as Tf,
      variables: vars,
      decayed: vars.map((_, i) => i % 2 === 0),
      count,
      select: selectExamples,
      loss: (batch, dropout) => weightedCrossEntropy(tf, logits(batch.x, batch.y.length, dropout), batch.y, batch.weights),
    },
  };
}
