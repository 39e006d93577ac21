import { type CoordinatorEvent, type RoundConfig, decodeVector } from "@tributary/protocol";
import { type CoordinatorClient, createCoordinatorClient } from "../coordinator-client.js";
import type { EdgeStore } from "../store/edge-store.js";
import type { OutboxEntry } from "../store/outbox-table.js";

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

/** The answer of a procedure the coordinator may not have yet: unsupported, or its result. */
export type OptionalResult<T> = { readonly supported: false } | { readonly supported: true; readonly result: T };

const IDENTITY_KEY = "coordinator.identity";

/**
 * The edge's side of the coordinator API: registration (the token is kept in
 * the store, so a restarted edge is the same edge), model metadata and
 * parameter downloads, pushes of outbox entries, the event stream, and the
 * procedures issue 6 adds (called only when the coordinator has them).
 */
export class CoordinatorLink {
  readonly client: CoordinatorClient;
  private identity: { edgeId: string; token: string } | null;
  private readonly unsupported = new Set<string>();

  constructor(private readonly options: CoordinatorLinkOptions) {
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
    const { name, region, bootstrapSecret, store, coordinatorUrl } = this.options;
    const answer = await this.client.edges.register.mutate({ bootstrapSecret, name, region });
    this.identity = { edgeId: answer.edgeId, token: answer.token };
    store.setMeta(IDENTITY_KEY, { url: coordinatorUrl, ...this.identity });
    return answer.edgeId;
  }

  /** The production version's metadata. @throws TRPCClientError NOT_FOUND before any version exists */
  async production(): Promise<VersionInfo> {
    const m = await this.client.models.production.query();
    return { version: m.version, specHash: m.specHash, numParams: m.numParams };
  }

  /** One version's metadata. */
  async version(version: number): Promise<VersionInfo> {
    const m = await this.client.models.get.query({ version });
    return { version: m.version, specHash: m.specHash, numParams: m.numParams };
  }

  /** The open round, or null. */
  async currentRound(): Promise<OpenRound | null> {
    const r = await this.client.rounds.current.query();
    return r ? { roundId: r.roundId, baseVersion: r.baseVersion, config: r.config as RoundConfig } : null;
  }

  /** Liveness ping; the coordinator answers with what the edge should serve. */
  heartbeat(): Promise<{ productionVersion: number | null; openRound: number | null }> {
    return this.client.edges.heartbeat.mutate();
  }

  /**
   * Downloads θ of `info.version` (binary endpoint) and checks it against the metadata.
   * @throws Error on an HTTP failure; TributaryError from the codec on a malformed body
   */
  async pullParams(info: VersionInfo): Promise<Float32Array> {
    const response = await fetch(new URL(`/v1/models/${info.version}/params`, this.options.coordinatorUrl), {
      headers: { authorization: `Bearer ${this.identity?.token ?? ""}` },
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
    return this.client.updates.push.mutate(form);
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

  /**
   * Calls a mutation the coordinator may not have yet (issue 6: edges.reportDrift,
   * edges.reportMetrics, evaluations.submit). A missing procedure answers
   * `{ supported: false }` and is not asked again by this link.
   * @throws Error with the coordinator's message on any other failure
   */
  async callOptional<T = unknown>(path: string, input: unknown): Promise<OptionalResult<T>> {
    if (this.unsupported.has(path)) return { supported: false };
    const response = await fetch(new URL(`/trpc/${path}`, this.options.coordinatorUrl), {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${this.identity?.token ?? ""}` },
      body: JSON.stringify(input),
    });
    const body = (await response.json().catch(() => null)) as { result?: { data?: T }; error?: { message?: string; data?: { code?: string } } } | null;
    if (response.ok && body?.result) return { supported: true, result: body.result.data as T };
    const message = body?.error?.message ?? `HTTP ${response.status}`;
    if (body?.error?.data?.code === "NOT_FOUND" && /no procedure found/i.test(message)) {
      this.unsupported.add(path);
      return { supported: false };
    }
    throw new Error(`${path}: ${message}`);
  }
}
