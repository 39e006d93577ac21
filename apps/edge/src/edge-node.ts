import { EventEmitter } from "node:events";
import { type RankingHead, type TrainConfig, createRankingHead, createSeededRandom } from "@tributary/model";
import type { DtypeName, ParameterSpec } from "@tributary/protocol";
import { Adwin, type AdwinOptions } from "./drift/adwin.js";
import { type DriftAlarm, DriftMonitor } from "./drift/drift-monitor.js";
import { PageHinkley, type PageHinkleyOptions } from "./drift/page-hinkley.js";
import { EdgeError, EdgeErrorCode } from "./edge-error.js";
import { EdgeMetrics } from "./edge-metrics.js";
import { type ContinualLearner as Learner, ContinualLearner, type ReplayConfig } from "./learning/continual-learner.js";
import { InlineTrainer } from "./learning/inline-trainer.js";
import type { LocalTrainer } from "./learning/local-trainer.js";
import { Reservoir } from "./learning/reservoir.js";
import { WorkerTrainer } from "./learning/worker-trainer.js";
import { type EdgeLogger, createEdgeLogger } from "./logger.js";
import { CatalogIndex } from "./serving/catalog-index.js";
import type { EdgeEncoder } from "./serving/edge-encoder.js";
import { type FeedbackResult, FeedbackIngest } from "./serving/feedback-ingest.js";
import { recommendInputSchema, searchInputSchema } from "./serving/feedback-schema.js";
import { evaluateOnInteractions } from "./serving/evaluate-on-interactions.js";
import { type LiveMetricsWindow, LiveMetrics } from "./serving/live-metrics.js";
import { PopularityPrior } from "./serving/popularity-prior.js";
import { RankingScorer } from "./serving/ranking-scorer.js";
import { type RankedList, Recommender } from "./serving/recommender.js";
import type { FusionWeights, ServingSnapshot } from "./serving/serving-snapshot.js";
import { UserVectors } from "./serving/user-vectors.js";
import type { CatalogItem } from "./store/catalog-table.js";
import { EdgeStore } from "./store/edge-store.js";
import { ModelSlot } from "./store/model-cache-table.js";
import type { BackoffPolicy } from "./sync/backoff.js";
import { CoordinatorLink } from "./sync/coordinator-link.js";
import { Federation } from "./sync/federation.js";

/** Everything an edge node is configured with (env.ts maps the environment onto it). */
export interface EdgeNodeOptions {
  readonly coordinatorUrl: string;
  readonly name: string;
  readonly region: string;
  readonly bootstrapSecret: string;
  /** SQLite file of the durable store (":memory:" for a throwaway edge). */
  readonly storePath: string;
  readonly encoder: EdgeEncoder;
  /** Items to add to (or update in) the catalog at start. */
  readonly catalog?: readonly CatalogItem[];
  /** Shape of the ranking head; must give the spec of the coordinator's versions. */
  readonly model: { readonly hidden: number[]; readonly numItems?: number; readonly seed: number };
  readonly fusion: FusionWeights;
  readonly replay: ReplayConfig;
  readonly reservoirCapacity: number;
  readonly negativesPerPositive: number;
  /** Where training runs: "worker" (default; serving keeps its event loop) or "main" (tests, tools). */
  readonly trainIn?: "worker" | "main";
  /** Trainer settings beyond a round's (batch size, l2, dropout). */
  readonly training: Partial<TrainConfig>;
  /** Drift → immediate local update on the last `recent` interactions. */
  readonly localUpdate: { readonly epochs: number; readonly learningRate: number; readonly recent: number };
  readonly drift: { readonly pageHinkley: PageHinkleyOptions; readonly adwin: AdwinOptions };
  readonly asyncMinExamples: number;
  /** Every n-th interaction is held out from training for federated evaluation (0: none); default 10. */
  readonly holdoutEvery?: number;
  /** Live feedback examples per live-metrics report to the coordinator; default 200. */
  readonly liveMetricsEvery?: number;
  readonly backoff: BackoffPolicy;
  readonly heartbeatMs: number;
  readonly candidates: number;
  readonly dtype: DtypeName;
  /** For dtype "topk": elements sent per delta (default 1 % of θ). */
  readonly topK?: number;
  readonly log?: EdgeLogger;
  readonly metrics?: EdgeMetrics;
  /** Seeds sampling (reservoir, negatives, replay); default from the clock. */
  readonly seed?: number;
}

