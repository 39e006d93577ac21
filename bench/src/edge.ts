/**
 * `npm run bench:edge`: serving latency of an edge over a 10,000-item catalog
 * with cached embeddings — p50/p99 of `recommend` and `search` under 8
 * concurrent callers over loopback HTTP (the callers share the edge's process,
 * so queueing behind the single event loop is included), the in-process
 * service time per call as the baseline, and feedback events/s ingested.
 * Also: the same callers on a worker thread (the edge's event loop then serves only, as with
 * remote callers), and recommend while the edge trains continuously on its training worker.
 * Encoder: the feature-hashing test encoder (dimension EDGE_BENCH_DIM, default
 * 64), since the embedded sentence encoder runs ~95 texts/s. Last line: one JSON object.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { readFileSync } from "node:fs";
import { Worker } from "node:worker_threads";
import { EdgeNode, EdgeStore, HashingEncoder, createEdgeLogger, startEdgeServer } from "@tributary/edge";
import { createRankingHead } from "@tributary/model";

const ITEMS = 10_000;
const CALLERS = 8;
const REQUESTS = 4000;
const dim = Number(process.env.EDGE_BENCH_DIM ?? 64);
const hidden = [64];
const words = ["jazz", "rock", "folk", "opera", "techno", "blues", "live", "remastered", "deluxe", "acoustic", "piano", "guitar", "night", "summer", "classic", "edition"];

const dir = mkdtempSync(path.join(tmpdir(), "tributary-bench-edge-"));
const storePath = path.join(dir, "edge.sqlite");
try {
  // The model the edge serves, put in its cache as if pulled before: no coordinator is needed.
  const head = await createRankingHead({ dim, hidden, seed: 1 });
  const store = EdgeStore.open(storePath);
  store.models.save("global", { version: 1, specHash: head.spec.hash, params: head.getParams() });
  store.close();
  head.dispose();
  const catalog = Array.from({ length: ITEMS }, (_, i) => ({ id: `item-${i}`, text: `${words[i % 16]} ${words[(i * 7) % 16]} ${words[(i * 13) % 16]} album ${i}` }));
  const encoder = new HashingEncoder(dim);
  const node = await EdgeNode.start({
    coordinatorUrl: "http://127.0.0.1:9",
    name: "bench",
    region: "bench",
    bootstrapSecret: "unused-secret",
    storePath,
    encoder,
    catalog,
    model: { hidden, seed: 1 },
    fusion: { global: 0.45, local: 0.45, popularity: 0.1 },
    replay: { policy: "stratified", ratio: 0.5, driftRatio: 0.2, driftBoostRuns: 2, halfLifeMs: 86_400_000 },
    reservoirCapacity: 5000,
    negativesPerPositive: 2,
    training: {},
    localUpdate: { epochs: 1, learningRate: 0.01, recent: 500 },
    drift: { pageHinkley: {}, adwin: {} },
    asyncMinExamples: 1_000_000,
    backoff: { baseMs: 60_000, maxMs: 60_000 },
    heartbeatMs: 60_000,
    candidates: 100,
    trainIn: "worker",
    dtype: "f32",
    seed: 1,
    log: createEdgeLogger("silent", "bench"),
  });
  const server = await startEdgeServer(node);

  // Feedback throughput: 1,000 users × 20 clicks, in calls of 100 events.
  let eventId = 0;
  const batch = (n: number) => ({
    events: Array.from({ length: n }, () => {
      const id = eventId++;
      return { type: "click", userId: `user-${id % 1000}`, itemId: `item-${(id * 7919) % ITEMS}`, at: Date.now(), eventId: `e${id}` };
    }),
  });
  const fbStart = performance.now();
  for (let i = 0; i < 200; i++) await node.feedback(batch(100));
  const feedbackPerSec = 20_000 / ((performance.now() - fbStart) / 1000);

  const measureHttp = async (route: string, body: (i: number) => unknown) => {
    const latencies: number[] = [];
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CALLERS }, async () => {
        while (next < REQUESTS) {
          const i = next++;
          const t = performance.now();
          const res = await fetch(`${server.url}/v1/${route}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body(i)) });
          await res.arrayBuffer();
          if (res.status !== 200) throw new Error(`${route}: HTTP ${res.status}`);
          latencies.push(performance.now() - t);
        }
      }),
    );
    return { ...percentiles(latencies), perSec: REQUESTS / ((performance.now() - started) / 1000) };
  };
  const measureDirect = async (fn: (i: number) => Promise<unknown>) => {
    const latencies: number[] = [];
    for (let i = 0; i < 1000; i++) {
      const t = performance.now();
      await fn(i);
      latencies.push(performance.now() - t);
    }
    return percentiles(latencies);
  };
  const recommendBody = (i: number) => ({ userId: `user-${(i * 31) % 1200}`, k: 10 });
  const searchBody = (i: number) => ({ query: `${words[i % 16]} ${words[(i * 5) % 16]} ${i % 50}`, k: 10 });
  await measureHttp("recommend", recommendBody); // warm-up
  const recommend = await measureHttp("recommend", recommendBody);
  const search = await measureHttp("search", searchBody);
  // Callers on a worker thread: the edge's event loop serves only (callers are other machines in production).
  const fromWorker = (route: "recommend" | "search") => measureFromWorker(server.url, route);
  await fromWorker("recommend"); // warm-up
  const recommendW = await fromWorker("recommend");
  const searchW = await fromWorker("search");
  // The same while the edge trains continuously (2,000 recent interactions per job, on its training worker).
  let training = true;
  let jobs = 0;
  const base = node.store.models.load("global")!.params;
  const trainer = (async () => {
    while (training) {
      await node.learner.trainLocal(base, 2000, 1, 0.01);
      jobs++;
    }
  })();
  const recommendTraining = await fromWorker("recommend");
  training = false;
  await trainer;
  const recommendDirect = await measureDirect((i) => node.recommend(recommendBody(i)));
  const searchDirect = await measureDirect((i) => node.search(searchBody(i + 100_000)));

  const fmt = (x: number) => x.toFixed(2).padStart(8);
  console.log(`edge serving, ${ITEMS} items, dim ${dim}, ranking head hidden [${hidden}], 100 candidates, ${CALLERS} concurrent HTTP callers`);
  console.log("                       p50 ms   p99 ms   req/s");
  console.log(`recommend (HTTP)     ${fmt(recommend.p50)} ${fmt(recommend.p99)} ${recommend.perSec.toFixed(0).padStart(7)}`);
  console.log(`search (HTTP)        ${fmt(search.p50)} ${fmt(search.p99)} ${search.perSec.toFixed(0).padStart(7)}`);
  console.log(`recommend (HTTP, callers on a worker thread)             ${fmt(recommendW.p50)} ${fmt(recommendW.p99)} ${recommendW.perSec.toFixed(0).padStart(7)}`);
  console.log(`search (HTTP, callers on a worker thread)                ${fmt(searchW.p50)} ${fmt(searchW.p99)} ${searchW.perSec.toFixed(0).padStart(7)}`);
  console.log(`recommend (HTTP, worker callers, edge training: ${String(jobs).padStart(2)} jobs) ${fmt(recommendTraining.p50)} ${fmt(recommendTraining.p99)} ${recommendTraining.perSec.toFixed(0).padStart(7)}`);
  console.log(`recommend (service)  ${fmt(recommendDirect.p50)} ${fmt(recommendDirect.p99)}   (one call at a time, in process: baseline)`);
  console.log(`search (service)     ${fmt(searchDirect.p50)} ${fmt(searchDirect.p99)}   (new queries: encoder included)`);
  console.log(`feedback ingest: ${feedbackPerSec.toFixed(0)} events/s (calls of 100 clicks, 2 sampled negatives each, SQLite WAL synchronous=FULL)`);
  console.log(`goal recommend p99 ≤ 10 ms (callers on a worker thread): ${recommendW.p99 <= 10 ? "met" : "NOT met"}; load average ${loadavg()}`);
  await server.close();
  await node.stop();
  console.log(
    JSON.stringify({
      bench: "edge",
      items: ITEMS,
      dim,
      callers: CALLERS,
      recommendP50Ms: recommend.p50,
      recommendP99Ms: recommend.p99,
      searchP50Ms: search.p50,
      searchP99Ms: search.p99,
      recommendWorkerCallersP50Ms: recommendW.p50,
      recommendWorkerCallersP99Ms: recommendW.p99,
      searchWorkerCallersP99Ms: searchW.p99,
      recommendWhileTrainingP99Ms: recommendTraining.p99,
      trainingJobsDuringMeasurement: jobs,
      recommendServiceP99Ms: recommendDirect.p99,
      searchServiceP99Ms: searchDirect.p99,
      feedbackEventsPerSec: feedbackPerSec,
      recommendP99GoalMet: recommendW.p99 <= 10,
      loadAverage: loadavg(),
    }),
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}

function percentiles(xs: number[]): { p50: number; p99: number } {
  const s = [...xs].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
  return { p50: at(0.5), p99: at(0.99) };
}

function loadavg(): string {
  return readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");
}

/**
 * REQUESTS calls by CALLERS concurrent HTTP callers running on a worker thread
 * (plain JS, so no loader is needed there), their latencies measured there.
 */
