import { EventEmitter } from "node:events";
import type { CoordinatorEvent, EvaluateEvent, EvaluationInput } from "@tributary/protocol";
import type { ContinualLearner } from "../learning/continual-learner.js";
import type { EdgeLogger } from "../logger.js";
import type { EdgeMetrics } from "../edge-metrics.js";
import type { EdgeStore } from "../store/edge-store.js";
import { ModelSlot } from "../store/model-cache-table.js";
import type { OutboxEntry } from "../store/outbox-table.js";
import type { BackoffPolicy } from "./backoff.js";
import { backoffDelay } from "./backoff.js";
import type { CoordinatorLink, OpenRound, VersionInfo } from "./coordinator-link.js";
import { OutboxSender } from "./outbox-sender.js";

/** What the federation needs from the serving side. */
export interface ModelHost {
  /** The global version served, or null. */
  servedVersion(): number | null;
  /** Publishes a global version (θ complete and checked); resets the local copy. */
  publishGlobal(version: number, params: Float32Array): void;
  /** Publishes the locally adapted copy trained from `version`. */
  publishLocal(version: number, params: Float32Array): void;
  /** The spec hash of the model this edge trains (to refuse a foreign version). */
  readonly specHash: string;
  /** Evaluates θ on local held-out data; null when there is none. */
  evaluate(params: Float32Array): { numExamples: number; metrics: Record<string, number> } | null;
}

/** Options of {@link Federation}. */
export interface FederationOptions {
  readonly link: CoordinatorLink;
  readonly store: EdgeStore;
  readonly learner: ContinualLearner;
  readonly host: ModelHost;
  readonly backoff: BackoffPolicy;
  /** Async mode: new interactions that trigger an update. */
  readonly asyncMinExamples: number;
  /** How often to heartbeat and catch up, ms. */
  readonly heartbeatMs: number;
  readonly log: EdgeLogger;
  readonly metrics: EdgeMetrics;
}

/** Events of {@link Federation}. */
export interface FederationEvents {
  swapped: [version: number];
  /** A delta written to the outbox. */
  trained: [entry: OutboxEntry, trigger: string];
  /** A delta acknowledged by the coordinator. */
  pushed: [entry: OutboxEntry, result: unknown];
  stale: [entry: OutboxEntry];
  /** This edge's federated evaluation of a candidate, as submitted; `decided` when it settled the candidate. */
  evaluated: [report: EvaluationInput & { baselineVersion: number; decided: string | null }];
  /** Registered again after the coordinator forgot this edge's token. */
  reregistered: [edgeId: string];
  connected: [];
  error: [Error];
}

/**
 * The edge's federation loop: connects (retrying with backoff while the
 * coordinator is unreachable; serving goes on from the cached model),
 * follows releases and rollbacks, trains on round announcements (sync) or
 * when enough new data arrived (async), and delivers deltas through the
 * durable outbox. Model work runs one job at a time.
 */
export class Federation extends EventEmitter<FederationEvents> {
  readonly sender: OutboxSender;
  private round: OpenRound | null = null;
  private work: Promise<unknown> = Promise.resolve();
  private unsubscribe: (() => void) | null = null;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private connectAttempts = 0;
  private connectedOnce = false;
  private paused = false;
  private readonly firstConnection: Promise<void>;

  constructor(private readonly options: FederationOptions) {
    super();
    this.firstConnection = new Promise((resolve) => this.once("connected", resolve));
    const { store, link, backoff, log, metrics } = options;
    this.sender = new OutboxSender({ outbox: store.outbox, send: (e) => link.push(e), backoff, log: (l) => log.info(l) });
    this.sender.on("delivered", (entry, result) => {
      metrics.outboxResults.inc({ result: "delivered" });
      metrics.outboxDepth.set(store.outbox.depth());
      log.info({ key: entry.idempotencyKey, roundId: entry.roundId }, "update delivered");
      this.emit("pushed", entry, result);
    });
    this.sender.on("retrying", (entry, delay, error) => {
      metrics.outboxResults.inc({ result: "retry" });
      log.warn({ key: entry.idempotencyKey, delayMs: delay, err: error.message }, "push failed; retrying");
    });
    this.sender.on("refused", (entry, code) => {
      metrics.outboxResults.inc({ result: "refused" });
      metrics.outboxDepth.set(store.outbox.depth());
      log.error({ key: entry.idempotencyKey, code }, "update refused");
      // This edge already answered the round: the entry's data goes into its next update instead.
      if (code === "ALREADY_SUBMITTED") options.learner.rewind(entry);
    });
    this.sender.on("stale", (entry) => {
      metrics.outboxResults.inc({ result: "stale" });
      metrics.outboxDepth.set(store.outbox.depth());
      options.learner.rewind(entry);
      this.emit("stale", entry);
      // Retrain instead of resending: serve today's production first, then train on it for the open round.
      this.catchUp().catch((error: unknown) => log.warn({ err: (error as Error).message }, "catching up after a stale update failed; the heartbeat retries"));
    });
    link.on("reregistered", (edgeId) => {
      log.warn({ edgeId }, "the coordinator no longer knew this edge: registered again");
      this.emit("reregistered", edgeId);
      if (this.connectedOnce && !this.stopped) void this.resubscribe();
    });
  }

