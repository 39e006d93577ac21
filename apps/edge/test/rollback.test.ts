import { afterEach, describe, expect, it } from "vitest";
import type { LiveMetricsWindow } from "../src/serving/live-metrics.js";
import { type EdgeHarness, events, nextEvent, startEdgeHarness } from "./edge-harness.js";
import { adminClient, importParams, withOutputBias } from "./fixtures.js";

let h: EdgeHarness | undefined;
afterEach(async () => {
  await h?.dispose();
  h = undefined;
});

describe("rollback", () => {
  it("a rollback event hot-swaps the edge back to the earlier version", async () => {
    h = await startEdgeHarness(5, { node: { asyncMinExamples: 100_000 } });
    const { fixture, node } = h;
    const admin = adminClient(fixture.coordinator.url, fixture.adminToken);
    const genesis = node.store.models.load("global")!;
    const v2 = await importParams(fixture.coordinator.url, fixture.adminToken, node.modelSpec, genesis.params.map((x) => -x), "a different model");
    const forward = nextEvent<[number]>(node, "swapped", (v) => v === v2);
    await admin.admin.versions.promote.mutate({ version: v2, reason: "test" });
    await forward;
    expect((await node.search({ query: "jazz", k: 3 })).version).toBe(v2);

    const back = nextEvent<[number]>(node, "swapped", (v) => v === fixture.genesis);
    await admin.admin.versions.rollback.mutate({ to: fixture.genesis, reason: "bad CTR" });
    await back;
    expect(await node.search({ query: "jazz", k: 3 })).toMatchObject({ version: fixture.genesis, localRevision: 0 });
    expect(node.store.models.load("global")).toMatchObject({ version: fixture.genesis, params: genesis.params });
  });

  it("reports live metrics per served version, so the coordinator rolls a regressing version back automatically", async () => {
    h = await startEdgeHarness(5, {
      // Genesis says "not relevant" (right for impressions); the version promoted next says the opposite.
      coordinator: { settings: { autoRollback: { enabled: true, minExamples: 30, threshold: 0.1 } }, genesis: (p, spec) => withOutputBias(p, spec, -4) },
      node: { asyncMinExamples: 100_000, liveMetricsEvery: 30 },
    });
    const { fixture, node } = h;
    const admin = adminClient(fixture.coordinator.url, fixture.adminToken);
    const first = nextEvent<[LiveMetricsWindow, number | null]>(node, "liveMetrics");
    await node.feedback(events("impression", 30, "ana"));
    const [window1, none] = await first;
    expect(window1).toMatchObject({ version: fixture.genesis, numExamples: 30 });
    expect(window1.metrics.loss).toBeLessThan(0.1);
    expect(none).toBeNull();

    const bad = await importParams(fixture.coordinator.url, fixture.adminToken, node.modelSpec, withOutputBias(node.store.models.load("global")!.params, node.modelSpec, 4), "regressing");
    const swapped = nextEvent<[number]>(node, "swapped", (v) => v === bad);
    await admin.admin.versions.promote.mutate({ version: bad, reason: "looked fine offline" });
    await swapped;
    const second = nextEvent<[LiveMetricsWindow, number | null]>(node, "liveMetrics", (w) => w.version === bad);
    const back = nextEvent<[number]>(node, "swapped", (v) => v === fixture.genesis);
    await node.feedback(events("impression", 30, "bo", 1));
    const [window2, rolledBackTo] = await second;
    expect(window2.metrics.loss).toBeGreaterThan(1);
    expect(rolledBackTo).toBe(fixture.genesis);
    await back;
    expect(await fixture.database.repo.aliases.get("production")).toBe(fixture.genesis);
    expect((await fixture.database.repo.decisions.latest([bad])).get(bad)).toMatchObject({ decision: "rolled-back", actor: "coordinator:auto-rollback" });
  });
});
