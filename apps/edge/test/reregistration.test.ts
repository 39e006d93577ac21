import { afterEach, describe, expect, it } from "vitest";
import type { OutboxEntry } from "../src/store/outbox-table.js";
import { type EdgeHarness, events, nextEvent, startEdgeHarness } from "./edge-harness.js";
import { type CoordinatorFixture, startCoordinatorFixture } from "./fixtures.js";

const cleanup: (() => Promise<void>)[] = [];
let h: EdgeHarness | undefined;
afterEach(async () => {
  await h?.dispose();
  h = undefined;
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

describe("a coordinator that forgot the edge", () => {
  it("answers UNAUTHORIZED with a new registration by the bootstrap secret, then subscribes, catches up and pushes again", async () => {
    h = await startEdgeHarness(1, { node: { asyncMinExamples: 30 } });
    const { fixture, proxy, node } = h;
    const before = node.edgeId!;
    // The same address now answers from an empty database: the stored token is unknown there.
    const fresh: CoordinatorFixture = await startCoordinatorFixture(1, { bootstrapSecret: fixture.bootstrapSecret });
    cleanup.push(() => fresh.close());
    const reregistered = nextEvent<[string]>(node.federation, "reregistered");
    proxy.target = fresh.coordinator.url;
    const [after] = await reregistered;
    expect(after).not.toBe(before);
    expect(node.edgeId).toBe(after);
    expect((await fresh.database.repo.edges.list()).map((e) => [e.id, e.name])).toEqual([[after, "test-edge"]]);

    const pushed = nextEvent<[OutboxEntry, { newVersion: number | null }]>(node.federation, "pushed");
    const swapped = nextEvent<[number]>(node, "swapped", (v) => v > fresh.genesis);
    await node.feedback(events("click", 10, "ana"));
    const [entry] = await pushed;
    const [version] = await swapped;
    const updates = await fresh.database.repo.updates.listForRound(entry.roundId);
    expect(updates.map((u) => [u.edgeId, u.idempotencyKey])).toEqual([[after, entry.idempotencyKey]]);
    expect((await fresh.database.repo.versions.get(version))!.roundId).toBe(entry.roundId);
  });
});
