import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { type CoordinatorOptions, type RunningCoordinator, startCoordinator } from "@tributary/coordinator";
import { type Database, openDatabase } from "@tributary/db";
import { createRankingHead } from "@tributary/model";
import { type ParameterSpec, encodeVector } from "@tributary/protocol";
import { type CatalogItem, createCoordinatorClient } from "../src/index.js";

/** The model every test edge trains: must match the node's `model` option. */
export const DIM = 32;
export const HIDDEN = [16];
export const MODEL_SEED = 1;

/** A small catalog with overlapping words, so hashing-encoder retrieval means something. */
export function testCatalog(n = 60): CatalogItem[] {
  const topics = ["jazz", "rock", "folk", "opera", "techno", "blues"];
  return Array.from({ length: n }, (_, i) => ({ id: `item-${i}`, text: `${topics[i % topics.length]} album number ${i} ${topics[(i * 7) % topics.length]} live` }));
}

/** A coordinator on in-memory PGlite with a ranking-head genesis version. */
export interface CoordinatorFixture {
  readonly coordinator: RunningCoordinator;
  readonly database: Database;
  readonly bootstrapSecret: string;
  readonly adminToken: string;
  readonly genesis: number;
  close(): Promise<void>;
}

/** Options of {@link startCoordinatorFixture}. */
export interface CoordinatorFixtureOptions {
  /** Settings beyond `{ minUpdates, localEpochs: 1, learningRate: 0.01 }`. */
  readonly settings?: CoordinatorOptions["settings"];
  /** The same secret as another fixture's (a coordinator that lost its database). */
  readonly bootstrapSecret?: string;
  /** Rewrites the genesis θ (e.g. to make it confidently wrong). */
  readonly genesis?: (params: Float32Array, spec: ParameterSpec) => Float32Array;
}

/** Starts a coordinator whose rounds close at `minUpdates` updates, and imports the genesis model. */
export async function startCoordinatorFixture(minUpdates: number, options: CoordinatorFixtureOptions = {}): Promise<CoordinatorFixture> {
  const database = await openDatabase({});
  const bootstrapSecret = options.bootstrapSecret ?? randomBytes(12).toString("hex");
  const adminToken = randomBytes(12).toString("hex");
  const settings = { minUpdates, localEpochs: 1, learningRate: 0.01, ...options.settings };
  const coordinator = await startCoordinator({ database, bootstrapSecret, adminToken, settings, logLevel: process.env.EDGE_TEST_LOG ?? "silent" });
  const head = await createRankingHead({ dim: DIM, hidden: HIDDEN, seed: MODEL_SEED });
  const genesis = options.genesis ? options.genesis(head.getParams(), head.spec) : head.getParams();
  const version = await importParams(coordinator.url, adminToken, head.spec, genesis, "edge tests: genesis");
  head.dispose();
  return {
    coordinator,
    database,
    bootstrapSecret,
    adminToken,
    genesis: version,
    close: async () => {
      await coordinator.close();
      await database.close();
    },
  };
}

/** Imports θ as a new version through the admin API. @returns its version id */
export async function importParams(url: string, adminToken: string, spec: ParameterSpec, params: Float32Array, reason: string): Promise<number> {
  const form = new FormData();
  form.set("spec", JSON.stringify(spec));
  form.set("params", new Blob([encodeVector(params, { kind: "params", specHash: spec.hash, baseVersion: 0 })]));
  form.set("reason", reason);
  return (await adminClient(url, adminToken).admin.versions.import.mutate(form)).version;
}

/** A typed admin client of the coordinator at `url`. */
export function adminClient(url: string, adminToken: string) {
  return createCoordinatorClient(url, () => adminToken);
}

/** θ with the ranking head's output bias set to `bias` (σ(bias) is then roughly every prediction). */
export function withOutputBias(params: Float32Array, spec: ParameterSpec, bias: number): Float32Array {
  const last = spec.entries.filter((e) => /^ranking\/dense\d+\/bias$/.test(e.name)).at(-1)!;
  const out = params.slice();
  out[last.offset] = bias;
  return out;
}

/**
 * A loopback HTTP proxy in front of the coordinator that a test can take down
 * (connections refused with 503) or make swallow push answers (the request
 * reaches the coordinator, the answer never reaches the edge).
 */
export class ControlledProxy {
  mode: "pass" | "down" | "swallow-push-answers" = "pass";
  private server!: http.Server;
  url = "";
  /** Answers swallowed so far (the coordinator's JSON). */
  readonly swallowed: string[] = [];
  private waiters: (() => void)[] = [];

  /** @param target the coordinator's URL; change it to point the edge at another coordinator */
  constructor(public target: string) {}

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => {
      if (this.mode === "down") {
        res.writeHead(503).end("proxy down");
        return;
      }
      const upstream = http.request(new URL(req.url ?? "/", this.target), { method: req.method, headers: req.headers }, (answer) => {
        if (this.mode === "swallow-push-answers" && (req.url ?? "").startsWith("/trpc/updates.push")) {
          const chunks: Buffer[] = [];
          answer.on("data", (c: Buffer) => chunks.push(c));
          answer.on("end", () => {
            this.swallowed.push(Buffer.concat(chunks).toString("utf8"));
            for (const w of this.waiters.splice(0)) w();
          });
          return; // the edge never hears back
        }
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      upstream.on("error", () => res.headersSent || res.writeHead(502).end());
      req.pipe(upstream);
    });
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** Resolves once a push answer has been swallowed. */
  nextSwallowed(): Promise<void> {
    return this.swallowed.length > 0 ? Promise.resolve() : new Promise((resolve) => this.waiters.push(resolve));
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** `n` click events of one user on catalog items, with event ids. */
export function clicks(n: number, user: string, offset = 0): { events: Record<string, unknown>[] } {
  return { events: Array.from({ length: n }, (_, i) => ({ type: "click", userId: user, itemId: `item-${(i * 5 + offset) % 60}`, at: Date.now(), eventId: `${user}-${offset}-${i}` })) };
}
