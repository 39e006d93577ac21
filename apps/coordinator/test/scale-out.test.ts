import { createScratchDatabase, openDatabase } from "@tributary/db";
import { afterAll, describe, expect, it } from "vitest";
import { type ChildCoordinator, spawnCoordinator } from "./child-coordinator.js";
import { SPEC, clientFor, importVersion, pushDelta, watchFor } from "./harness.js";

const serverUrl = process.env.DATABASE_URL;

/** Two coordinator processes on one Postgres: no round closes twice, no double promotion. */
describe.skipIf(!serverUrl)("scale-out: two coordinators, one database (needs DATABASE_URL)", () => {
  const children: ChildCoordinator[] = [];
  let drop: (() => Promise<void>) | null = null;
  afterAll(async () => {
    await Promise.all(children.map((c) => c.stop()));
    await drop?.();
  });

  it("3 rounds with edges split across both processes yield exactly one version per round", async () => {
    const scratch = await createScratchDatabase(serverUrl!, "tributary_scaleout");
    drop = () => scratch.drop();
    const env = { DATABASE_URL: scratch.url, TRIBUTARY_BOOTSTRAP_SECRET: "bootstrap-secret-2", TRIBUTARY_ADMIN_TOKEN: "admin-token-0002", TRIBUTARY_MIN_UPDATES: "4" };
    children.push(await spawnCoordinator(env), await spawnCoordinator(env));
    const [a, b] = children as [ChildCoordinator, ChildCoordinator];
    const genesis = await importVersion(clientFor(a.url, env.TRIBUTARY_ADMIN_TOKEN), new Float32Array(SPEC.length));
    const edges = [];
    for (let i = 0; i < 4; i++) {
      const url = i % 2 === 0 ? a.url : b.url;
      const { token } = await clientFor(url, null).edges.register.mutate({ bootstrapSecret: env.TRIBUTARY_BOOTSTRAP_SECRET, name: `e${i}`, region: "r" });
      edges.push(clientFor(url, token));
    }
    // An edge on B hears of releases that A makes (and vice versa) through the shared event log.
    let base = genesis;
    for (let r = 0; r < 3; r++) {
      const round = (await edges[1]!.rounds.current.query())!;
      expect(round.baseVersion).toBe(base); // the next round opens before the push that closed the last one returns
      const released = await watchFor(edges[r % 2 === 0 ? 1 : 0]!, (e) => (e.type === "release" && (e.version as number) > base ? (e.version as number) : undefined));
      await Promise.all(edges.map((e, i) => pushDelta(e, { roundId: round.roundId, baseVersion: base, delta: new Float32Array(SPEC.length).fill(i + r), numExamples: 1 + i })));
      base = await released.event;
    }

    const db = await openDatabase({ databaseUrl: scratch.url });
    try {
      const rounds = (await db.repo.rounds.list()).filter((r) => r.status !== "open");
      expect(rounds).toHaveLength(3);
      expect(rounds.every((r) => r.status === "closed")).toBe(true);
      const versions = await db.repo.versions.list();
      expect(versions).toHaveLength(4);
      expect(new Set(rounds.map((r) => r.resultVersionId)).size).toBe(3);
      const history = await db.repo.aliases.history("production");
      expect(history).toHaveLength(4);
      expect(history[0]!.versionId).toBe(base);
      expect((await db.repo.rounds.list()).filter((r) => r.status === "open")).toHaveLength(1);
    } finally {
      await db.close();
    }
  });
});
