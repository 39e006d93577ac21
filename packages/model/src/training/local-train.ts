import { ErrorCode, TributaryError } from "@tributary/protocol";
import type { Scalar, Tensor } from "../backends/tfjs.js";
import { createAdam } from "./adam.js";
import { createSeededRandom, shuffledIndices } from "./seeded-random.js";
import type { Evaluation, Trainable } from "./trainable-model.js";

/** One local training run's settings (typically the round's config). */
export interface TrainConfig {
  /** Passes over the training examples (an integer ≥ 0). */
  epochs: number;
  /** Adam's initial step size (> 0). */
  learningRate: number;
  /** Examples per step; default 32. */
  batchSize?: number;
  /** Seeds shuffling, the validation split and dropout masks. */
  seed: number;
  /** L2 coefficient λ: adds λ/2·Σ‖W‖² over kernels and embeddings (not biases); default 0. */
  l2?: number;
  /** Dropout rate on hidden activations, in [0, 1); default 0. */
  dropout?: number;
  /** FedProx coefficient μ (Li et al., 2020): adds μ/2·‖θ − θ_base‖²; default 0. */
  proxMu?: number;
  /** Share of examples held out for validation, in [0, 1); default 0. */
  validationSplit?: number;
  /**
   * Stop after this many epochs without a lower validation loss and restore
   * the best epoch's θ. Needs validationSplit > 0; ignored otherwise.
   */
  earlyStoppingPatience?: number;
  /** Step decay: the learning rate is multiplied by `factor` every `every` epochs. */
  lrDecay?: { every: number; factor: number };
}

/** The outcome of {@link localTrain}. */
export interface LocalTrainResult {
  /** θ after training (spec order). */
  params: Float32Array;
  /** params − base, elementwise. */
  delta: Float32Array;
  /** Examples trained on (validation examples excluded); the FedAvg weight. */
  numExamples: number;
  /**
   * `loss` / `accuracy` / `auc` on the training examples after training,
   * `initialLoss` there at θ_base, `valLoss` / `valAccuracy` / `valAuc` on the
   * held-out split, `epochs` run, `steps` taken.
   */
  metrics: Record<string, number>;
}

/**
 * Sets θ = base, trains on `data` with Adam (weighted cross-entropy + L2 +
 * FedProx term, step decay, dropout, early stopping), and returns the new θ and
 * its delta. The model keeps the trained θ. Deterministic: the same model
 * layout, base, data and config give bit-identical params on the same backend.
 * With no training examples it returns base and a zero delta.
 * @throws TributaryError LENGTH_MISMATCH / NON_FINITE on a bad base, LENGTH_MISMATCH on inconsistent examples, BAD_REQUEST on a bad config
 */
