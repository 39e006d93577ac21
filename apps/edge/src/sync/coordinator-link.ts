import { EventEmitter } from "node:events";
import {
  type CoordinatorEvent,
  type DriftReportInput,
  type EvaluationInput,
  type LiveMetricsInput,
  type RoundConfig,
  decodeVector,
} from "@tributary/protocol";
import { type CoordinatorClient, createCoordinatorClient } from "../coordinator-client.js";
import type { EdgeStore } from "../store/edge-store.js";
import type { OutboxEntry } from "../store/outbox-table.js";
import { tributaryCodeOf } from "./push-outcome.js";

/** Options of {@link CoordinatorLink}. */
export interface CoordinatorLinkOptions {
  readonly coordinatorUrl: string;
  readonly name: string;
  readonly region: string;
  readonly bootstrapSecret: string;
  readonly store: EdgeStore;
}

/** A production (or any) version's metadata. */
export interface VersionInfo {
  readonly version: number;
  readonly specHash: string;
  readonly numParams: number;
}

/** The open round as the coordinator describes it. */
export interface OpenRound {
  readonly roundId: number;
  readonly baseVersion: number;
  readonly config: RoundConfig;
}

/** What a heartbeat answers: what the edge should serve and whether to train. */
export interface Heartbeat {
  readonly productionVersion: number | null;
  readonly openRound: number | null;
  readonly roundMode: "sync" | "async";
  readonly paused: boolean;
}

const IDENTITY_KEY = "coordinator.identity";

/**
 * The edge's side of the coordinator API: registration (the token is kept in
 * the store, so a restarted edge is the same edge), model metadata and
 * parameter downloads, pushes of outbox entries, the event stream, live
 * metrics, drift reports and federated evaluations.
 *
 * When the coordinator no longer knows the edge's token (its database was
 * restored or replaced: UNAUTHORIZED on a call that carried a token), the link
 * registers again with the bootstrap secret, retries the call once, and emits
 * `reregistered` so the federation re-subscribes and catches up.
 */
export class CoordinatorLink extends EventEmitter<{ reregistered: [edgeId: string] }> {
  readonly client: CoordinatorClient;
  private identity: { edgeId: string; token: string } | null;
  private registering: Promise<string> | null = null;

  constructor(private readonly options: CoordinatorLinkOptions) {
    super();
    const saved = options.store.getMeta<{ url: string; edgeId: string; token: string }>(IDENTITY_KEY);
    this.identity = saved && saved.url === options.coordinatorUrl ? { edgeId: saved.edgeId, token: saved.token } : null;
    this.client = createCoordinatorClient(options.coordinatorUrl, () => this.identity?.token ?? null);
  }

  /** The edge id, or null before the first registration. */
  get edgeId(): string | null {
    return this.identity?.edgeId ?? null;
  }

  /**
   * Registers once (the identity is stored); later calls reuse it.
   * @throws TRPCClientError when the coordinator is unreachable or refuses the bootstrap secret
   */
  async register(): Promise<string> {
    if (this.identity) return this.identity.edgeId;
    // One registration at a time: concurrent calls that all lost their token share it.
    this.registering ??= (async () => {
      const { name, region, bootstrapSecret, store, coordinatorUrl } = this.options;
      const answer = await this.client.edges.register.mutate({ bootstrapSecret, name, region });
      this.identity = { edgeId: answer.edgeId, token: answer.token };
      store.setMeta(IDENTITY_KEY, { url: coordinatorUrl, ...this.identity });
      return answer.edgeId;
    })().finally(() => {
      this.registering = null;
    });
    return this.registering;
  }

  /**
   * Runs `call`; when it fails with UNAUTHORIZED although a token was sent, drops
   * the token, registers again and retries once.
   * @throws what `call` throws otherwise; TRPCClientError when registering again fails
   */
  async authorized<T>(call: () => Promise<T>): Promise<T> {
    const token = this.identity?.token ?? null;
    try {
      return await call();
    } catch (error) {
      if (token === null || !isUnauthorized(error)) throw error;
      if (this.identity?.token === token) {
        this.identity = null;
        this.options.store.setMeta(IDENTITY_KEY, null);
        const edgeId = await this.register();
        this.emit("reregistered", edgeId);
      } else {
        await this.register();
      }
      return call();
    }
  }

