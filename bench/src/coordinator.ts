/**
 * `npm run bench:coordinator`: 32 edges push int8 deltas of a 4M-parameter model
 * at once over loopback HTTP to a real coordinator that validates and persists
 * each one (Postgres when DATABASE_URL is set, else PGlite), then the round is
 * closed (streaming aggregation of the stored deltas). Beside it, in the same run,
 * the same requests to a bare Node HTTP server that only reads and discards the
 * body: the loopback ceiling. Prints a table; the last line is one JSON object.
 * Goal (issue 6): accepted ≥ 100 MB/s.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { randomBytes, randomUUID } from "node:crypto";
import { startCoordinator } from "@tributary/coordinator";
import { createScratchDatabase, openDatabase } from "@tributary/db";
import { createCoordinatorClient } from "@tributary/edge";
import { createParameterSpec, encodeVector } from "@tributary/protocol";

const PARAMS = Number(process.env.BENCH_PARAMS ?? 4_000_000);
const EDGES = Number(process.env.BENCH_EDGES ?? 32);
const spec = createParameterSpec([{ name: "w", shape: [PARAMS] }]);

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

function deltaFor(i: number): Uint8Array {
  const d = new Float32Array(PARAMS);
  for (let j = 0; j < PARAMS; j++) d[j] = Math.sin(j * 0.001 + i) * 0.01;
  return encodeVector(d, { kind: "delta", specHash: spec.hash, baseVersion: 1, dtype: "i8" });
}

function form(meta: Record<string, unknown>, body: Uint8Array): FormData {
  const f = new FormData();
  f.set("meta", JSON.stringify(meta));
  f.set("delta", new Blob([body]));
  return f;
}

/** Fires every push at once; per-request latency in ms and the wall time. */
async function burst(send: (i: number) => Promise<unknown>): Promise<{ wallMs: number; latencies: number[] }> {
  const started = performance.now();
  const latencies = await Promise.all(
    Array.from({ length: EDGES }, async (_, i) => {
      const t = performance.now();
      await send(i);
      return performance.now() - t;
    }),
  );
  return { wallMs: performance.now() - started, latencies: latencies.sort((a, b) => a - b) };
}

async function baseline(bodies: Uint8Array[]): Promise<{ wallMs: number; latencies: number[] }> {
  const server = http.createServer((req, res) => {
    req.on("data", () => undefined);
    req.on("end", () => res.end("{}"));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const result = await burst((i) => fetch(url, { method: "POST", body: form({ i }, bodies[i]!) }).then((r) => r.text()));
  server.close();
  return result;
}

async function main(): Promise<void> {
  console.log(`bench:coordinator — ${EDGES} edges × int8 delta of ${(PARAMS / 1e6).toFixed(1)}M parameters`);
  const bodies = Array.from({ length: EDGES }, (_, i) => deltaFor(i));
  const mb = bodies.reduce((s, b) => s + b.length, 0) / 1e6;
  const scratch = process.env.DATABASE_URL ? await createScratchDatabase(process.env.DATABASE_URL, "tributary_bench") : null;
  const database = await openDatabase(scratch ? { databaseUrl: scratch.url } : {});
  const adminToken = randomBytes(12).toString("hex");
  const bootstrapSecret = randomBytes(12).toString("hex");
  const coordinator = await startCoordinator({ database, adminToken, bootstrapSecret, logLevel: "warn", settings: { minUpdates: EDGES, targetUpdates: EDGES + 1 } });
  try {
    const admin = createCoordinatorClient(coordinator.url, () => adminToken);
    const genesis = new FormData();
    genesis.set("spec", JSON.stringify(spec));
    genesis.set("params", new Blob([encodeVector(new Float32Array(PARAMS), { kind: "params", specHash: spec.hash, baseVersion: 0 })]));
    const { version } = await admin.admin.versions.import.mutate(genesis);
    const clients: ReturnType<typeof createCoordinatorClient>[] = [];
    for (let i = 0; i < EDGES; i++) {
      let token: string | null = null;
      const c = createCoordinatorClient(coordinator.url, () => token);
      token = (await c.edges.register.mutate({ bootstrapSecret, name: `bench-${i}`, region: "bench" })).token;
      clients.push(c);
    }
    const round = (await clients[0]!.rounds.current.query())!;
    const floor = await baseline(bodies);
    const pushed = await burst((i) =>
      clients[i]!.updates.push.mutate(form({ idempotencyKey: randomUUID(), roundId: round.roundId, baseVersion: version, numExamples: 100 + i, metrics: {} }, bodies[i]!)),
    );
    const closeStarted = performance.now();
    const closed = await admin.admin.rounds.close.mutate({ round: round.roundId });
    const closeMs = performance.now() - closeStarted;
    const stored = (await database.repo.updates.listForRound(round.roundId)).length;

    const acceptedMBps = mb / (pushed.wallMs / 1000);
    const floorMBps = mb / (floor.wallMs / 1000);
    const rows: [string, string][] = [
      ["database", database.driver],
      ["payload per update", `${(bodies[0]!.length / 1e6).toFixed(2)} MB (int8, per-256 scales)`],
      ["updates stored", `${stored} / ${EDGES}`],
      ["accepted throughput", `${acceptedMBps.toFixed(1)} MB/s (${(EDGES / (pushed.wallMs / 1000)).toFixed(1)} updates/s)`],
      ["push latency p50 / p99", `${quantile(pushed.latencies, 0.5).toFixed(0)} / ${quantile(pushed.latencies, 0.99).toFixed(0)} ms`],
      ["loopback ceiling (discarding server)", `${floorMBps.toFixed(1)} MB/s`],
      ["ratio to ceiling", (acceptedMBps / floorMBps).toFixed(3)],
      ["close: aggregate 32 stored deltas + write version", `${closeMs.toFixed(0)} ms (${closed.status}, version ${closed.version})`],
    ];
    for (const [k, v] of rows) console.log(`${k.padEnd(52)} ${v}`);
    console.log(
      JSON.stringify({
        driver: database.driver,
        edges: EDGES,
        params: PARAMS,
        acceptedMBps,
        updatesPerSec: EDGES / (pushed.wallMs / 1000),
        pushP50Ms: quantile(pushed.latencies, 0.5),
        pushP99Ms: quantile(pushed.latencies, 0.99),
        loopbackCeilingMBps: floorMBps,
        ratioToCeiling: acceptedMBps / floorMBps,
        closeMs,
        goalMet: acceptedMBps >= 100,
      }),
    );
  } finally {
    await coordinator.close();
    await database.close();
    await scratch?.drop();
  }
}

await main();
