import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, SPEC, clientFor, codeOf, pushDelta, startHarness } from "./harness.js";

describe("authentication and authorisation", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ settings: { minUpdates: 5 } });
  });
  afterAll(() => h?.dispose());

  it("every call is authenticated; an edge token is not an admin token", async () => {
    const a = await h.registerEdge("a");
    const anonymous = clientFor(h.coordinator.url, null);
    expect(await codeOf(anonymous.models.production.query())).toBe("UNAUTHORIZED");
    expect(await codeOf(anonymous.edges.register.mutate({ bootstrapSecret: "wrong-secret", name: "x", region: "r" }))).toBe("UNAUTHORIZED");
    expect(await codeOf(a.client.admin.health.query())).toBe("UNAUTHORIZED");
    expect(await codeOf(a.client.admin.versions.rollback.mutate({ to: h.genesis, reason: "edge tries" }))).toBe("UNAUTHORIZED");
    expect(await codeOf(h.admin.admin.health.query())).toBe("resolved");
    const params = await fetch(`${h.coordinator.url}/v1/models/${h.genesis}/params`, { headers: { authorization: "Bearer nope" } });
    expect(params.status).toBe(401);
  });

  it("an edge acts only as itself, and a revoked edge is refused; refusals change nothing", async () => {
    const a = await h.registerEdge("a2");
    const b = await h.registerEdge("b2");
    const round = (await a.client.rounds.current.query())!;
    const delta = new Float32Array(SPEC.length).fill(0.5);
    expect(await codeOf(pushDelta(a.client, { roundId: round.roundId, baseVersion: h.genesis, delta, numExamples: 3, edgeId: b.edgeId }))).toBe("FORBIDDEN");
    await h.admin.admin.edges.revoke.mutate({ edgeId: b.edgeId, reason: "compromised" });
    expect(await codeOf(pushDelta(b.client, { roundId: round.roundId, baseVersion: h.genesis, delta, numExamples: 3 }))).toBe("REVOKED");
    expect(await codeOf(b.client.edges.heartbeat.mutate())).toBe("REVOKED");
    expect(await h.database.repo.updates.listForRound(round.roundId)).toHaveLength(0);
    const audit = await h.admin.admin.audit.list.query({ limit: 5 });
    expect(audit.some((e) => e.action === "edge.revoke" && e.targetId === b.edgeId)).toBe(true);
    // A's own push, as itself, goes through.
    expect(await codeOf(pushDelta(a.client, { roundId: round.roundId, baseVersion: h.genesis, delta, numExamples: 3, edgeId: a.edgeId }))).toBe("resolved");
  });

  it("a repeated idempotency key gets the first answer; a second, different push is refused", async () => {
    const c = await h.registerEdge("c");
    const round = (await c.client.rounds.current.query())!;
    const delta = new Float32Array(SPEC.length).fill(0.25);
    const first = await pushDelta(c.client, { roundId: round.roundId, baseVersion: h.genesis, delta, numExamples: 2, idempotencyKey: "key-c-000001" });
    const again = await pushDelta(c.client, { roundId: round.roundId, baseVersion: h.genesis, delta: delta.map(() => 9), numExamples: 7, idempotencyKey: "key-c-000001" });
    expect(again).toMatchObject({ updateId: first.updateId, created: false });
    expect(await codeOf(pushDelta(c.client, { roundId: round.roundId, baseVersion: h.genesis, delta, numExamples: 2 }))).toBe("ALREADY_SUBMITTED");
    const stored = (await h.database.repo.updates.listForRound(round.roundId)).filter((u) => u.edgeId === c.edgeId);
    expect(stored.map((u) => u.numExamples)).toEqual([2]);
  });

  it("refuses a stale base, an oversized norm, and a wrong round", async () => {
    const d = await h.registerEdge("d");
    const round = (await d.client.rounds.current.query())!;
    const delta = new Float32Array(SPEC.length).fill(0.1);
    expect(await codeOf(pushDelta(d.client, { roundId: round.roundId + 100, baseVersion: h.genesis, delta, numExamples: 1 }))).toBe("ROUND_NOT_OPEN");
    await h.admin.admin.strategy.set.mutate({ maxDeltaNorm: 1 });
    expect(await codeOf(pushDelta(d.client, { roundId: round.roundId, baseVersion: h.genesis, delta: delta.map(() => 10), numExamples: 1 }))).toBe("NORM_BOUND_EXCEEDED");
    await h.admin.admin.strategy.set.mutate({ maxDeltaNorm: null });
    const metrics = await (await fetch(`${h.coordinator.url}/metrics`)).text();
    expect(metrics).toMatch(/tributary_updates_refused_total\{code="NORM_BOUND_EXCEEDED"\} 1/);
    expect(metrics).toMatch(/tributary_updates_refused_total\{code="FORBIDDEN"\} 1/);
  });
});
