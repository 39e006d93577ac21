import type { EdgeNodeOptions } from "../src/index.js";
import { HashingEncoder, createEdgeLogger } from "../src/index.js";
import { DIM, HIDDEN, MODEL_SEED, testCatalog } from "./fixtures.js";

/** Edge node options for tests: small model, fast retries and heartbeats, quiet logs. */
export function testNodeOptions(overrides: Partial<EdgeNodeOptions> & Pick<EdgeNodeOptions, "coordinatorUrl" | "bootstrapSecret">): EdgeNodeOptions {
  return {
    name: "test-edge",
    region: "test",
    storePath: ":memory:",
    encoder: new HashingEncoder(DIM),
    catalog: testCatalog(),
    model: { hidden: HIDDEN, seed: MODEL_SEED },
    fusion: { global: 0.45, local: 0.45, popularity: 0.1 },
    replay: { policy: "stratified", ratio: 0.5, driftRatio: 0.2, driftBoostRuns: 2, halfLifeMs: 3_600_000 },
    reservoirCapacity: 500,
    negativesPerPositive: 2,
    training: { batchSize: 16 },
    localUpdate: { epochs: 1, learningRate: 0.01, recent: 200 },
    drift: { pageHinkley: { lambda: 25 }, adwin: {} },
    asyncMinExamples: 20,
    backoff: { baseMs: 20, maxMs: 200 },
    heartbeatMs: 200,
    candidates: 30,
    dtype: "f32",
    trainIn: "main",
    seed: 5,
    log: createEdgeLogger(process.env.EDGE_TEST_LOG ?? "silent", "test-edge"),
    ...overrides,
  };
}
