import { once } from "node:events";
import { afterEach, describe, expect, it } from "vitest";
import { EdgeNode, type RunningEdgeServer, startEdgeServer } from "../src/index.js";
import { ControlledProxy, type CoordinatorFixture, clicks, startCoordinatorFixture } from "./fixtures.js";
import { testNodeOptions } from "./node-options.js";

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

async function setUp(minUpdates: number): Promise<{ fixture: CoordinatorFixture; proxy: ControlledProxy; node: EdgeNode; server: RunningEdgeServer }> {
  const fixture = await startCoordinatorFixture(minUpdates);
  cleanup.push(() => fixture.close());
  const proxy = await new ControlledProxy(fixture.coordinator.url).start();
  cleanup.push(() => proxy.close());
  const node = await EdgeNode.start(testNodeOptions({ coordinatorUrl: proxy.url, bootstrapSecret: fixture.bootstrapSecret }));
  cleanup.push(() => node.stop());
  const server = await startEdgeServer(node);
  cleanup.push(() => server.close());
  await node.federation.connected();
  return { fixture, proxy, node, server };
}

const post = async (url: string, body: unknown) => {
  const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};

describe("edge node against a real coordinator", () => {
  it("keeps serving while the coordinator is unreachable, retries the pending delta, and catches up with the release", async () => {
    const { fixture, proxy, node, server } = await setUp(1);
    expect(node.version).toBe(fixture.genesis);
    proxy.mode = "down";
    const retrying = once(node.federation.sender, "retrying");
    const trained = once(node.federation, "trained");
    expect((await post(`${server.url}/v1/feedback`, clicks(30, "alice"))).status).toBe(200);
    await trained;
    await retrying;
    // The coordinator is away: the outbox holds the delta, and serving goes on.
    expect(node.store.outbox.depth()).toBe(1);
    const during = await post(`${server.url}/v1/search`, { query: "jazz album", k: 5 });
    expect(during.status).toBe(200);
    expect((during.body.items as unknown[]).length).toBe(5);
    expect((await post(`${server.url}/v1/recommend`, { userId: "alice", k: 3 })).status).toBe(200);

    const pushed = once(node.federation, "pushed");
    const swapped = once(node, "swapped");
    proxy.mode = "pass";
    await pushed;
    const [version] = (await swapped) as [number];
    expect(version).toBe(fixture.genesis + 1);
    expect(node.store.outbox.depth()).toBe(0);
    const updates = await fixture.database.repo.updates.listForRound((await fixture.database.repo.versions.get(version))!.roundId!);
    expect(updates).toHaveLength(1);
    expect(updates[0]!.idempotencyKey).toBe(node.store.outbox.all()[0]!.idempotencyKey);
    const after = await post(`${server.url}/v1/search`, { query: "jazz album", k: 5 });
    expect(after.body.version).toBe(version);
  });

  it("refuses malformed feedback with a clear error and stores nothing", async () => {
    const { node, server } = await setUp(5);
    const before = node.store.interactions.count();
    const cases: [unknown, string, RegExp][] = [
      [{ events: [{ type: "click", userId: "u", itemId: "item-1" }] }, "BAD_FEEDBACK", /events\.0\.at/],
      [{ events: [{ type: "rating", userId: "u", itemId: "item-1", at: Date.now() }] }, "BAD_FEEDBACK", /rating/],
      [{ events: [{ type: "like", userId: "u", itemId: "item-1", at: Date.now() }] }, "BAD_FEEDBACK", /events\.0\.type/],
      [{ events: [] }, "BAD_FEEDBACK", /events/],
      [{ events: [{ type: "click", userId: "u", itemId: "item-1", at: Date.now() }, { type: "click", userId: "u", itemId: "nope", at: Date.now() }] }, "UNKNOWN_ITEM", /"nope"/],
    ];
    for (const [body, code, message] of cases) {
      const res = await post(`${server.url}/v1/feedback`, body);
      expect(res.status).toBe(400);
      const error = res.body.error as { code: string; message: string };
      expect(error.code).toBe(code);
      expect(error.message).toMatch(message);
    }
    const raw = await fetch(`${server.url}/v1/feedback`, { method: "POST", body: "{not json" });
    expect(raw.status).toBe(400);
    const trpc = await fetch(`${server.url}/trpc/serving.feedback`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ events: [{ type: "click" }] }) });
    expect(trpc.status).toBe(400);
    expect(((await trpc.json()) as { error: { data: { edgeCode: string } } }).error.data.edgeCode).toBe("BAD_FEEDBACK");
    expect(node.store.interactions.count()).toBe(before);
    expect(node.store.replay.size()).toBe(0);
    // A well-formed call is stored (and a re-sent one is not stored twice).
    const ok = clicks(3, "bob");
    expect((await post(`${server.url}/v1/feedback`, ok)).status).toBe(200);
    expect((await post(`${server.url}/v1/feedback`, ok)).status).toBe(200);
    expect(node.store.interactions.count()).toBe(before + 3 * 3);
  });
});