/** A local update published on top of the served version (after a drift alarm). */
export interface LocalUpdate {
  readonly trigger: "drift";
  readonly version: number;
  readonly localRevision: number;
  /** Composition of its training set: recent interactions and replayed ones. */
  readonly numNew: number;
  readonly numReplay: number;
}

/** Events of {@link EdgeNode}. */
export interface EdgeNodeEvents {
  drift: [alarm: DriftAlarm];
  /** A drift alarm recorded by the coordinator (its report id). */
  driftReported: [alarm: DriftAlarm, reportId: number];
  adapted: [update: LocalUpdate];
  swapped: [version: number];
  /** Live metrics of one version reported; `rolledBackTo` when the coordinator rolled back on them. */
  liveMetrics: [window: LiveMetricsWindow, rolledBackTo: number | null];
}

/**
 * One running edge: the durable store, the catalog index, serving with model
 * fusion and atomic hot swap, feedback ingest, drift detection and the
 * continual-learning federation loop. Serves from the cached model while the
 * coordinator is away. Emits {@link EdgeNodeEvents}.
 */
export class EdgeNode extends EventEmitter<EdgeNodeEvents> {
  readonly metrics: EdgeMetrics;
  readonly log: EdgeLogger;
  private snapshotId = 0;
  private localRevision = 0;

  private constructor(
    readonly options: EdgeNodeOptions,
    readonly store: EdgeStore,
    readonly index: CatalogIndex,
    readonly recommender: Recommender,
    readonly ingest: FeedbackIngest,
    readonly learner: Learner,
    readonly federation: Federation,
    private readonly trainer: RankingHead,
    private readonly localTrainer: LocalTrainer,
    private readonly liveMetrics: LiveMetrics,
    private readonly link: CoordinatorLink,
    metrics: EdgeMetrics,
    log: EdgeLogger,
  ) {
    super();
    this.metrics = metrics;
    this.log = log;
  }

  /**
   * Opens the store, embeds catalog items that lack a cached embedding, serves
   * the cached model if there is one, and starts connecting to the coordinator
   * in the background (resolves without waiting for it).
   * @throws Error when the store cannot be opened, the catalog is empty, or the encoder fails
   */
  static async start(options: EdgeNodeOptions): Promise<EdgeNode> {
    const log = options.log ?? createEdgeLogger("info", options.name);
    const metrics = options.metrics ?? new EdgeMetrics();
    const store = EdgeStore.open(options.storePath);
    try {
      if (options.catalog) store.catalog.upsert(options.catalog);
      await embedCatalog(store, options.encoder);
      const { ids, vectors } = store.catalog.loadEmbedded(options.encoder.id, options.encoder.dimension);
      if (ids.length === 0) throw new Error("the catalog is empty: give the edge items to serve");
      const dim = options.encoder.dimension;
      const index = new CatalogIndex(ids, vectors, dim);
      const random = createSeededRandom(options.seed ?? Date.now());
      const next = () => random.next();
      const headOptions = { dim, hidden: options.model.hidden, numItems: options.model.numItems ?? 0, seed: options.model.seed };
      const trainer = await createRankingHead(headOptions);
      trainer.setCatalog(index.vectors);
      const localTrainer = options.trainIn === "main" ? new InlineTrainer(trainer) : new WorkerTrainer({ head: headOptions, catalog: index.vectors });
      const users = new UserVectors(store.users);
      const popularity = new PopularityPrior(index.size, store.interactions.positiveCounts());
      const recommender = new Recommender({ index, encoder: options.encoder, users, popularity, weights: options.fusion, candidates: options.candidates });
      const driftMonitor = new DriftMonitor([
        { detector: new PageHinkley(options.drift.pageHinkley), input: "loss" },
        { detector: new Adwin(options.drift.adwin), input: "error" },
      ]);
      const reservoir = new Reservoir(options.reservoirCapacity, store.getMeta<number>("replay.seen") ?? 0);
      const liveMetrics = new LiveMetrics(options.liveMetricsEvery ?? 200);
      const ingest = new FeedbackIngest({ store, index, recommender, users, popularity, reservoir, drift: driftMonitor, liveMetrics, negativesPerPositive: options.negativesPerPositive, random: next });
      const learner = new ContinualLearner({ store, trainer: localTrainer, dim, holdoutEvery: options.holdoutEvery ?? 10, replay: options.replay, training: options.training, dtype: options.dtype, topK: options.topK, random: next });
      const link = new CoordinatorLink({ coordinatorUrl: options.coordinatorUrl, name: options.name, region: options.region, bootstrapSecret: options.bootstrapSecret, store });
      // The federation calls back into the node; the node is created right below.
      let node: EdgeNode | null = null;
      const federation = new Federation({
        link,
        store,
        learner,
        backoff: options.backoff,
        asyncMinExamples: options.asyncMinExamples,
        heartbeatMs: options.heartbeatMs,
        log,
        metrics,
        host: {
          specHash: trainer.spec.hash,
          servedVersion: () => recommender.snapshot?.version ?? null,
          publishGlobal: (version, params) => node!.publish(version, params, null),
          publishLocal: (version, params) => node!.publish(version, recommender.snapshot!.global, params),
          evaluate: (params) => evaluateOnInteractions(new RankingScorer(trainer.spec, params, index.vectors, dim), learner.heldOut(1000)),
        },
      });
      node = new EdgeNode(options, store, index, recommender, ingest, learner, federation, trainer, localTrainer, liveMetrics, link, metrics, log);
      node.restoreFromCache();
      driftMonitor.on("drift", (alarm) => node!.onDrift(alarm));
      federation.on("swapped", (v) => node!.emit("swapped", v));
      metrics.outboxDepth.set(store.outbox.depth());
      federation.start();
      return node;
    } catch (error) {
      store.close();
      throw error;
    }
  }

