import { afterEach, describe, expect, it } from "vitest";
import { type Harness, SPEC, codeOf, fetchParams, pushDelta, startHarness } from "./harness.js";

const delta = (v: number) => new Float32Array(SPEC.length).fill(v);

describe("round engine", () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.dispose();
    h = undefined;
  });

  it("a sync round with a deadline closes with what it has and records the stragglers", async () => {
    h = await startHarness({ settings: { minUpdates: 2, targetUpdates: 3, deadlineSeconds: 1.5, fraction: 0.5, minParticipants: 3 }, autoOpen: false });
    const edges = [await h.registerEdge("a"), await h.registerEdge("b"), await h.registerEdge("c"), await h.registerEdge("d")];
    const round = await h.admin.admin.rounds.open.mutate();
    const participants = (round.config as { participants: string[] }).participants;
    expect(participants).toHaveLength(3); // max(minParticipants 3, ⌈0.5 × 4⌉)
    const outsider = edges.find((e) => !participants.includes(e.edgeId))!;
    const inside = edges.filter((e) => participants.includes(e.edgeId));
    expect(await codeOf(pushDelta(outsider.client, { roundId: round.id, baseVersion: h.genesis, delta: delta(1), numExamples: 1 }))).toBe("NOT_A_PARTICIPANT");
    await pushDelta(inside[0]!.client, { roundId: round.id, baseVersion: h.genesis, delta: delta(1), numExamples: 1 });
    await pushDelta(inside[1]!.client, { roundId: round.id, baseVersion: h.genesis, delta: delta(3), numExamples: 1 });
    const closed = await new Promise<NonNullable<Awaited<ReturnType<typeof h.database.repo.rounds.get>>>>((resolve) => {
      const poll = async () => {
        const r = await h!.database.repo.rounds.get(round.id);
        if (r && r.status !== "open") resolve(r);
        else setTimeout(poll, 100);
      };
      void poll();
    });
    expect(closed.status).toBe("closed");
    expect(closed.outcome).toMatchObject({ actor: "coordinator:deadline", updates: 2, stragglers: inside.slice(2).map((e) => e.edgeId) });
    expect(await codeOf(pushDelta(inside[2]!.client, { roundId: round.id, baseVersion: h.genesis, delta: delta(1), numExamples: 1 }))).toBe("ROUND_NOT_OPEN");
  });

  it("an admin close below the minimum fails the round and the model stays", async () => {
    h = await startHarness({ settings: { minUpdates: 3 } });
    const a = await h.registerEdge("a");
    const round = (await a.client.rounds.current.query())!;
    await pushDelta(a.client, { roundId: round.roundId, baseVersion: h.genesis, delta: delta(1), numExamples: 1 });
    const result = await h.admin.admin.rounds.close.mutate({ round: round.roundId });
    expect(result).toMatchObject({ status: "failed", version: null });
    expect(await h.database.repo.aliases.get("production")).toBe(h.genesis);
    expect((await a.client.rounds.current.query())!.roundId).toBe(round.roundId + 1);
  });

  it("async (FedBuff): stale-but-bounded updates are taken with a staleness weight; staler ones are refused", async () => {
    h = await startHarness({ settings: { mode: "async", minUpdates: 2, maxStaleness: 1, strategy: { name: "fedbuff", bufferSize: 2 } } });
    const [a, b] = [await h.registerEdge("a"), await h.registerEdge("b")];
    let round = (await a.client.rounds.current.query())!;
    await pushDelta(a.client, { roundId: round.roundId, baseVersion: h.genesis, delta: delta(1), numExamples: 1 });
    const v2 = (await pushDelta(b.client, { roundId: round.roundId, baseVersion: h.genesis, delta: delta(1), numExamples: 1 })).newVersion!;
    round = (await a.client.rounds.current.query())!;
    // One version behind: accepted (staleness 1), weighted s(1) = 1/√2 against s(0) = 1.
    await pushDelta(a.client, { roundId: round.roundId, baseVersion: h.genesis, delta: delta(2), numExamples: 1 });
    const v3 = (await pushDelta(b.client, { roundId: round.roundId, baseVersion: v2, delta: delta(4), numExamples: 1 })).newVersion!;
    expect(v3).toBe(v2 + 1);
    // FedBuff: θ3 = θ2 + (1/K)·Σ s(τ)Δ = 1 + (2/√2 + 4)/2 (θ2 = 0 + (1 + 1)/2).
    const theta3 = await fetchParams(h.coordinator.url, h.adminToken, v3);
    for (const v of theta3) expect(v).toBeCloseTo(1 + (2 / Math.SQRT2 + 4) / 2, 5);
    round = (await a.client.rounds.current.query())!;
    expect(await codeOf(pushDelta(a.client, { roundId: round.roundId, baseVersion: h.genesis, delta: delta(1), numExamples: 1 }))).toBe("STALE_UPDATE");
    // An async edge may push more than once per buffer.
    await pushDelta(a.client, { roundId: round.roundId, baseVersion: v3, delta: delta(1), numExamples: 1 });
    expect(await codeOf(pushDelta(a.client, { roundId: round.roundId, baseVersion: v3, delta: delta(1), numExamples: 1 }))).toBe("resolved");
  });

  it("pause refuses updates and opens nothing; resume opens a round", async () => {
    h = await startHarness({ settings: { minUpdates: 2 } });
    const a = await h.registerEdge("a");
    const round = (await a.client.rounds.current.query())!;
    await h.admin.admin.rounds.pause.mutate();
    expect(await codeOf(pushDelta(a.client, { roundId: round.roundId, baseVersion: h.genesis, delta: delta(1), numExamples: 1 }))).toBe("PAUSED");
    expect(await codeOf(h.admin.admin.rounds.open.mutate())).toBe("PAUSED");
    await h.admin.admin.rounds.resume.mutate();
    expect(await codeOf(pushDelta(a.client, { roundId: round.roundId, baseVersion: h.genesis, delta: delta(1), numExamples: 1 }))).toBe("resolved");
    expect((await h.admin.admin.health.query()).paused).toBe(false);
  });
});