async function measureFromWorker(url: string, route: "recommend" | "search"): Promise<{ p50: number; p99: number; perSec: number }> {
  const code = `
    const { parentPort, workerData: w } = require("node:worker_threads");
    const words = ${JSON.stringify(words)};
    const body = (i) => w.route === "recommend" ? { userId: "user-" + ((i * 31) % 1200), k: 10 } : { query: words[i % 16] + " " + words[(i * 5) % 16] + " " + (i % 50), k: 10 };
    (async () => {
      const latencies = [];
      let next = 0;
      const started = performance.now();
      await Promise.all(Array.from({ length: w.callers }, async () => {
        while (next < w.requests) {
          const i = next++;
          const t = performance.now();
          const res = await fetch(w.url + "/v1/" + w.route, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body(i)) });
          await res.arrayBuffer();
          if (res.status !== 200) throw new Error(w.route + ": HTTP " + res.status);
          latencies.push(performance.now() - t);
        }
      }));
      parentPort.postMessage({ latencies, seconds: (performance.now() - started) / 1000 });
    })().catch((e) => { throw e; });
  `;
  const worker = new Worker(code, { eval: true, workerData: { url, route, callers: CALLERS, requests: REQUESTS } });
  const [answer] = (await Promise.race([
    new Promise((resolve) => worker.once("message", (m) => resolve([m]))),
    new Promise((_, reject) => worker.once("error", reject)),
  ])) as [{ latencies: number[]; seconds: number }];
  await worker.terminate();
  return { ...percentiles(answer.latencies), perSec: REQUESTS / answer.seconds };
}
