import { randomUUID } from "node:crypto";
import { EventEmitter } from "node:events";
import { TRPCClientError } from "@trpc/client";
import { localTrain, type Examples, type TrainConfig, type Trainable } from "@tributary/model";
import { type CoordinatorEvent, type DtypeName, ErrorFeedback, type RoundEvent, decodeVector, encodeVector } from "@tributary/protocol";
import { type CoordinatorClient, createCoordinatorClient } from "./coordinator-client.js";

/** Where an edge's training examples come from. */
export interface LocalData<E = Examples> {
  /** The examples to train on in the next round (new interactions plus replay). */
  trainingExamples(): E;
}

/** Options of {@link EdgeAgent}; `E` is the model's example type (classification or ranking). */
export interface EdgeAgentOptions<E = Examples> {
  /** Coordinator base URL, e.g. http://127.0.0.1:4100. */
  readonly coordinatorUrl: string;
  readonly name: string;
  readonly region: string;
  readonly bootstrapSecret: string;
  /** Builds one model instance; the agent keeps two: one serving, one training. */
  readonly createModel: () => Promise<Trainable<E>>;
  readonly data: LocalData<E>;
  /** Training settings beyond what the round prescribes (seed, batch size, l2, …). */
  readonly training?: Partial<TrainConfig>;
  /**
   * Wire encoding of pushed deltas (default "f32", exact). Lossy codecs ("f16", "i8", "topk")
   * keep what they drop as a residual that is added to the next delta (error feedback).
   */
  readonly dtype?: DtypeName;
  /** Attempts per push when the coordinator cannot be reached (default 5); the idempotency key makes retries safe. */
  readonly pushAttempts?: number;
  readonly log?: (line: string) => void;
}

/** What the agent reports after each push. */
export interface PushedEvent {
  readonly roundId: number;
  readonly baseVersion: number;
  /** The locally trained parameters θ_local whose delta was pushed. */
  readonly params: Float32Array;
  readonly numExamples: number;
  readonly metrics: Record<string, number>;
  readonly newVersion: number | null;
}

/** A delta trained and encoded by {@link EdgeAgent.trainUpdate}, not yet pushed. */
export interface PendingUpdate {
  readonly baseVersion: number;
  /** The encoded delta (error feedback already applied for lossy codecs). */
  readonly body: Uint8Array;
  readonly idempotencyKey: string;
  readonly params: Float32Array;
  readonly numExamples: number;
  readonly metrics: Record<string, number>;
}

/**
 * An edge agent: registers, serves the production model, and hot-swaps on a
 * release. In sync rounds it trains on its local data when a round opens and
 * pushes the delta. In async (FedBuff) rounds the trigger is the edge's own
 * data: its owner calls {@link trainUpdate} when enough new data arrived and
 * {@link submit} to push it into whichever buffer round is open by then.
 * Emits `swapped` (version), `pushed` ({@link PushedEvent}) and `error` (Error).
 */
export class EdgeAgent<E = Examples> extends EventEmitter<{ swapped: [number]; pushed: [PushedEvent]; error: [Error] }> {
  private client: CoordinatorClient;
  private token: string | null = null;
  private serving: Trainable<E> | null = null;
  private trainer: Trainable<E> | null = null;
  private feedback: ErrorFeedback | null = null;
  private servingVersion: number | null = null;
  private readonly trained = new Set<number>();
  private work: Promise<unknown> = Promise.resolve();
  private subscription: { unsubscribe(): void } | null = null;
  private readonly log: (line: string) => void;
  private edgeIdValue: string | null = null;

  constructor(private readonly options: EdgeAgentOptions<E>) {
    super();
    this.log = options.log ?? ((line) => console.log(`[edge ${options.name}] ${line}`));
    this.client = createCoordinatorClient(options.coordinatorUrl, () => this.token);
  }

  /** The production version this edge serves, or null before the first pull. */
  get version(): number | null {
    return this.servingVersion;
  }

  /** The id the coordinator gave this edge, or null before registration. */
  get edgeId(): string | null {
    return this.edgeIdValue;
  }

  /** The model that answers requests; swapped atomically on a release. */
  get model(): Trainable<E> | null {
    return this.serving;
  }