export async function localTrain<E>(model: Trainable<E>, base: Float32Array, data: E, config: TrainConfig): Promise<LocalTrainResult> {
  const { tf, variables, decayed } = model.training;
  const c = checkConfig(config);
  const n = model.training.count(data);
  model.setParams(base);
  const random = createSeededRandom(config.seed);
  const splitRandom = random.fork();
  const shuffleRandom = random.fork();
  const dropoutRandom = random.fork();

  const order = shuffledIndices(n, splitRandom);
  const nVal = c.validationSplit > 0 && n >= 2 ? Math.min(n - 1, Math.max(1, Math.floor(n * c.validationSplit))) : 0;
  const train = model.training.select(data, nVal > 0 ? order.subarray(nVal) : identity(n));
  const validation = nVal > 0 ? model.training.select(data, order.subarray(0, nVal)) : null;
  const nTrain = n - nVal;
  if (nTrain === 0) return { params: base.slice(), delta: new Float32Array(base.length), numExamples: 0, metrics: { epochs: 0, steps: 0 } };

  const metrics: Record<string, number> = { initialLoss: model.evaluate(train).loss };
  const baseTensors = c.proxMu > 0 ? variables.map((v) => tf.tidy(() => tf.add(v, 0))) : [];
  const adam = createAdam(tf, variables);
  let best: { params: Float32Array; loss: number } | null = null;
  let sinceBest = 0;
  let epochs = 0;
  let steps = 0;
  try {
    for (let epoch = 0; epoch < c.epochs; epoch++) {
      const rate = c.learningRate * c.decayFactor ** Math.floor(epoch / c.decayEvery);
      const shuffled = shuffledIndices(nTrain, shuffleRandom);
      for (let start = 0; start < nTrain; start += c.batchSize) {
        const batch = model.training.select(train, shuffled.subarray(start, start + c.batchSize));
        tf.tidy(() => {
          const { grads } = tf.variableGrads(() => {
            let objective: Scalar = model.training.loss(batch, c.dropout > 0 ? { rate: c.dropout, random: dropoutRandom } : null);
            if (c.l2 > 0) {
              const norms = variables.filter((_, i) => decayed[i]).map((v) => tf.sum(tf.square(v)));
              if (norms.length > 0) objective = tf.add(objective, tf.mul(tf.addN(norms), c.l2 / 2));
            }
            if (c.proxMu > 0) {
              const drift = tf.addN(variables.map((v, i) => tf.sum(tf.square(tf.sub(v, baseTensors[i]!)))));
              objective = tf.add(objective, tf.mul(drift, c.proxMu / 2));
            }
            return objective;
          }, [...variables]);
          adam.step(variables.map((v) => grads[v.name] as Tensor), rate);
        });
        steps++;
      }
      epochs++;
      if (validation) {
        const loss = model.evaluate(validation).loss;
        if (!best || loss < best.loss) {
          best = { params: model.getParams(), loss };
          sinceBest = 0;
        } else if (c.patience > 0 && ++sinceBest >= c.patience) {
          break;
        }
      }
    }
  } finally {
    adam.dispose();
    for (const t of baseTensors) t.dispose();
  }
  if (best && c.patience > 0) model.setParams(best.params);

  const params = model.getParams();
  const delta = new Float32Array(params.length);
  for (let i = 0; i < params.length; i++) delta[i] = params[i]! - base[i]!;
  Object.assign(metrics, prefixed("", model.evaluate(train)), { epochs, steps });
  if (validation) Object.assign(metrics, prefixed("val", model.evaluate(validation)));
  return { params, delta, numExamples: nTrain, metrics };
}

function prefixed(prefix: string, e: Evaluation): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(e)) if (v !== undefined) out[prefix ? prefix + k[0]!.toUpperCase() + k.slice(1) : k] = v;
  return out;
}

function identity(n: number): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  return out;
}

function checkConfig(config: TrainConfig) {
  const c = {
    epochs: config.epochs,
    learningRate: config.learningRate,
    batchSize: config.batchSize ?? 32,
    l2: config.l2 ?? 0,
    dropout: config.dropout ?? 0,
    proxMu: config.proxMu ?? 0,
    validationSplit: config.validationSplit ?? 0,
    patience: config.earlyStoppingPatience ?? 0,
    decayEvery: config.lrDecay?.every ?? 1,
    decayFactor: config.lrDecay?.factor ?? 1,
  };
  const bad = (what: string) => new TributaryError(ErrorCode.BadRequest, `train config: ${what}`);
  if (!(Number.isInteger(c.epochs) && c.epochs >= 0)) throw bad(`epochs must be an integer ≥ 0, got ${c.epochs}`);
  if (!(c.learningRate > 0 && Number.isFinite(c.learningRate))) throw bad(`learningRate must be > 0, got ${c.learningRate}`);
  if (!(Number.isInteger(c.batchSize) && c.batchSize >= 1)) throw bad(`batchSize must be an integer ≥ 1, got ${c.batchSize}`);
  if (!(c.l2 >= 0 && c.proxMu >= 0)) throw bad(`l2 and proxMu must be ≥ 0, got ${c.l2} and ${c.proxMu}`);
  if (!(c.dropout >= 0 && c.dropout < 1)) throw bad(`dropout must be in [0, 1), got ${c.dropout}`);
  if (!(c.validationSplit >= 0 && c.validationSplit < 1)) throw bad(`validationSplit must be in [0, 1), got ${c.validationSplit}`);
  if (!(Number.isInteger(c.patience) && c.patience >= 0)) throw bad(`earlyStoppingPatience must be an integer ≥ 0, got ${c.patience}`);
  if (!(Number.isInteger(c.decayEvery) && c.decayEvery >= 1 && c.decayFactor > 0 && c.decayFactor <= 1)) {
    throw bad(`lrDecay needs an integer every ≥ 1 and factor in (0, 1], got ${c.decayEvery} and ${c.decayFactor}`);
  }
  if (!Number.isFinite(config.seed)) throw bad(`seed must be a number, got ${config.seed}`);
  return c;
}
