/**
 * `npm run bench:edge`: serving latency of an edge over a 10,000-item catalog
 * with cached embeddings — p50/p99 of `recommend` and `search` under 8
 * concurrent callers over loopback HTTP (the callers share the edge's process,
 * so queueing behind the single event loop is included), the in-process
 * service time per call as the baseline, and feedback events/s ingested.
 * Encoder: the feature-hashing test encoder (dimension EDGE_BENCH_DIM, default
 * 64), since the embedded sentence encoder runs ~95 texts/s. Last line: one JSON object.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
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
  const recommendDirect = await measureDirect((i) => node.recommend(recommendBody(i)));
  const searchDirect = await measureDirect((i) => node.search(searchBody(i + 100_000)));

  const fmt = (x: number) => x.toFixed(2).padStart(8);
  console.log(`edge serving, ${ITEMS} items, dim ${dim}, ranking head hidden [${hidden}], 100 candidates, ${CALLERS} concurrent HTTP callers`);
  console.log("                       p50 ms   p99 ms   req/s");
  console.log(`recommend (HTTP)     ${fmt(recommend.p50)} ${fmt(recommend.p99)} ${recommend.perSec.toFixed(0).padStart(7)}`);
  console.log(`search (HTTP)        ${fmt(search.p50)} ${fmt(search.p99)} ${search.perSec.toFixed(0).padStart(7)}`);
  console.log(`recommend (service)  ${fmt(recommendDirect.p50)} ${fmt(recommendDirect.p99)}   (one call at a time, in process: baseline)`);
  console.log(`search (service)     ${fmt(searchDirect.p50)} ${fmt(searchDirect.p99)}   (new queries: encoder included)`);
  console.log(`feedback ingest: ${feedbackPerSec.toFixed(0)} events/s (calls of 100 clicks, 2 sampled negatives each, SQLite WAL synchronous=FULL)`);
  console.log(`goal recommend p99 ≤ 10 ms: ${recommend.p99 <= 10 ? "met" : "NOT met"}`);
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
      recommendServiceP99Ms: recommendDirect.p99,
      searchServiceP99Ms: searchDirect.p99,
      feedbackEventsPerSec: feedbackPerSec,
      recommendP99GoalMet: recommend.p99 <= 10,
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
