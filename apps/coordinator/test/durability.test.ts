import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createScratchDatabase, openDatabase } from "@tributary/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ChildCoordinator, spawnCoordinator } from "./child-coordinator.js";
import { SPEC, clientFor, importVersion, pushDelta } from "./harness.js";

/**
 * kill -9 of a coordinator in the middle of a round, then a restart on the same
 * database: every acknowledged update is still there and the round completes.
 * Postgres when DATABASE_URL is set (CI); otherwise PGlite on disk.
 */
describe("durability across kill -9", () => {
  const secrets = { TRIBUTARY_BOOTSTRAP_SECRET: "bootstrap-secret-1", TRIBUTARY_ADMIN_TOKEN: "admin-token-0001", TRIBUTARY_MIN_UPDATES: "3" };
  let dbEnv: Record<string, string>;
  let cleanup: () => Promise<void>;
  let running: ChildCoordinator | null = null;

  beforeAll(async () => {
    if (process.env.DATABASE_URL) {
      const scratch = await createScratchDatabase(process.env.DATABASE_URL, "tributary_crash");
      dbEnv = { DATABASE_URL: scratch.url };
      cleanup = () => scratch.drop();
    } else {
      const dir = mkdtempSync(path.join(tmpdir(), "tributary-crash-"));
      dbEnv = { DATABASE_URL: "", TRIBUTARY_PGLITE_DIR: dir };
      cleanup = async () => rmSync(dir, { recursive: true, force: true });
    }
  });
  afterAll(async () => {
    await running?.stop();
    await cleanup?.();
  });

  it("keeps every acknowledged update and completes the round after a restart", async () => {
    running = await spawnCoordinator({ ...dbEnv, ...secrets });
    const admin = clientFor(running.url, secrets.TRIBUTARY_ADMIN_TOKEN);
    const genesis = await importVersion(admin, new Float32Array(SPEC.length).fill(1));
    const anonymous = clientFor(running.url, null);
    const tokens: string[] = [];
    for (const name of ["a", "b", "c"]) tokens.push((await anonymous.edges.register.mutate({ bootstrapSecret: secrets.TRIBUTARY_BOOTSTRAP_SECRET, name, region: "r" })).token);
    const round = (await clientFor(running.url, tokens[0]!).rounds.current.query())!;
    const deltas = [0.5, -1, 2].map((v, i) => Float32Array.from({ length: SPEC.length }, (_, j) => v + j * 0.01 * (i + 1)));
    const sizes = [10, 30, 60];
    const keys = ["crash-key-a", "crash-key-b", "crash-key-c"];
    const push = (url: string, i: number) =>
      pushDelta(clientFor(url, tokens[i]!), { roundId: round.roundId, baseVersion: genesis, delta: deltas[i]!, numExamples: sizes[i]!, idempotencyKey: keys[i]! });

    const acked = [await push(running.url, 0), await push(running.url, 1)];
    expect(acked.every((r) => r.created)).toBe(true);
    // The third push is in flight when the process dies; its fate is unknown to the edge.
    const inFlight = push(running.url, 2).then(
      () => "acked",
      () => "lost",
    );
    await running.kill9();
    await inFlight;

    running = await spawnCoordinator({ ...dbEnv, ...secrets });
    // The edge retries with the same key: taken once, whether or not it was stored before the crash.
    const retry = await push(running.url, 2);
    expect(retry.roundId).toBe(round.roundId);
    await running.stop();
    running = null;

    const db = await openDatabase(dbEnv.DATABASE_URL ? { databaseUrl: dbEnv.DATABASE_URL } : { dataDir: dbEnv.TRIBUTARY_PGLITE_DIR! });
    try {
      const updates = await db.repo.updates.listForRound(round.roundId);
      expect(updates.map((u) => u.idempotencyKey).sort()).toEqual(keys);
      const stored = await db.repo.rounds.get(round.roundId);
      expect(stored?.status).toBe("closed");
      // Exactly one new version (ids may skip after a crash: Postgres pre-allocates sequence values).
      const versions = await db.repo.versions.list();
      expect(versions).toHaveLength(2);
      const result = versions[0]!;
      expect(result).toMatchObject({ parentId: genesis, roundId: round.roundId });
      expect(stored?.resultVersionId).toBe(result.id);
      expect(await db.repo.aliases.get("production")).toBe(result.id);
      const params = await db.repo.versions.loadParams(result.id);
      const total = sizes.reduce((a, b) => a + b, 0);
      for (let j = 0; j < SPEC.length; j++) {
        const expected = 1 + deltas.reduce((s, d, i) => s + (sizes[i]! / total) * d[j]!, 0);
        expect(Math.abs(params[j]! - expected)).toBeLessThanOrEqual(1e-6);
      }
    } finally {
      await db.close();
    }
  });
});