  /** The production version's metadata. @throws TRPCClientError NOT_FOUND before any version exists */
  async production(): Promise<VersionInfo> {
    const m = await this.authorized(() => this.client.models.production.query());
    return { version: m.version, specHash: m.specHash, numParams: m.numParams };
  }

  /** One version's metadata. */
  async version(version: number): Promise<VersionInfo> {
    const m = await this.authorized(() => this.client.models.get.query({ version }));
    return { version: m.version, specHash: m.specHash, numParams: m.numParams };
  }

  /** The open round, or null. */
  async currentRound(): Promise<OpenRound | null> {
    const r = await this.authorized(() => this.client.rounds.current.query());
    return r ? { roundId: r.roundId, baseVersion: r.baseVersion, config: r.config as RoundConfig } : null;
  }

  /** Liveness ping; the coordinator answers with what the edge should serve. */
  heartbeat(): Promise<Heartbeat> {
    return this.authorized(() => this.client.edges.heartbeat.mutate());
  }

  /** Live metrics of the served version (the coordinator may roll back on them). @returns the version rolled back to, or null */
  async reportMetrics(input: LiveMetricsInput): Promise<number | null> {
    return (await this.authorized(() => this.client.edges.reportMetrics.mutate(input))).rolledBackTo;
  }

  /** A drift alarm, visible through the admin API. @returns the report's id */
  async reportDrift(input: DriftReportInput): Promise<number> {
    return (await this.authorized(() => this.client.edges.reportDrift.mutate(input))).id;
  }

  /**
   * This edge's evaluation of a candidate beside its baseline.
   * @returns whether the coordinator decided on it with this report (promoted / rejected), or null when it still waits
   * @throws TRPCClientError CONFLICT when the candidate was decided already
   */
  async submitEvaluation(input: EvaluationInput): Promise<string | null> {
    return (await this.authorized(() => this.client.evaluations.submit.mutate(input))).decided;
  }

  /**
   * Downloads θ of `info.version` (binary endpoint) and checks it against the metadata.
   * @throws Error on an HTTP failure; TributaryError from the codec on a malformed body
   */
  async pullParams(info: VersionInfo): Promise<Float32Array> {
    const response = await this.authorized(async () => {
      const r = await fetch(new URL(`/v1/models/${info.version}/params`, this.options.coordinatorUrl), {
        headers: { authorization: `Bearer ${this.identity?.token ?? ""}` },
      });
      if (r.status === 401) throw Object.assign(new Error(`downloading version ${info.version}: HTTP 401`), { unauthorized: true });
      return r;
    });
    if (!response.ok) throw new Error(`downloading version ${info.version} failed: HTTP ${response.status} ${await response.text()}`);
    const bytes = new Uint8Array(await response.arrayBuffer());
    return decodeVector(bytes, { specHash: info.specHash, length: info.numParams, baseVersion: info.version, kind: "params" }).values;
  }

  /** Pushes one outbox entry with its stored idempotency key. @throws TRPCClientError as the coordinator refuses */
  push(entry: OutboxEntry): Promise<unknown> {
    const form = new FormData();
    form.set(
      "meta",
      JSON.stringify({ idempotencyKey: entry.idempotencyKey, roundId: entry.roundId, baseVersion: entry.baseVersion, numExamples: entry.numExamples, metrics: entry.metrics }),
    );
    form.set("delta", new Blob([entry.body]), "delta.bin");
    return this.authorized(() => this.client.updates.push.mutate(form));
  }

  /**
   * Subscribes to releases, rollbacks, round openings and evaluation requests.
   * The SSE link reconnects by itself and resumes after the last event id.
   * @returns a function that ends the subscription
   */
  subscribe(handlers: { onStarted(): void; onEvent(event: CoordinatorEvent): void; onError(error: unknown): void }): () => void {
    const sub = this.client.events.subscribe.subscribe(undefined, {
      onStarted: handlers.onStarted,
      onData: (envelope) => handlers.onEvent(envelope.data as CoordinatorEvent),
      onError: handlers.onError,
    });
    return () => sub.unsubscribe();
  }
}

function isUnauthorized(error: unknown): boolean {
  return tributaryCodeOf(error) === "UNAUTHORIZED" || (error as { unauthorized?: unknown } | null)?.unauthorized === true;
}