  /** The open round as last seen, or null. */
  get currentRound(): OpenRound | null {
    return this.round;
  }

  /** Starts connecting in the background (never throws; failures are retried). */
  start(): void {
    this.sender.kick();
    void this.connect();
  }

  /** Stops timers, the event stream and the outbox (pending entries stay on disk). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.unsubscribe?.();
    await this.sender.stop();
    await this.work.catch(() => undefined);
  }

  /** Resolves once the edge has registered, subscribed and caught up the first time. */
  connected(): Promise<void> {
    return this.firstConnection;
  }

  /** Resolves when queued model work has finished. */
  idle(): Promise<void> {
    return this.work.then(() => undefined);
  }

  /**
   * After new feedback: in async mode, trains once enough new data arrived (or
   * `force`, after a drift); in sync mode, joins the open round it has not
   * answered yet once enough new data arrived.
   */
  maybeTrainAsync(force = false): void {
    const round = this.round;
    if (!round) return;
    if (this.paused) return;
    if (round.config.mode === "async") {
      this.run(() => this.trainAsync(force));
    } else if (this.mayJoin(round) && !this.options.store.outbox.hasRound(round.roundId) && this.options.learner.newCount() >= this.options.asyncMinExamples) {
      this.run(() => this.onRound(this.round));
    }
  }

  private async connect(): Promise<void> {
    const { link, log, metrics } = this.options;
    while (!this.stopped) {
      try {
        await link.register();
        // Checks the stored token first: a coordinator that forgot it is answered by registering again.
        this.paused = (await link.heartbeat()).paused;
        await this.subscribe();
        await this.catchUp();
        metrics.connected.set(1);
        this.connectAttempts = 0;
        if (!this.connectedOnce) log.info({ edgeId: link.edgeId }, "connected to the coordinator");
        this.connectedOnce = true;
        this.emit("connected");
        this.scheduleHeartbeat();
        return;
      } catch (error) {
        metrics.connected.set(0);
        const delay = backoffDelay(this.connectAttempts++, this.options.backoff);
        log.warn({ err: (error as Error).message, delayMs: delay }, "coordinator unreachable; serving from the local model");
        await new Promise<void>((resolve) => {
          this.timer = setTimeout(resolve, delay);
        });
      }
    }
  }

  /** After registering again: a new event stream with the new token, then catch up. */
  private async resubscribe(): Promise<void> {
    try {
      await this.subscribe();
      await this.catchUp();
    } catch (error) {
      this.options.log.warn({ err: (error as Error).message }, "re-subscribing failed; the heartbeat retries");
    }
  }

  private subscribe(): Promise<void> {
    this.unsubscribe?.();
    return new Promise<void>((resolve, reject) => {
      let started = false;
      this.unsubscribe = this.options.link.subscribe({
        onStarted: () => {
          if (!started) resolve();
          started = true;
        },
        onEvent: (event) => this.onEvent(event),
        onError: (error) => {
          if (!started) reject(error instanceof Error ? error : new Error(String(error)));
          else this.options.log.warn({ err: String(error) }, "event stream error");
        },
      });
    });
  }

  /** Brings the served version and the round up to date; kicks the outbox. */
  private async catchUp(): Promise<void> {
    const { link } = this.options;
    const production = await link.production().catch((error: unknown) => {
      if ((error as { data?: { code?: string } }).data?.code === "NOT_FOUND") return null;
      throw error;
    });
    if (production) await this.run(() => this.swapTo(production.version));
    const round = await link.currentRound();
    this.run(() => this.onRound(round));
    this.sender.kick();
  }