  /** The global version served, or null before any. */
  get version(): number | null {
    return this.recommender.snapshot?.version ?? null;
  }

  /** The parameter spec of the ranking head this edge serves and trains. */
  get modelSpec(): ParameterSpec {
    return this.trainer.spec;
  }

  /** The coordinator's id for this edge, or null before registration. */
  get edgeId(): string | null {
    return this.link.edgeId;
  }

  /** Search: `{ query, k }`. @throws EdgeError BAD_REQUEST on bad input, NO_MODEL before the first model */
  async search(input: unknown): Promise<RankedList> {
    const parsed = searchInputSchema.safeParse(input);
    if (!parsed.success) throw badRequest(parsed.error.issues);
    return this.guard(() => this.recommender.search(parsed.data.query, parsed.data.k));
  }

  /** Recommendation: `{ userId, k }`. @throws EdgeError BAD_REQUEST on bad input, NO_MODEL before the first model */
  async recommend(input: unknown): Promise<RankedList> {
    const parsed = recommendInputSchema.safeParse(input);
    if (!parsed.success) throw badRequest(parsed.error.issues);
    return this.guard(async () => this.recommender.recommend(parsed.data.userId, parsed.data.k));
  }

  /** Feedback: `{ events: [...] }`, stored all or nothing. @throws EdgeError BAD_FEEDBACK | UNKNOWN_ITEM */
  async feedback(input: unknown): Promise<FeedbackResult> {
    const result = await this.ingest.ingest(input);
    this.metrics.feedback.inc({ kind: "all" }, result.stored);
    this.reportLiveMetrics();
    this.federation.maybeTrainAsync();
    return result;
  }

  /** Stops the federation loop and closes the store (pending deltas stay in the outbox). */
  async stop(): Promise<void> {
    await this.federation.stop();
    await this.localTrainer.dispose();
    this.trainer.dispose();
    this.store.close();
  }

