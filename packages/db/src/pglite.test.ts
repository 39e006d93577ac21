import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { createParameterSpec } from "@tributary/protocol";
import { beforeAll, describe, expect, it } from "vitest";
import { openDatabase, openPgliteDatabase } from "./open-database.js";
import { committedMigrations, repositoryContract } from "./repository.contract.js";

describe("PGlite in memory", () => {
  it("applies every committed migration to a fresh database", async () => {
    const db = await openDatabase();
    try {
      expect(db.driver).toBe("pglite");
      expect(db.migrations).toEqual({ applied: committedMigrations(), total: committedMigrations() });
    } finally {
      await db.close();
    }
  });
});

// Each contract test gets its own copy of one migrated database: restoring a dump
// takes a fraction of the time of initdb + migrations, and the copy is just as fresh.
let template: Blob;
beforeAll(async () => {
  const db = await openDatabase();
  template = await (db.drizzle as unknown as { $client: PGlite }).$client.dumpDataDir("none");
  await db.close();
});
repositoryContract("repository on PGlite", () => openPgliteDatabase(new PGlite({ loadDataDir: template })));

describe("PGlite with a data directory", () => {
  it("keeps its data and applies no migration twice when reopened", async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), "tributary-db-"));
    try {
      const first = await openDatabase({ dataDir });
      expect(first.migrations).toEqual({ applied: committedMigrations(), total: committedMigrations() });
      const spec = createParameterSpec([{ name: "w", shape: [3] }]);
      const version = await first.repo.versions.create({
        parentId: null,
        roundId: null,
        spec,
        params: new Float32Array([1, 2, 3]),
        strategy: null,
      });
      await first.close();

      const second = await openDatabase({ dataDir });
      try {
        expect(second.migrations).toEqual({ applied: 0, total: committedMigrations() });
        expect(await second.repo.versions.get(version.id)).toEqual(version);
        expect(Array.from(await second.repo.versions.loadParams(version.id))).toEqual([1, 2, 3]);
      } finally {
        await second.close();
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
