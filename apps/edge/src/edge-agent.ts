import { randomUUID } from "node:crypto";
import { EventEmitter } from "node:events";
import { TRPCClientError } from "@trpc/client";
import { localTrain, type Examples, type TrainConfig, type TrainableModel } from "@tributary/model";
import { type CoordinatorEvent, type RoundEvent, decodeVector, encodeVector } from "@tributary/protocol";
import { type CoordinatorClient, createCoordinatorClient } from "./coordinator-client.js";

/** Where an edge's training examples come from. */
export interface LocalData {
  /** The examples to train on in the next round (new interactions plus replay). */
  trainingExamples(): Examples;
}

export interface EdgeAgentOptions {
  /** Coordinator base URL, e.g. http://127.0.0.1:4100. */
  readonly coordinatorUrl: string;
  readonly name: string;
  readonly region: string;
  readonly bootstrapSecret: string;
  /** Builds one model instance; the agent keeps two: one serving, one training. */
  readonly createModel: () => Promise<TrainableModel>;
  readonly data: LocalData;
  /** Training settings beyond what the round prescribes (seed, batch size, l2, …). */
  readonly training?: Partial<TrainConfig>;
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

/**
 * An edge agent: registers, serves the production model, trains on its local
 * data when a round opens, pushes the delta, and hot-swaps on a release.
 * Emits `swapped` (version), `pushed` ({@link PushedEvent}) and `error` (Error).
 */
export class EdgeAgent extends EventEmitter<{ swapped: [number]; pushed: [PushedEvent]; error: [Error] }> {
  private client: CoordinatorClient;
  private token: string | null = null;
  private serving: TrainableModel | null = null;
  private trainer: TrainableModel | null = null;
  private servingVersion: number | null = null;
  private readonly trained = new Set<number>();
  private work: Promise<unknown> = Promise.resolve();
  private subscription: { unsubscribe(): void } | null = null;
  private readonly log: (line: string) => void;
  private edgeIdValue: string | null = null;

  constructor(private readonly options: EdgeAgentOptions) {
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
  get model(): TrainableModel | null {
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
      if (round) await this.train(round.roundId, round.baseVersion, round.config as RoundEvent["config"]);
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
    } else if (event.type === "round-open") {
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

  private async train(roundId: number, baseVersion: number, config: RoundEvent["config"]): Promise<void> {
    if (this.trained.has(roundId) || !this.trainer) return;
    this.trained.add(roundId);
    const base = await this.pull(baseVersion);
    const meta = await this.client.models.get.query({ version: baseVersion });
    const data = this.options.data.trainingExamples();
    const result = await localTrain(this.trainer, base, data, {
      seed: 1,
      ...this.options.training,
      epochs: config.localEpochs,
      learningRate: config.learningRate,
    });
    const body = encodeVector(result.delta, { kind: "delta", specHash: meta.specHash, baseVersion });
    const form = new FormData();
    form.set(
      "meta",
      JSON.stringify({ idempotencyKey: `${this.edgeIdValue}:${roundId}:${randomUUID()}`, roundId, baseVersion, numExamples: result.numExamples, metrics: result.metrics }),
    );
    form.set("delta", new Blob([body]), "delta.bin");
    try {
      const pushed = await this.client.updates.push.mutate(form);
      this.log(`round ${roundId}: pushed Δ on ${result.numExamples} examples (loss ${fmt(result.metrics.loss)})`);
      this.emit("pushed", { roundId, baseVersion, params: result.params, numExamples: result.numExamples, metrics: result.metrics, newVersion: pushed.newVersion });
    } catch (error) {
      const code = error instanceof TRPCClientError ? (error.data as { tributaryCode?: string } | undefined)?.tributaryCode : undefined;
      // A round that closed or moved on while this edge trained is a normal outcome, not a failure.
      if (code === "ROUND_NOT_OPEN" || code === "BASE_VERSION_MISMATCH") this.log(`round ${roundId}: update not taken (${code})`);
      else throw error;
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

function fmt(value: number | undefined): string {
  return value === undefined ? "?" : value.toFixed(4);
}
