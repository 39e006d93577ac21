import { readFile } from "node:fs/promises";
import type { EdgeEnv } from "./env.js";
import { EdgeMetrics } from "./edge-metrics.js";
import { EdgeNode } from "./edge-node.js";
import { startEdgeServer } from "./http/edge-http-server.js";
import { createEdgeLogger } from "./logger.js";
import type { EdgeEncoder } from "./serving/edge-encoder.js";
import type { CatalogItem } from "./store/catalog-table.js";
import { HashingEncoder } from "./testing/hashing-encoder.js";

/** A running edge process: the node and its HTTP server. */
export interface RunningEdge {
  readonly node: EdgeNode;
  /** Base URL of the serving API. */
  readonly url: string;
  /** Stops serving and the federation loop and closes the store. */
  close(): Promise<void>;
}

/**
 * Runs an edge from its validated environment: opens the store, loads the
 * catalog file, starts the node (serving from the cached model, connecting in
 * the background) and its HTTP server. `tributary edge` calls this.
 * @param overrides an encoder to use instead of EDGE_ENCODER
 * @throws Error when the catalog file is unreadable or malformed, the encoder cannot load, or the port is taken
 */
export async function runEdge(env: EdgeEnv, overrides: { encoder?: EdgeEncoder } = {}): Promise<RunningEdge> {
  const log = createEdgeLogger(env.LOG_LEVEL, env.EDGE_NAME);
  const encoder = overrides.encoder ?? (await createEncoder(env.EDGE_ENCODER));
  const catalog = env.EDGE_CATALOG_FILE ? await readCatalog(env.EDGE_CATALOG_FILE) : undefined;
  const [wGlobal, wLocal, wPopularity] = env.EDGE_FUSION_WEIGHTS as [number, number, number];
  const node = await EdgeNode.start({
    coordinatorUrl: env.TRIBUTARY_COORDINATOR_URL,
    name: env.EDGE_NAME,
    region: env.EDGE_REGION,
    bootstrapSecret: env.TRIBUTARY_BOOTSTRAP_SECRET,
    storePath: env.EDGE_STORE_PATH,
    encoder,
    catalog,
    model: { hidden: env.EDGE_MODEL_HIDDEN, numItems: env.EDGE_MODEL_ITEMS, seed: env.EDGE_MODEL_SEED },
    fusion: { global: wGlobal, local: wLocal, popularity: wPopularity },
    replay: { policy: env.EDGE_REPLAY_POLICY, ratio: env.EDGE_REPLAY_RATIO, driftRatio: env.EDGE_REPLAY_DRIFT_RATIO, driftBoostRuns: env.EDGE_REPLAY_DRIFT_RUNS, halfLifeMs: env.EDGE_REPLAY_HALF_LIFE_MS },
    reservoirCapacity: env.EDGE_RESERVOIR_CAPACITY,
    negativesPerPositive: env.EDGE_NEGATIVES_PER_POSITIVE,
    trainIn: env.EDGE_TRAIN_IN,
    training: { batchSize: env.EDGE_BATCH_SIZE, l2: env.EDGE_L2 },
    localUpdate: { epochs: env.EDGE_LOCAL_EPOCHS, learningRate: env.EDGE_LOCAL_LEARNING_RATE, recent: 500 },
    drift: { pageHinkley: { delta: env.EDGE_PH_DELTA, lambda: env.EDGE_PH_LAMBDA }, adwin: { delta: env.EDGE_ADWIN_DELTA } },
    asyncMinExamples: env.EDGE_ASYNC_MIN_EXAMPLES,
    holdoutEvery: env.EDGE_HOLDOUT_EVERY,
    liveMetricsEvery: env.EDGE_LIVE_METRICS_EVERY,
    backoff: { baseMs: env.EDGE_BACKOFF_BASE_MS, maxMs: env.EDGE_BACKOFF_MAX_MS },
    heartbeatMs: env.EDGE_HEARTBEAT_MS,
    candidates: env.EDGE_CANDIDATES,
    dtype: env.EDGE_DELTA_DTYPE,
    topK: env.EDGE_DELTA_TOPK,
    log,
    metrics: new EdgeMetrics(true),
  });
  try {
    const server = await startEdgeServer(node, { host: env.EDGE_HOST, port: env.EDGE_PORT });
    log.info({ url: server.url, store: env.EDGE_STORE_PATH, items: node.index.size }, "edge serving");
    return {
      node,
      url: server.url,
      close: async () => {
        await server.close();
        await node.stop();
        await encoder.dispose();
      },
    };
  } catch (error) {
    await node.stop();
    throw error;
  }
}

async function createEncoder(spec: string): Promise<EdgeEncoder> {
  const hashing = /^hashing:(\d+)$/.exec(spec);
  if (hashing) return new HashingEncoder(Number(hashing[1]));
  // The embedded Universal Sentence Encoder, once @tributary/model exports it.
  const model = (await import("@tributary/model")) as Record<string, unknown>;
  const Use = model.UniversalSentenceEncoder as { create?: () => Promise<EdgeEncoder> } | (new () => EdgeEncoder) | undefined;
  if (typeof Use === "function" && "create" in Use && typeof Use.create === "function") return Use.create();
  if (typeof Use === "function") return new (Use as new () => EdgeEncoder)();
  throw new Error('EDGE_ENCODER=use needs @tributary/model to export UniversalSentenceEncoder; use "hashing:<dim>" meanwhile');
}

async function readCatalog(path: string): Promise<CatalogItem[]> {
  const text = await readFile(path, "utf8");
  return text
    .split("\n")
    .filter((line) => line.trim())
    .map((line, i) => {
      const item = JSON.parse(line) as { id?: unknown; text?: unknown };
      if (typeof item.id !== "string" || typeof item.text !== "string") throw new Error(`${path}:${i + 1}: expected {"id": string, "text": string}`);
      return { id: item.id, text: item.text };
    });
}
