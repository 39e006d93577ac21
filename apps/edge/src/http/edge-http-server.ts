import http from "node:http";
import type { AddressInfo } from "node:net";
import { createHTTPHandler } from "@trpc/server/adapters/standalone";
import { EdgeError } from "../edge-error.js";
import type { EdgeNode } from "../edge-node.js";
import { servingRouter } from "./serving-router.js";

/** A listening edge HTTP server. */
export interface RunningEdgeServer {
  /** Base URL, e.g. http://127.0.0.1:4200. */
  readonly url: string;
  /** Stops accepting requests and resolves when closed. */
  close(): Promise<void>;
}

const MAX_BODY = 4 * 1024 * 1024;

/**
 * Serves an edge node over HTTP: plain JSON routes for any caller —
 * `POST /v1/search` {query, k}, `POST /v1/recommend` {userId, k},
 * `POST /v1/feedback` {events} — the same under tRPC at `/trpc`, Prometheus
 * `GET /metrics` and `GET /healthz`. Errors are `{ error: { code, message, issues } }`
 * with 400 (bad input), 413 (body too large), 503 (no model yet) or 500.
 */
export async function startEdgeServer(node: EdgeNode, options: { host?: string; port?: number } = {}): Promise<RunningEdgeServer> {
  const trpc = createHTTPHandler({ router: servingRouter, basePath: "/trpc/", maxBodySize: MAX_BODY, createContext: () => ({ node }) });
  const routes: Record<string, (body: unknown) => Promise<unknown>> = {
    "/v1/search": (b) => node.search(b),
    "/v1/recommend": (b) => node.recommend(b),
    "/v1/feedback": (b) => node.feedback(b),
  };
  const server = http.createServer((req, res) => {
    const url = (req.url ?? "/").split("?")[0]!;
    if (url.startsWith("/trpc/")) return void trpc(req, res);
    if (url === "/healthz") return send(res, 200, { status: "ok", version: node.version, edgeId: node.edgeId, outboxDepth: node.store.outbox.depth() });
    if (url === "/metrics") {
      void node.metrics.registry.metrics().then((text) => {
        res.writeHead(200, { "content-type": node.metrics.registry.contentType });
        res.end(text);
      });
      return;
    }
    const route = routes[url];
    if (!route || req.method !== "POST") return send(res, 404, { error: { code: "NOT_FOUND", message: `no route ${req.method} ${url}` } });
    const name = url.slice(4);
    const stop = node.metrics.latency.startTimer({ route: name });
    readJson(req)
      .then(route)
      .then(
        (result) => {
          stop();
          node.metrics.requests.inc({ route: name, outcome: "ok" });
          send(res, 200, result);
        },
        (error: unknown) => {
          stop();
          const status = error instanceof EdgeError ? (error.code === "NO_MODEL" ? 503 : 400) : (error as { status?: number }).status ?? 500;
          node.metrics.requests.inc({ route: name, outcome: status >= 500 ? "server_error" : "client_error" });
          if (status === 500) node.log.error({ err: (error as Error).stack }, "request failed");
          send(res, status, { error: { code: error instanceof EdgeError ? error.code : status === 500 ? "INTERNAL" : "BAD_REQUEST", message: (error as Error).message, issues: error instanceof EdgeError ? error.issues : [] } });
        },
      );
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
  });
  const { address, port } = server.address() as AddressInfo;
  const url = `http://${address.includes(":") ? `[${address}]` : address}:${port}`;
  return {
    url,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

function readJson(req: http.IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(Object.assign(new Error(`body larger than ${MAX_BODY} bytes`), { status: 413 }));
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on("end", () => {
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString("utf8") || "null"));
      } catch {
        reject(new EdgeError("BAD_REQUEST", "the body is not valid JSON"));
      }
    });
    req.on("error", reject);
  });
}

function send(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}
