import http from "node:http";
import type { AddressInfo } from "node:net";
import { createHTTPHandler } from "@trpc/server/adapters/standalone";
import { type ComputeBackend, type ComputeBackendConfig, type Strategy, createComputeBackend, createStrategy, defaultComputeBackend } from "@tributary/aggregation";
import type { Database } from "@tributary/db";
import type { CoordinatorServices } from "./context.js";
import { type Logger, createLogger } from "./logger.js";
import { appRouter } from "./router.js";
import { type CoordinatorSettings, type SettingsPatch, loadSettings, mergeSettings, saveSettings } from "./services/coordinator-settings.js";
import type { ServerEvaluator } from "./services/engine-context.js";
import { EventBus } from "./services/event-bus.js";
import { CoordinatorMetrics } from "./services/metrics.js";
import { serveParams } from "./services/params-route.js";
import { ReleaseManager } from "./services/release-manager.js";
import { RoundEngine } from "./services/round-engine.js";
import { ALIVE_WINDOW_MS } from "./services/sample-participants.js";

/** Everything a coordinator process needs; the database is opened (and closed) by the caller. */
export interface CoordinatorOptions {
  readonly database: Database;
  /** Interface to bind; default 127.0.0.1. */
  readonly host?: string;
  /** TCP port; 0 (default) picks a free one. */
  readonly port?: number;
  readonly bootstrapSecret: string | null;
  readonly adminToken: string | null;
  /**
   * Settings this process starts with, merged over those stored in the database
   * (round settings may be given flat, as `{ minUpdates, localEpochs, … }`).
   */
  readonly settings?: SettingsPatch["round"] & Omit<SettingsPatch, "round"> & { round?: SettingsPatch["round"] };
  /** A strategy object to use instead of the configured one (tests, custom strategies). */
  readonly createStrategy?: () => Strategy;
  /** Server-side holdout for the eval gate; none → the gate relies on federated evaluation (if configured). */
  readonly evaluator?: ServerEvaluator;
  /** Open rounds automatically; default true. */
  readonly autoOpen?: boolean;
  /** Largest request body in bytes; default 256 MiB. */
  readonly maxBodyBytes?: number;
  /** A pino logger, or a level for the default one ("silent" in tests and the demo). */
  readonly logger?: Logger;
  readonly logLevel?: string;
  /** How often the event log is polled for other processes' events, in ms (default 500). */
  readonly eventPollMs?: number;
  /**
   * Aggregation compute backend (threads over shared memory, or TensorFlow.js — CUDA where
   * tfjs-node-gpu is installed). Omitted: the process-wide threads backend.
   */
  readonly computeBackend?: ComputeBackendConfig;
}

/** A listening coordinator. */
export interface RunningCoordinator {
  /** Base URL, e.g. http://127.0.0.1:4100 (the tRPC API is under /trpc). */
  readonly url: string;
  readonly services: CoordinatorServices;
  /** Stops accepting requests, ends open event streams, and resolves when the server is closed. */
  close(): Promise<void>;
}

/**
 * Starts the coordinator: resumes its state from the database, then serves
 * tRPC under `/trpc`, binary parameters under `/v1/models/:version/params`
 * (`?base=N` for a delta), Prometheus metrics at `/metrics` and `/healthz`.
 */
