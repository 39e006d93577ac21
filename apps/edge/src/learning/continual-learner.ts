import { randomUUID } from "node:crypto";
import type { LocalTrainResult, RankingExamples, TrainConfig } from "@tributary/model";
import { type DtypeName, ErrorFeedback, encodeVector } from "@tributary/protocol";
import type { EdgeStore } from "../store/edge-store.js";
import type { Interaction } from "../store/interaction-table.js";
import { ModelSlot } from "../store/model-cache-table.js";
import type { OutboxEntry } from "../store/outbox-table.js";
import type { LocalTrainer } from "./local-trainer.js";
import { type ReplayPolicyName, sampleReplay } from "./replay-sampler.js";

/** The new-versus-replay mix and how drift shifts it. */
export interface ReplayConfig {
  readonly policy: ReplayPolicyName;
  /** Share of replayed examples in a training set, in [0, 1). */
  readonly ratio: number;
  /** The share used for `driftBoostRuns` trainings after a drift alarm (lower: favour the new concept). */
  readonly driftRatio: number;
  readonly driftBoostRuns: number;
  /** For the recency policy. */
  readonly halfLifeMs: number;
}

/** Options of {@link ContinualLearner}. */
export interface ContinualLearnerOptions {
  readonly store: EdgeStore;
  /** Runs training jobs of a ranking head whose catalog is the serving catalog (on a worker thread in production). */
  readonly trainer: LocalTrainer;
  readonly dim: number;
  readonly replay: ReplayConfig;
  /** Settings beyond what a round prescribes (batch size, l2, dropout, seed). */
  readonly training: Partial<TrainConfig>;
  /**
   * Every `holdoutEvery`-th interaction (by id) is never trained on: the edge's
   * held-out data for federated evaluation. 0: nothing is held out.
   */
  readonly holdoutEvery: number;
  /**
   * Wire dtype of deltas; default f32. The lossy ones (f16, i8, topk) keep what
   * they drop as an error-feedback residual in the store and add it to the next delta.
   */
  readonly dtype?: DtypeName;
  /** For dtype "topk": elements sent per delta (default 1 % of θ). */
  readonly topK?: number;
  readonly random: () => number;
}

/** A training set with its composition. */
export interface TrainingSet {
  readonly examples: RankingExamples;
  readonly numNew: number;
  readonly numReplay: number;
}

const CURSOR_KEY = "learner.cursor";

/**
 * The continual loop's learner: trains from a global version on the
 * interactions since the last update plus a replay sample of history (the
 * seed's loss over historical + new data), writes the delta to the outbox and
 * advances its cursor in the same transaction, and rewinds when a delta comes
 * back stale so its data is retrained, never lost.
 */
export class ContinualLearner {
  private boostLeft = 0;

  constructor(private readonly options: ContinualLearnerOptions) {}

  /** Last interaction id included in an update (0 before the first). */
  get cursor(): number {
    return this.options.store.getMeta<number>(CURSOR_KEY) ?? 0;
  }

  /** Interactions not yet in any update. */
  newCount(): number {
    return this.options.store.interactions.countAfter(this.cursor);
  }

  /** The replay share the next training uses. */
  get replayRatio(): number {
    return this.boostLeft > 0 ? this.options.replay.driftRatio : this.options.replay.ratio;
  }

  /** After a drift alarm: the next `driftBoostRuns` trainings use the drift mix. */
  shiftMixForDrift(): void {
    this.boostLeft = this.options.replay.driftBoostRuns;
  }

  /** New interactions in (from, to] plus a replay sample sized by the current mix; null when empty. */
  buildTrainingSet(from: number, to: number): TrainingSet | null {
    const { store, replay, random, dim } = this.options;
    const fresh = store.interactions.range(from, to).filter((i) => !this.isHeldOut(i.id));
    const ratio = Math.min(0.95, Math.max(0, this.replayRatio));
    const wanted = fresh.length === 0 ? 256 : Math.round((fresh.length * ratio) / (1 - ratio));
    const freshIds = new Set(fresh.map((i) => i.id));
    const pool = store.replay.all().filter((s) => !freshIds.has(s.interactionId) && !this.isHeldOut(s.interactionId));
    const slots = sampleReplay(pool, wanted, { policy: replay.policy, random, halfLifeMs: replay.halfLifeMs });
    const replayed = store.interactions.byIds(slots.map((s) => s.interactionId));
    const all: Interaction[] = [...fresh, ...replayed];
    if (all.length === 0) return null;
    const q = new Float32Array(all.length * dim);
    const items = new Int32Array(all.length);
    const y = new Float32Array(all.length);
    all.forEach((it, i) => {
      q.set(it.q, i * dim);
      items[i] = it.itemIdx;
      y[i] = it.label;
    });
    return { examples: { q, dim, items, y }, numNew: fresh.length, numReplay: replayed.length };
  }

