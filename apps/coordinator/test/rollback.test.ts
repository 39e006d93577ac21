import { afterEach, describe, expect, it } from "vitest";
import { type Harness, SPEC, codeOf, pushDelta, startHarness, watchFor } from "./harness.js";

async function promoteOneRound(h: Harness, edges: Awaited<ReturnType<Harness["registerEdge"]>>[], base: number): Promise<number> {
  const round = (await edges[0]!.client.rounds.current.query())!;
  let version = 0;
  for (const e of edges) {
    const r = await pushDelta(e.client, { roundId: round.roundId, baseVersion: base, delta: new Float32Array(SPEC.length).fill(0.1), numExamples: 1 });
    version = r.newVersion ?? version;
  }
  return version;
}

describe("rollback", () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.dispose();
    h = undefined;
  });

  it("an admin rollback moves production atomically, is audited, and reaches a subscribed edge", async () => {
    h = await startHarness({ settings: { minUpdates: 1 } });
    const a = await h.registerEdge("a");
    const v2 = await promoteOneRound(h, [a], h.genesis);
    const v3 = await promoteOneRound(h, [a], v2);
    expect(await h.database.repo.aliases.get("production")).toBe(v3);
    const rollback = await watchFor(a.client, (e) => (e.type === "rollback" ? e : undefined));
    expect(await h.admin.admin.versions.rollback.mutate({ to: v2, reason: "bad CTR in eu-west" })).toEqual({ from: v3, to: v2 });
    expect(await rollback.event).toMatchObject({ type: "rollback", version: v2, previousVersion: v3 });
    const history = await h.admin.admin.aliases.history.query({ name: "production" });
    expect(history[0]).toMatchObject({ versionId: v2, previousVersionId: v3, actor: "admin", reason: "bad CTR in eu-west" });
    const audit = await h.admin.admin.audit.list.query({ limit: 10 });
    expect(audit.find((e) => e.action === "version.rollback")).toMatchObject({ actor: "admin", targetId: String(v2), details: { from: v3, to: v2 } });
    // The open round moved to the new production.
    expect((await a.client.rounds.current.query())!.baseVersion).toBe(v2);
    expect(await codeOf(h.admin.admin.versions.rollback.mutate({ to: v3, reason: "forward is not a rollback" }))).toBe("CONFLICT");
    expect(await codeOf(h.admin.admin.versions.rollback.mutate({ to: 999, reason: "nope" }))).toBe("NOT_FOUND");
    expect(await h.admin.admin.versions.promote.mutate({ version: v3, reason: "fixed upstream" })).toEqual({ from: v2, to: v3 });
  });

  it("rolls back automatically when live metrics of production regress against its predecessor", async () => {
    h = await startHarness({ settings: { minUpdates: 1, autoRollback: { enabled: true, metric: "loss", direction: "lower", threshold: 0.1, minExamples: 100 } } });
    const [a, b] = [await h.registerEdge("a"), await h.registerEdge("b")];
    const v2 = await promoteOneRound(h, [a], h.genesis);
    const v3 = await promoteOneRound(h, [a], v2);
    // v2 served fine; v3 is 30 % worse once enough examples are in.
    await a.client.edges.reportMetrics.mutate({ version: v2, numExamples: 80, metrics: { loss: 0.5 } });
    await b.client.edges.reportMetrics.mutate({ version: v2, numExamples: 80, metrics: { loss: 0.5 } });
    expect((await a.client.edges.reportMetrics.mutate({ version: v3, numExamples: 60, metrics: { loss: 0.65 } })).rolledBackTo).toBeNull();
    expect(await h.database.repo.aliases.get("production")).toBe(v3);
    const rollback = await watchFor(b.client, (e) => (e.type === "rollback" ? (e.version as number) : undefined));
    expect((await b.client.edges.reportMetrics.mutate({ version: v3, numExamples: 60, metrics: { loss: 0.65 } })).rolledBackTo).toBe(v2);
    expect(await rollback.event).toBe(v2);
    expect(await h.database.repo.aliases.get("production")).toBe(v2);
    const decisions = await h.admin.admin.versions.get.query({ version: v3 });
    expect(decisions.decisions.at(-1)).toMatchObject({ decision: "rolled-back", actor: "coordinator:auto-rollback" });
  });
});