  /** Registers, loads the production model, subscribes to events, and joins the open round if any. */
  async start(): Promise<void> {
    const registration = await this.client.edges.register.mutate({
      bootstrapSecret: this.options.bootstrapSecret,
      name: this.options.name,
      region: this.options.region,
    });
    this.token = registration.token;
    this.edgeIdValue = registration.edgeId;
    this.serving = await this.options.createModel();
    this.trainer = await this.options.createModel();
    await new Promise<void>((resolve, reject) => {
      this.subscription = this.client.events.subscribe.subscribe(undefined, {
        onStarted: () => resolve(),
        onData: (envelope) => this.enqueue(() => this.handle(envelope.data as CoordinatorEvent)),
        onError: (error) => {
          reject(error);
          this.report(error);
        },
      });
    });
    // Events published before the stream started are caught up here.
    await this.enqueue(async () => {
      const production = await this.client.models.production.query();
      await this.swapTo(production.version);
      const round = await this.client.rounds.current.query();
      if (round && (round.config as RoundEvent["config"]).mode === "sync") await this.train(round.roundId, round.baseVersion, round.config as RoundEvent["config"]);
    });
  }

  /** Stops listening and releases the models. */
  async stop(): Promise<void> {
    this.subscription?.unsubscribe();
    this.subscription = null;
    await this.work.catch(() => undefined);
    this.serving?.dispose();
    this.trainer?.dispose();
    this.serving = this.trainer = null;
  }

  /** Resolves once every event received so far has been handled. */
  idle(): Promise<void> {
    return this.work.then(() => undefined);
  }

  private async handle(event: CoordinatorEvent): Promise<void> {
    if (event.type === "release" || event.type === "rollback") {
      await this.swapTo(event.version);
    } else if (event.type === "round-open" && event.config.mode === "sync") {
      await this.train(event.roundId, event.baseVersion, event.config);
    }
  }

  private async swapTo(version: number): Promise<void> {
    if (!this.serving || this.servingVersion === version) return;
    const params = await this.pull(version);
    this.serving.setParams(params);
    this.servingVersion = version;
    this.log(`serving version ${version}`);
    this.emit("swapped", version);
  }

  private async pull(version: number): Promise<Float32Array> {
    const meta = await this.client.models.get.query({ version });
    const response = await fetch(new URL(meta.paramsPath, this.options.coordinatorUrl), {
      headers: { authorization: `Bearer ${this.token}` },
    });
    if (!response.ok) throw new Error(`downloading version ${version} failed: HTTP ${response.status} ${await response.text()}`);
    const bytes = new Uint8Array(await response.arrayBuffer());
    return decodeVector(bytes, { specHash: meta.specHash, length: meta.numParams, baseVersion: version, kind: "params" }).values;
  }

  /**
   * Async mode: trains on the local data from the version this edge serves now,
   * with the open round's epochs and step size, and encodes the delta; nothing
   * is sent until {@link submit}. Runs after every event received so far.
   * @throws Error when no round is open
   */
  trainUpdate(): Promise<PendingUpdate> {
    return this.enqueue(async () => {
      const round = await this.client.rounds.current.query();
      if (!round) throw new Error("no round is open to train for");
      if (this.servingVersion === null) throw new Error("the edge serves no version yet");
      return this.trainFrom(this.servingVersion, round.config as RoundEvent["config"]);
    });
  }

  /**
   * Async mode: pushes a trained update into the round open now; when that round
   * closes before the push lands, into the next one (the update is then staler).
   * @returns the push, or null when the coordinator refused it as too stale (STALE_UPDATE)
   * @throws Error for an update trained on no examples (there is nothing to push)
   */
  submit(update: PendingUpdate): Promise<PushedEvent | null> {
    return this.enqueue(async () => {
      if (update.numExamples === 0) throw new Error("the update was trained on no examples: nothing to push");
      for (let attempt = 0; attempt < 5; attempt++) {
        const round = await this.client.rounds.current.query();
        if (!round) throw new Error("no round is open to push into");
        try {
          return await this.pushTo(round.roundId, update);
        } catch (error) {
          const code = codeOf(error);
          if (code === "STALE_UPDATE") {
            this.log(`update on version ${update.baseVersion} refused as too stale`);
            return null;
          }
          if (code !== "ROUND_NOT_OPEN") throw error;
        }
      }
      throw new Error("the open round kept closing before the update landed");
    });
  }