  /**
   * Trains from `base` on everything new since the cursor (plus replay) and
   * writes the delta to the outbox with a fresh idempotency key, advancing
   * the cursor in the same transaction.
   * @returns the outbox entry, or null when there was nothing to train on
   */
  async trainDelta(job: { roundId: number; baseVersion: number; specHash: string; base: Float32Array; epochs: number; learningRate: number }): Promise<{ entry: OutboxEntry; result: LocalTrainResult } | null> {
    const { store } = this.options;
    const from = this.cursor;
    const to = store.interactions.maxId();
    const set = this.buildTrainingSet(from, to);
    if (!set) return null;
    const result = await this.train(job.base, set, job.epochs, job.learningRate);
    if (result.numExamples === 0) return null;
    const dtype = this.options.dtype ?? "f32";
    const header = { kind: "delta", specHash: job.specHash, baseVersion: job.baseVersion, dtype, topK: this.options.topK } as const;
    const feedback = dtype === "f32" ? null : this.errorFeedback(job.specHash, result.delta.length);
    const before = feedback?.residual ?? null;
    const body = feedback ? feedback.encode(result.delta, header) : encodeVector(result.delta, header);
    const metrics = { ...finite(result.metrics), numNew: set.numNew, numReplay: set.numReplay };
    const entry = store.transaction(() => {
      const added = store.outbox.add({ idempotencyKey: `u-${randomUUID()}`, roundId: job.roundId, baseVersion: job.baseVersion, numExamples: result.numExamples, metrics, body, dataFrom: from, dataTo: to });
      store.setMeta(CURSOR_KEY, Math.max(this.cursor, to));
      if (feedback && before) {
        // The residual moves with the entry, in the same transaction: a crash leaves both or neither.
        store.models.save(ModelSlot.residualBefore, { version: added.id, specHash: job.specHash, params: before });
        store.models.save(ModelSlot.residual, { version: added.id, specHash: job.specHash, params: feedback.residual });
      }
      return added;
    });
    return { entry, result };
  }

  /** A local update (no push): trains from `base` on the recent interactions (the last `recent`) plus replay. */
  async trainLocal(base: Float32Array, recent: number, epochs: number, learningRate: number): Promise<{ result: LocalTrainResult; numNew: number; numReplay: number } | null> {
    const to = this.options.store.interactions.maxId();
    const set = this.buildTrainingSet(Math.max(0, to - recent), to);
    return set ? { result: await this.train(base, set, epochs, learningRate), numNew: set.numNew, numReplay: set.numReplay } : null;
  }

  /** Whether interaction `id` is held out from training. */
  isHeldOut(id: number): boolean {
    const every = this.options.holdoutEvery;
    return every > 0 && id % every === 0;
  }

  /**
   * The newest `limit` held-out interactions (with no holdout: the newest
   * interactions, which training has seen), for federated evaluation.
   */
  heldOut(limit: number): Interaction[] {
    const { store, holdoutEvery } = this.options;
    return holdoutEvery > 0 ? store.interactions.heldOut(holdoutEvery, limit) : store.interactions.range(Math.max(0, store.interactions.maxId() - limit));
  }

  /** A delta came back stale: its interactions go into the next update. */
  rewind(entry: OutboxEntry): void {
    const { store } = this.options;
    store.transaction(() => {
      store.setMeta(CURSOR_KEY, Math.min(this.cursor, entry.dataFrom));
      // Its data is retrained, so what it carried of the residual must be carried again. Only the
      // newest entry's share is known; an older one's stays folded into the residual.
      const before = store.models.load(ModelSlot.residualBefore);
      if (before && before.version === entry.id) store.models.save(ModelSlot.residual, before);
    });
  }

  /** The error-feedback residual of a lossy delta codec (θ-sized), zeros when none is stored. */
  residual(specHash: string, length: number): Float32Array {
    return this.errorFeedback(specHash, length).residual;
  }

  private errorFeedback(specHash: string, length: number): ErrorFeedback {
    const saved = this.options.store.models.load(ModelSlot.residual);
    // A residual of another model (spec changed) means nothing for this one.
    return new ErrorFeedback(length, saved && saved.specHash === specHash && saved.params.length === length ? saved.params : undefined);
  }

  private async train(base: Float32Array, set: TrainingSet, epochs: number, learningRate: number): Promise<LocalTrainResult> {
    if (this.boostLeft > 0) this.boostLeft--;
    const seed = Math.floor(this.options.random() * 2 ** 31);
    return this.options.trainer.train(base, set.examples, { batchSize: 32, ...this.options.training, seed: this.options.training.seed ?? seed, epochs, learningRate });
  }
}

function finite(metrics: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(metrics).filter(([, v]) => Number.isFinite(v)));
}