  /** Builds a complete snapshot, then publishes it with one assignment. */
  private publish(version: number, global: Float32Array | RankingScorer, local: Float32Array | null): void {
    const { index } = this;
    const dim = index.dim;
    const globalScorer = global instanceof RankingScorer ? global : new RankingScorer(this.trainer.spec, global, index.vectors, dim);
    const localScorer = local ? new RankingScorer(this.trainer.spec, local, index.vectors, dim) : null;
    this.localRevision = local ? this.localRevision + 1 : 0;
    const snapshot: ServingSnapshot = Object.freeze({ id: ++this.snapshotId, version, localRevision: this.localRevision, global: globalScorer, local: localScorer });
    this.recommender.publish(snapshot);
    if (local) this.store.models.save(ModelSlot.local, { version, specHash: this.trainer.spec.hash, params: local });
    this.metrics.modelVersion.set(version);
    this.metrics.localRevision.set(this.localRevision);
    this.log.info({ version, localRevision: this.localRevision }, "serving");
  }

  private restoreFromCache(): void {
    const global = this.store.models.load(ModelSlot.global);
    if (!global || global.specHash !== this.trainer.spec.hash) return;
    const local = this.store.models.load(ModelSlot.local);
    this.publish(global.version, global.params, local && local.version === global.version && local.specHash === global.specHash ? local.params : null);
  }

  private onDrift(alarm: DriftAlarm): void {
    this.metrics.drift.inc({ detector: alarm.detector });
    this.log.warn(alarm, "drift detected");
    this.learner.shiftMixForDrift();
    this.emit("drift", alarm);
    const snapshot = this.recommender.snapshot;
    const report = { detector: alarm.detector, statistic: alarm.statistic, threshold: alarm.threshold, version: snapshot?.version ?? null, at: alarm.at, details: { observation: alarm.observation } };
    void this.link.reportDrift(report).then(
      (id) => this.emit("driftReported", alarm, id),
      (error: unknown) => this.log.warn({ err: (error as Error).message }, "drift report failed"),
    );
    if (!snapshot) return;
    const { epochs, learningRate, recent } = this.options.localUpdate;
    void this.federation.run(async () => {
      const base = this.store.models.load(ModelSlot.global);
      if (!base || base.version !== snapshot.version) return;
      const trained = await this.learner.trainLocal(base.params, recent, epochs, learningRate);
      if (!trained || this.recommender.snapshot?.version !== snapshot.version) return;
      this.metrics.trainings.inc({ trigger: "drift" });
      this.publish(snapshot.version, this.recommender.snapshot.global, trained.result.params);
      this.emit("adapted", { trigger: "drift", version: snapshot.version, localRevision: this.localRevision, numNew: trained.numNew, numReplay: trained.numReplay });
      this.federation.maybeTrainAsync(true);
    }).catch((error: unknown) => this.log.error({ err: (error as Error).message }, "drift update failed"));
  }

  /** Reports the closed live-metrics windows; the coordinator may roll back on them. */
  private reportLiveMetrics(): void {
    for (const window of this.liveMetrics.take()) {
      this.metrics.liveLoss.set(window.metrics.loss);
      void this.link.reportMetrics(window).then(
        (rolledBackTo) => {
          if (rolledBackTo !== null) this.log.warn({ version: window.version, rolledBackTo }, "the coordinator rolled back on this edge's live metrics");
          this.emit("liveMetrics", window, rolledBackTo);
        },
        (error: unknown) => this.log.warn({ err: (error as Error).message }, "live metrics report failed"),
      );
    }
  }

  private async guard<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      if ((error as { code?: string }).code === "NO_MODEL") throw new EdgeError(EdgeErrorCode.NoModel, "no model loaded yet: the edge has not reached the coordinator", [], { cause: error });
      throw error;
    }
  }
}

function badRequest(issues: readonly { path: PropertyKey[]; message: string }[]): EdgeError {
  const list = issues.map((i) => ({ path: i.path.map((p) => (typeof p === "symbol" ? String(p) : p)), message: i.message }));
  return new EdgeError(EdgeErrorCode.BadRequest, list.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; "), list);
}

async function embedCatalog(store: EdgeStore, encoder: EdgeEncoder): Promise<void> {
  for (;;) {
    const batch = store.catalog.missingEmbeddings(encoder.id, 256);
    if (batch.length === 0) return;
    const vectors = await encoder.encode(batch.map((b) => b.text));
    store.catalog.setEmbeddings(encoder.id, batch.map((b, i) => ({ idx: b.idx, vector: vectors[i]! })));
  }
}
