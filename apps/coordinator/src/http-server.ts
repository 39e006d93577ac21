import http from "node:http";
import type { AddressInfo } from "node:net";
import { createHTTPHandler } from "@trpc/server/adapters/standalone";
import { FedAvg, type Strategy } from "@tributary/aggregation";
import type { Database } from "@tributary/db";
import { ErrorCode, TributaryError, encodeVector, isTributaryError } from "@tributary/protocol";
import type { CoordinatorServices } from "./context.js";
import { appRouter } from "./router.js";
import { EventBus } from "./services/event-bus.js";
import { RoundEngine, type RoundSettings } from "./services/round-engine.js";
import { bearerToken, hashToken, secretsEqual } from "./services/tokens.js";

/** Everything a coordinator process needs; the database is opened (and closed) by the caller. */
export interface CoordinatorOptions {
  readonly database: Database;
  /** Interface to bind; default 127.0.0.1. */
  readonly host?: string;
  /** TCP port; 0 (default) picks a free one. */
  readonly port?: number;
  readonly bootstrapSecret: string | null;
  readonly adminToken: string | null;
  readonly settings: RoundSettings;
  /** Strategy per round; default FedAvg. */
  readonly createStrategy?: () => Strategy;
  /** Open rounds automatically; default true. */
  readonly autoOpen?: boolean;
  /** Largest request body in bytes; default 256 MiB. */
  readonly maxBodyBytes?: number;
  readonly log?: (line: string) => void;
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
 * Starts the coordinator's HTTP server: tRPC under `/trpc`, binary parameter
 * downloads under `/v1/models/:version/params`, and `/healthz`.
 */
export async function startCoordinator(options: CoordinatorOptions): Promise<RunningCoordinator> {
  const log = options.log ?? ((line: string) => console.log(`[coordinator] ${line}`));
  const repo = options.database.repo;
  const events = new EventBus();
  const engine = new RoundEngine({
    repo,
    events,
    createStrategy: options.createStrategy ?? (() => new FedAvg()),
    settings: options.settings,
    autoOpen: options.autoOpen ?? true,
    log,
  });
  await engine.start();
  const services: CoordinatorServices = {
    repo,
    engine,
    events,
    config: { bootstrapSecret: options.bootstrapSecret, adminToken: options.adminToken },
  };
  const trpc = createHTTPHandler({
    router: appRouter,
    basePath: "/trpc/",
    maxBodySize: options.maxBodyBytes ?? 256 * 1024 * 1024,
    createContext: ({ req }) => ({ services, authorization: req.headers.authorization ?? null }),
    onError: ({ error, path }) => {
      if (error.code === "INTERNAL_SERVER_ERROR") log(`error in ${path ?? "?"}: ${error.cause?.stack ?? error.message}`);
    },
  });
  const server = http.createServer((req, res) => {
    const url = req.url ?? "/";
    if (url.startsWith("/trpc/")) return trpc(req, res);
    if (url === "/healthz") return sendJson(res, 200, { status: "ok", openRound: engine.currentRound()?.id ?? null });
    const match = /^\/v1\/models\/(\d+)\/params$/.exec(url);
    if (match && req.method === "GET") {
      serveParams(services, Number(match[1]), req.headers.authorization).then(
        (bytes) => {
          res.writeHead(200, { "content-type": "application/octet-stream", "content-length": bytes.length });
          res.end(bytes);
        },
        (error: unknown) => {
          const status = isTributaryError(error) ? (error.code === "UNAUTHORIZED" ? 401 : error.code === "NOT_FOUND" ? 404 : 400) : 500;
          if (status === 500) log(`params download failed: ${(error as Error).stack}`);
          sendJson(res, status, { error: { code: isTributaryError(error) ? error.code : "INTERNAL", message: (error as Error).message } });
        },
      );
      return;
    }
    sendJson(res, 404, { error: { code: "NOT_FOUND", message: `no route ${req.method} ${url}` } });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
  });
  const { address, port } = server.address() as AddressInfo;
  const host = address.includes(":") ? `[${address}]` : address;
  const url = `http://${host}:${port}`;
  log(`listening on ${url} (database: ${options.database.driver})`);
  return {
    url,
    services,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

async function serveParams(services: CoordinatorServices, version: number, authorization: string | undefined): Promise<Uint8Array> {
  const token = bearerToken(authorization);
  const { repo, config } = services;
  const isAdmin = token !== null && config.adminToken !== null && secretsEqual(token, config.adminToken);
  if (!isAdmin && (!token || !(await repo.edges.findByTokenHash(hashToken(token))))) {
    throw new TributaryError(ErrorCode.Unauthorized, "missing, unknown or revoked token");
  }
  const row = await repo.versions.get(version);
  if (!row) {
    throw new TributaryError(ErrorCode.NotFound, `version ${version} does not exist`);
  }
  const params = await repo.versions.loadParams(version);
  return encodeVector(params, { kind: "params", specHash: row.specHash, baseVersion: row.id });
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json" });
  res.end(text);
}
