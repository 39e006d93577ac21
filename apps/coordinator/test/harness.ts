/**
 * Test harness: a coordinator on a fresh database (Postgres when DATABASE_URL is
 * set, else PGlite), with typed clients for admin and edges.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { TRPCClientError, createTRPCClient, httpBatchLink, httpLink, httpSubscriptionLink, isNonJsonSerializable, splitLink } from "@trpc/client";
import { type Database, createScratchDatabase, openDatabase } from "@tributary/db";
import { type ParameterSpec, createParameterSpec, encodeVector } from "@tributary/protocol";
import { EventSource } from "eventsource";
import { type CoordinatorOptions, type RunningCoordinator, startCoordinator } from "../src/http-server.js";
import type { AppRouter } from "../src/router.js";

export const SPEC: ParameterSpec = createParameterSpec([
  { name: "w", shape: [4] },
  { name: "b", shape: [1] },
]);

/** A typed client authenticating with `token`. */
export function clientFor(url: string, token: string | null) {
  const trpcUrl = `${url}/trpc`;
  const headers = (): Record<string, string> => (token ? { authorization: `Bearer ${token}` } : {});
  return createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === "subscription",
        true: httpSubscriptionLink({
          url: trpcUrl,
          EventSource,
          eventSourceOptions: () => ({ fetch: (input: string | URL | Request, init?: RequestInit) => fetch(input, { ...init, headers: { ...(init?.headers as Record<string, string>), ...headers() } }) }),
        }),
        false: splitLink({ condition: (op) => isNonJsonSerializable(op.input), true: httpLink({ url: trpcUrl, headers }), false: httpBatchLink({ url: trpcUrl, headers }) }),
      }),
    ],
  });
}
export type Client = ReturnType<typeof clientFor>;

/** The stable Tributary error code of a failed call, or "resolved" when it did not fail. */
export async function codeOf(call: Promise<unknown>): Promise<string> {
  try {
    await call;
    return "resolved";
  } catch (error) {
    if (error instanceof TRPCClientError) return (error.data as { tributaryCode?: string } | undefined)?.tributaryCode ?? String(error.data?.code);
    throw error;
  }
}

/** A database for one test, and how to dispose of it. */
export async function freshDatabase(): Promise<{ database: Database; url: string | null; dispose(): Promise<void> }> {
  const server = process.env.DATABASE_URL;
  if (!server) {
    const database = await openDatabase();
    return { database, url: null, dispose: () => database.close() };
  }
  const scratch = await createScratchDatabase(server, "tributary_coord_test");
  const database = await openDatabase({ databaseUrl: scratch.url });
  return {
    database,
    url: scratch.url,
    dispose: async () => {
      await database.close();
      await scratch.drop();
    },
  };
}

/** A running coordinator with an imported genesis model (all zeros) and helpers. */
export interface Harness {
  readonly coordinator: RunningCoordinator;
  readonly database: Database;
  readonly admin: Client;
  readonly bootstrapSecret: string;
  readonly adminToken: string;
  readonly genesis: number;
  registerEdge(name: string): Promise<{ client: Client; token: string; edgeId: string }>;
  dispose(): Promise<void>;
}

export async function startHarness(options: Partial<Omit<CoordinatorOptions, "database">> = {}, genesis = new Float32Array(SPEC.length)): Promise<Harness> {
  const db = await freshDatabase();
  const bootstrapSecret = randomBytes(12).toString("hex");
  const adminToken = randomBytes(12).toString("hex");
  const coordinator = await startCoordinator({ database: db.database, bootstrapSecret, adminToken, logLevel: "silent", eventPollMs: 100, ...options });
  const admin = clientFor(coordinator.url, adminToken);
  const version = await importVersion(admin, genesis);
  return {
    coordinator,
    database: db.database,
    admin,
    bootstrapSecret,
    adminToken,
    genesis: version,
    async registerEdge(name) {
      const { token, edgeId } = await clientFor(coordinator.url, null).edges.register.mutate({ bootstrapSecret, name, region: "test" });
      return { client: clientFor(coordinator.url, token), token, edgeId };
    },
    async dispose() {
      await coordinator.close();
      await db.dispose();
    },
  };
}

/** Imports `params` (following {@link SPEC}) as a version through the admin API. */
export async function importVersion(admin: Client, params: Float32Array): Promise<number> {
  const form = new FormData();
  form.set("spec", JSON.stringify(SPEC));
  form.set("params", new Blob([encodeVector(params, { kind: "params", specHash: SPEC.hash, baseVersion: 0 })]));
  return (await admin.admin.versions.import.mutate(form)).version;
}

/** Pushes `delta` to a round as an edge. */
export function pushDelta(
  client: Client,
  input: { roundId: number; baseVersion: number; delta: Float32Array; numExamples: number; idempotencyKey?: string; edgeId?: string },
) {
  const form = new FormData();
  const { delta, ...meta } = input;
  form.set("meta", JSON.stringify({ idempotencyKey: input.idempotencyKey ?? randomUUID(), metrics: {}, ...meta }));
  form.set("delta", new Blob([encodeVector(delta, { kind: "delta", specHash: SPEC.hash, baseVersion: input.baseVersion })]));
  return client.updates.push.mutate(form);
}

/** Fetches a version's parameters over HTTP. */
export async function fetchParams(url: string, token: string, version: number): Promise<Float32Array> {
  const res = await fetch(`${url}/v1/models/${version}/params`, { headers: { authorization: `Bearer ${token}` } });
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  const { decodeVector } = await import("@tributary/protocol");
  return decodeVector(new Uint8Array(await res.arrayBuffer())).values;
}

/**
 * Subscribes to the edge's event stream and resolves once the stream is live,
 * with a promise of the first event that `match` accepts (so the action that
 * causes the event can safely come after).
 */
export function watchFor<T>(client: Client, match: (event: { type: string } & Record<string, unknown>) => T | undefined): Promise<{ event: Promise<T> }> {
  return new Promise((started, failed) => {
    let resolveEvent!: (value: T) => void;
    let rejectEvent!: (error: unknown) => void;
    const event = new Promise<T>((res, rej) => {
      resolveEvent = res;
      rejectEvent = rej;
    });
    const sub = client.events.subscribe.subscribe(undefined, {
      onStarted: () => started({ event }),
      onData: (envelope) => {
        const hit = match(envelope.data as { type: string } & Record<string, unknown>);
        if (hit !== undefined) {
          sub.unsubscribe();
          resolveEvent(hit);
        }
      },
      onError: (error) => {
        failed(error);
        rejectEvent(error);
      },
    });
  });
}