export async function startCoordinator(options: CoordinatorOptions): Promise<RunningCoordinator> {
  const log = options.logger ?? createLogger(options.logLevel ?? "info");
  const repo = options.database.repo;
  const { round: nestedRound, strategy, gate, autoRollback, maxDeltaNorm, paused, ...flatRound } = options.settings ?? {};
  let settings: CoordinatorSettings = mergeSettings(await loadSettings(repo.settings), {
    round: { ...flatRound, ...nestedRound },
    ...(strategy ? { strategy } : {}),
    ...(gate ? { gate } : {}),
    ...(autoRollback ? { autoRollback } : {}),
    ...(maxDeltaNorm !== undefined ? { maxDeltaNorm } : {}),
    ...(paused !== undefined ? { paused } : {}),
  });
  await saveSettings(repo.settings, settings);
  let backend: ComputeBackend;
  if (options.computeBackend) {
    backend = await createComputeBackend(options.computeBackend, (line) => log.info(line));
  } else {
    backend = defaultComputeBackend();
    log.info(`aggregation compute backend: ${backend.description}`);
  }
  let strategyKey = "";
  let strategyInstance: Strategy | null = null;
  const currentStrategy = (): Strategy => {
    if (options.createStrategy) return (strategyInstance ??= options.createStrategy());
    const key = JSON.stringify(settings.strategy);
    if (key !== strategyKey || !strategyInstance) {
      strategyInstance?.dispose?.();
      strategyInstance = createStrategy(settings.strategy, { backend });
      strategyKey = key;
    }
    return strategyInstance;
  };
  const bus = new EventBus(repo.events, options.eventPollMs);
  await bus.start();
  const metrics = new CoordinatorMetrics(async () => (await repo.edges.list()).filter((e) => !e.revokedAt && e.lastSeenAt && Date.now() - e.lastSeenAt.getTime() <= ALIVE_WINDOW_MS).length);
  const ctx = { repo, bus, log, metrics, settings: () => settings, strategy: currentStrategy, evaluator: options.evaluator ?? null };
  const releases = new ReleaseManager(ctx);
  const engine = new RoundEngine(ctx, releases, options.autoOpen ?? true);
  const production = await repo.aliases.get("production");
  if (production !== null) metrics.productionVersion.set(production);
  await engine.start();

  const services: CoordinatorServices = {
    repo,
    engine,
    releases,
    events: bus,
    metrics,
    log,
    config: { bootstrapSecret: options.bootstrapSecret, adminToken: options.adminToken },
    settings: () => settings,
    updateSettings: async (patch, actor) => {
      const next = mergeSettings(settings, patch);
      await repo.transaction(async (tx) => {
        await saveSettings(tx.settings, next);
        await tx.audit.append({ actor, action: "settings.update", targetType: "settings", targetId: "coordinator", details: { patch } });
      });
      settings = next;
      log.info({ patch, actor }, "settings updated");
      if (patch.paused === false) await engine.reconcile(actor);
      return settings;
    },
  };
  const trpc = createHTTPHandler({
    router: appRouter,
    basePath: "/trpc/",
    maxBodySize: options.maxBodyBytes ?? 256 * 1024 * 1024,
    createContext: ({ req }) => ({ services, authorization: req.headers.authorization ?? null }),
    onError: ({ error, path }) => {
      if (error.code === "INTERNAL_SERVER_ERROR") log.error({ err: error.cause ?? error, path }, "request failed");
    },
  });
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://local");
    if (url.pathname.startsWith("/trpc/")) return trpc(req, res);
    if (url.pathname === "/healthz") {
      void health(services).then((body) => sendJson(res, body.status === "ok" ? 200 : 503, body));
      return;
    }
    if (url.pathname === "/metrics") {
      void metrics.registry.metrics().then((text) => {
        res.writeHead(200, { "content-type": metrics.registry.contentType });
        res.end(text);
      });
      return;
    }
    const match = /^\/v1\/models\/(\d+)\/params$/.exec(url.pathname);
    if (match && req.method === "GET") return serveParams(services, req, res, Number(match[1]), url.searchParams.get("base"));
    sendJson(res, 404, { error: { code: "NOT_FOUND", message: `no route ${req.method} ${url.pathname}` } });
  });
  // Edges that train between calls keep connections idle for a while; a short keep-alive makes
  // the server close a socket the client is about to reuse (ECONNRESET on the next request).
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
  });
  const { address, port } = server.address() as AddressInfo;
  const host = address.includes(":") ? `[${address}]` : address;
  const url = `http://${host}:${port}`;
  log.info({ url, database: options.database.driver, strategy: settings.strategy.name, mode: settings.round.mode }, "coordinator listening");
  return {
    url,
    services,
    close: async () => {
      engine.stop();
      releases.stop();
      bus.stop();
      await new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
      strategyInstance?.dispose?.();
      if (options.computeBackend) backend.dispose();
    },
  };
}

async function health(services: CoordinatorServices): Promise<Record<string, unknown>> {
  try {
    const [production, round] = [await services.repo.aliases.get("production"), await services.engine.currentRound()];
    return { status: "ok", production, openRound: round?.id ?? null, paused: services.settings().paused };
  } catch (error) {
    return { status: "error", message: (error as Error).message };
  }
}

/** Writes a JSON response. */
export function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}
