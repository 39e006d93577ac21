import { afterEach, describe, expect, it } from "vitest";
import type { OutboxEntry } from "../src/store/outbox-table.js";
import { adminClient, importParams } from "./fixtures.js";
import { type EdgeHarness, events, nextEvent, startEdgeHarness } from "./edge-harness.js";

let h: EdgeHarness | undefined;
afterEach(async () => {
  await h?.dispose();
  h = undefined;
});

describe("asynchronous (FedBuff) rounds", () => {
  it("pushes on its own data-volume trigger, retrains a stale update instead of resending it, and serves the aggregated version", async () => {
    h = await startEdgeHarness(2, { coordinator: { settings: { mode: "async", maxStaleness: 0 } }, node: { asyncMinExamples: 40, trainIn: "worker" } });
    const { fixture, proxy, node } = h;
    const admin = adminClient(fixture.coordinator.url, fixture.adminToken);
    expect(node.federation.currentRound?.config.mode).toBe("async");

    // 5 clicks (+ 2 sampled negatives each) = 15 interactions: under the trigger, nothing is trained.
    await node.feedback(events("click", 5, "ana"));
    await node.federation.idle();
    expect(node.store.outbox.all()).toHaveLength(0);

    // Crossing the trigger trains on the edge's own, with no round announcement; the coordinator is away.
    proxy.mode = "down";
    const trained = nextEvent<[OutboxEntry, string]>(node.federation, "trained");
    const retrying = nextEvent(node.federation.sender, "retrying");
    await node.feedback(events("click", 10, "ana", 5));
    const [first, trigger] = await trained;
    await retrying;
    expect(trigger).toBe("data");
    expect(first.baseVersion).toBe(fixture.genesis);

    // Production moves on while the delta waits: with maxStaleness 0 it is now too stale.
    const head = node.store.models.load("global")!;
    const v2 = await importParams(fixture.coordinator.url, fixture.adminToken, node.modelSpec, head.params.map((x) => x * 0.9), "a newer production");
    await admin.admin.versions.promote.mutate({ version: v2, reason: "test" });
    const stale = nextEvent<[OutboxEntry]>(node.federation, "stale");
    const pushed = nextEvent<[OutboxEntry]>(node.federation, "pushed");
    proxy.mode = "pass";
    expect((await stale)[0].id).toBe(first.id);
    const [second] = await pushed;
    expect(second.baseVersion).toBe(v2);
    expect(second.idempotencyKey).not.toBe(first.idempotencyKey);
    expect(second.dataFrom).toBe(first.dataFrom); // the same interactions, retrained
    const refusedFirst = node.store.outbox.get(first.id)!;
    expect(refusedFirst.state).toBe("stale");
    expect(JSON.parse(refusedFirst.result!)).toMatchObject({ code: "STALE_UPDATE" });
    const round = first.roundId;
    const stored = await fixture.database.repo.updates.listForRound(round);
    expect(stored.map((u) => [u.idempotencyKey, u.baseVersionId])).toEqual([[second.idempotencyKey, v2]]);

    // More data → a second push to the same async round completes its buffer → a new version reaches the edge.
    const swapped = nextEvent<[number]>(node, "swapped", (v) => v > v2);
    await node.feedback(events("click", 14, "bo", 1));
    const [v3] = await swapped;
    const version = await fixture.database.repo.versions.get(v3);
    expect(version).toMatchObject({ roundId: round, parentId: v2 });
    expect((await fixture.database.repo.updates.listForRound(round)).map((u) => u.idempotencyKey)).toEqual([second.idempotencyKey, node.store.outbox.all().at(-1)!.idempotencyKey]);
    expect((await node.search({ query: "jazz album", k: 3 })).version).toBe(v3);
  });
});