  private scheduleHeartbeat(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      void (async () => {
        try {
          const beat = await this.options.link.heartbeat();
          this.options.metrics.connected.set(1);
          const resumed = this.paused && !beat.paused;
          this.paused = beat.paused;
          if (resumed) this.maybeTrainAsync();
          if (beat.productionVersion !== null && beat.productionVersion !== this.options.host.servedVersion()) await this.catchUp();
          else if (beat.openRound !== (this.round?.roundId ?? null)) await this.catchUp();
          else this.sender.kick();
        } catch (error) {
          this.options.metrics.connected.set(0);
          this.options.log.warn({ err: (error as Error).message }, "heartbeat failed");
        }
        this.scheduleHeartbeat();
      })();
    }, this.options.heartbeatMs);
    this.timer.unref();
  }

  private onEvent(event: CoordinatorEvent): void {
    if (event.type === "release" || event.type === "rollback") this.run(() => this.swapTo(event.version));
    else if (event.type === "round-open") this.run(() => this.onRound({ roundId: event.roundId, baseVersion: event.baseVersion, config: event.config }));
    else if (event.type === "evaluate") this.run(() => this.evaluate(event));
  }

  private async swapTo(version: number): Promise<void> {
    const { host, link, store } = this.options;
    if (host.servedVersion() === version) return;
    const params = await this.paramsOf(await link.version(version));
    store.models.save(ModelSlot.global, { version, specHash: host.specHash, params });
    host.publishGlobal(version, params);
    this.emit("swapped", version);
  }

  private async paramsOf(info: VersionInfo): Promise<Float32Array> {
    if (info.specHash !== this.options.host.specHash) throw new Error(`version ${info.version} has spec ${info.specHash.slice(0, 12)}, this edge trains ${this.options.host.specHash.slice(0, 12)}`);
    const cached = this.options.store.models.load(ModelSlot.global);
    if (cached && cached.version === info.version && cached.params.length === info.numParams) return cached.params;
    return this.options.link.pullParams(info);
  }

  private async onRound(round: OpenRound | null): Promise<void> {
    this.round = round;
    if (!round || this.paused) return;
    if (round.config.mode === "async") return this.trainAsync(false);
    if (!this.mayJoin(round) || this.options.store.outbox.hasRound(round.roundId)) return;
    await this.train(round.roundId, round.baseVersion, "round", round.config.localEpochs, round.config.learningRate);
  }

  /** A sync round that samples participants takes updates only from them. */
  private mayJoin(round: OpenRound): boolean {
    const participants = round.config.participants;
    return !participants || (this.options.link.edgeId !== null && participants.includes(this.options.link.edgeId));
  }

  private async trainAsync(force: boolean): Promise<void> {
    const round = this.round;
    const version = this.options.host.servedVersion();
    if (!round || round.config.mode !== "async" || version === null) return;
    if (this.options.store.outbox.depth() > 0) return;
    const fresh = this.options.learner.newCount();
    if (fresh === 0 || (!force && fresh < this.options.asyncMinExamples)) return;
    await this.train(round.roundId, version, force ? "drift" : "data", round.config.localEpochs, round.config.learningRate);
  }

  private async train(roundId: number, baseVersion: number, trigger: string, epochs: number, learningRate: number): Promise<void> {
    const { link, learner, host, metrics, log, store } = this.options;
    // The cached θ of the base version lets the edge train (and queue the delta) while the coordinator is away.
    const cached = store.models.load(ModelSlot.global);
    const base = cached && cached.version === baseVersion ? cached.params : await this.paramsOf(await link.version(baseVersion));
    const trained = await learner.trainDelta({ roundId, baseVersion, specHash: host.specHash, base, epochs, learningRate });
    if (!trained) {
      log.info({ roundId }, "nothing to train on");
      return;
    }
    metrics.trainings.inc({ trigger });
    metrics.localLoss.set(trained.result.metrics.loss ?? 0);
    metrics.outboxDepth.set(store.outbox.depth());
    log.info({ roundId, baseVersion, trigger, examples: trained.result.numExamples, loss: trained.result.metrics.loss }, "delta written to the outbox");
    if (host.servedVersion() === baseVersion) host.publishLocal(baseVersion, trained.result.params);
    this.emit("trained", trained.entry, trigger);
    this.sender.kick();
  }

  /**
   * Federated evaluation: the candidate and its baseline on the same local
   * held-out interactions; the coordinator compares and decides. Nothing is
   * submitted without held-out data or for a foreign spec.
   */
  private async evaluate(event: EvaluateEvent): Promise<void> {
    const { link, host, log } = this.options;
    const [candidate, baseline] = await Promise.all([link.version(event.candidateVersion), link.version(event.baselineVersion)]);
    if (candidate.specHash !== host.specHash || baseline.specHash !== host.specHash) return;
    const [candidateParams, baselineParams] = [await link.pullParams(candidate), await this.paramsOf(baseline)];
    const [mine, base] = [host.evaluate(candidateParams), host.evaluate(baselineParams)];
    if (!mine || !base) {
      log.info({ candidate: event.candidateVersion }, "no held-out data to evaluate on");
      return;
    }
    const report = { candidateVersion: event.candidateVersion, numExamples: mine.numExamples, metrics: mine.metrics, baselineMetrics: base.metrics };
    const decided = await link.submitEvaluation(report);
    log.info({ candidate: event.candidateVersion, baseline: event.baselineVersion, metrics: mine.metrics, baselineMetrics: base.metrics, decided }, "federated evaluation");
    this.emit("evaluated", { ...report, baselineVersion: event.baselineVersion, decided });
  }

  /** Runs `fn` after all queued model work (one job at a time: the trainer is shared). */
  run<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.work.then(fn);
    this.work = run.catch((error: unknown) => {
      const err = error instanceof Error ? error : new Error(String(error));
      this.options.log.error({ err: err.message }, "federation job failed");
      if (this.listenerCount("error") > 0) this.emit("error", err);
    });
    return run;
  }
}