  private async train(roundId: number, baseVersion: number, config: RoundEvent["config"]): Promise<void> {
    if (this.trained.has(roundId) || !this.trainer) return;
    this.trained.add(roundId);
    const update = await this.trainFrom(baseVersion, config);
    if (update.numExamples === 0) {
      this.log(`round ${roundId}: no local examples, sitting this round out`);
      return;
    }
    try {
      await this.pushTo(roundId, update);
    } catch (error) {
      const code = codeOf(error);
      // A round that closed or moved on while this edge trained is a normal outcome, not a failure.
      if (code === "ROUND_NOT_OPEN" || code === "BASE_VERSION_MISMATCH") this.log(`round ${roundId}: update not taken (${code})`);
      else throw error;
    }
  }

  private async trainFrom(baseVersion: number, config: Pick<RoundEvent["config"], "localEpochs" | "learningRate">): Promise<PendingUpdate> {
    if (!this.trainer) throw new Error("the edge is stopped");
    const base = await this.pull(baseVersion);
    const meta = await this.client.models.get.query({ version: baseVersion });
    const data = this.options.data.trainingExamples();
    const result = await localTrain(this.trainer, base, data, {
      seed: 1,
      ...this.options.training,
      epochs: config.localEpochs,
      learningRate: config.learningRate,
    });
    const dtype = this.options.dtype ?? "f32";
    const encoding = { kind: "delta" as const, specHash: meta.specHash, baseVersion, dtype };
    let body: Uint8Array;
    if (dtype === "f32") {
      body = encodeVector(result.delta, encoding);
    } else {
      this.feedback ??= new ErrorFeedback(result.delta.length);
      body = this.feedback.encode(result.delta, encoding);
    }
    return {
      baseVersion,
      body,
      idempotencyKey: `${this.edgeIdValue}:${baseVersion}:${randomUUID()}`,
      params: result.params,
      numExamples: result.numExamples,
      metrics: result.metrics,
    };
  }

  private async pushTo(roundId: number, update: PendingUpdate): Promise<PushedEvent> {
    const metaJson = JSON.stringify({
      idempotencyKey: update.idempotencyKey,
      roundId,
      baseVersion: update.baseVersion,
      numExamples: update.numExamples,
      metrics: update.metrics,
    });
    const pushed = await this.pushWithRetries(metaJson, update.body);
    this.log(`round ${roundId}: pushed Δ on ${update.numExamples} examples (loss ${fmt(update.metrics.loss)})`);
    const event: PushedEvent = { roundId, baseVersion: update.baseVersion, params: update.params, numExamples: update.numExamples, metrics: update.metrics, newVersion: pushed.newVersion };
    this.emit("pushed", event);
    return event;
  }

  /** Pushes, retrying with backoff while the coordinator is unreachable; a refusal is not retried. */
  private async pushWithRetries(metaJson: string, body: Uint8Array) {
    const attempts = this.options.pushAttempts ?? 5;
    for (let attempt = 1; ; attempt++) {
      const form = new FormData();
      form.set("meta", metaJson);
      form.set("delta", new Blob([body]), "delta.bin");
      try {
        return await this.client.updates.push.mutate(form);
      } catch (error) {
        const refused = error instanceof TRPCClientError && error.data !== undefined;
        if (refused || attempt >= attempts) throw error;
        this.log(`push attempt ${attempt} failed (${(error as Error).message}); retrying`);
        await new Promise((resolve) => setTimeout(resolve, Math.min(5000, 100 * 2 ** attempt) * Math.random()));
      }
    }
  }

  private enqueue<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.work.then(fn);
    this.work = run.catch((error: unknown) => this.report(error));
    return run;
  }

  /** Emits `error` when someone listens; otherwise logs, so a failure is never silent nor fatal. */
  private report(error: unknown): void {
    const err = error instanceof Error ? error : new Error(String(error));
    if (this.listenerCount("error") > 0) this.emit("error", err);
    else this.log(`error: ${err.message}`);
  }
}

/** The coordinator's stable error code of a refused call, if it is one. */
function codeOf(error: unknown): string | undefined {
  return error instanceof TRPCClientError ? (error.data as { tributaryCode?: string } | undefined)?.tributaryCode : undefined;
}

function fmt(value: number | undefined): string {
  return value === undefined ? "?" : value.toFixed(4);
}
