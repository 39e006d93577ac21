import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EdgeStore } from "../src/index.js";
import { EdgeProcess } from "./edge-process.js";
import { ControlledProxy, type CoordinatorFixture, DIM, clicks, startCoordinatorFixture, testCatalog } from "./fixtures.js";

describe("outbox across kill -9", () => {
  let fixture: CoordinatorFixture;
  let proxy: ControlledProxy;
  let dir: string;
  const edges: EdgeProcess[] = [];

  beforeAll(async () => {
    // K = 2 keeps the round open after this edge's one update, so a resend meets the same round.
    fixture = await startCoordinatorFixture(2);
    proxy = await new ControlledProxy(fixture.coordinator.url).start();
    dir = mkdtempSync(path.join(tmpdir(), "tributary-edge-"));
    writeFileSync(path.join(dir, "catalog.jsonl"), testCatalog().map((item) => JSON.stringify(item)).join("\n"));
  });
  afterAll(async () => {
    for (const edge of edges) if (edge.child.exitCode === null) await edge.kill9();
    await proxy?.close();
    await fixture?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const startEdge = () => {
    const edge = new EdgeProcess({
      TRIBUTARY_COORDINATOR_URL: proxy.url,
      TRIBUTARY_BOOTSTRAP_SECRET: fixture.bootstrapSecret,
      EDGE_NAME: "killed-edge",
      EDGE_STORE_PATH: path.join(dir, "edge.sqlite"),
      EDGE_PORT: "0",
      EDGE_CATALOG_FILE: path.join(dir, "catalog.jsonl"),
      EDGE_ENCODER: `hashing:${DIM}`,
      EDGE_MODEL_HIDDEN: "16",
      EDGE_MODEL_SEED: "1",
      EDGE_ASYNC_MIN_EXAMPLES: "20",
      EDGE_BACKOFF_BASE_MS: "50",
      EDGE_BACKOFF_MAX_MS: "500",
      EDGE_HEARTBEAT_MS: "500",
      LOG_LEVEL: "info",
    });
    edges.push(edge);
    return edge;
  };

  it("a delta whose acknowledgement was lost is resent after a restart and stored exactly once", async () => {
    proxy.mode = "swallow-push-answers";
    const first = startEdge();
    const serving = await first.waitFor("edge serving");
    await first.waitFor("connected to the coordinator");
    const res = await fetch(`${serving.url as string}/v1/feedback`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(clicks(30, "carol")) });
    expect(res.status).toBe(200);
    const written = await first.waitFor("delta written to the outbox");
    // The coordinator stored the update; its answer never reached the edge. Kill it now.
    await proxy.nextSwallowed();
    await first.kill9();

    const roundId = written.roundId as number;
    const stored = await fixture.database.repo.updates.listForRound(roundId);
    expect(stored).toHaveLength(1);
    const inspect = EdgeStore.open(path.join(dir, "edge.sqlite"));
    const pending = inspect.outbox.pending();
    inspect.close();
    expect(pending).toHaveLength(1);
    expect(pending[0]!.idempotencyKey).toBe(stored[0]!.idempotencyKey);

    proxy.mode = "pass";
    const second = startEdge();
    const delivered = await second.waitFor("update delivered");
    expect(delivered.key).toBe(pending[0]!.idempotencyKey);
    await second.kill9();

    const after = await fixture.database.repo.updates.listForRound(roundId);
    expect(after.map((u) => u.idempotencyKey)).toEqual([pending[0]!.idempotencyKey]);
    const check = EdgeStore.open(path.join(dir, "edge.sqlite"));
    const entries = check.outbox.all();
    check.close();
    // One entry for the round, delivered; the restart did not train the round again.
    expect(entries.map((e) => [e.roundId, e.state])).toEqual([[roundId, "delivered"]]);
    expect(second.lines.filter((l) => l.msg === "delta written to the outbox")).toEqual([]);
  });
});
