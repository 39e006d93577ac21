import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { queryRows } from "./db-handle.js";
import { openDatabase } from "./open-database.js";
import { committedMigrations, repositoryContract } from "./repository.contract.js";

// CI points DATABASE_URL at a Postgres it may create databases on; each test
// below gets its own randomly named database, dropped afterwards, so parallel
// runs never see each other.
const adminUrl = process.env.DATABASE_URL;

if (!adminUrl) {
  console.warn("pg.test.ts: DATABASE_URL is not set; the repository contract was NOT run on Postgres (PGlite only)");
  describe("repository on Postgres (pg driver)", () => {
    it.skip("skipped: DATABASE_URL is not set, so the contract suite did not run on Postgres", () => {});
  });
} else {
  const created: string[] = [];

  const withAdmin = async <T>(fn: (client: pg.Client) => Promise<T>): Promise<T> => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      return await fn(client);
    } finally {
      await client.end();
    }
  };

  /** A fresh, empty database on the same server; its URL. */
  const freshDatabaseUrl = async (): Promise<string> => {
    const name = `tributary_test_${randomBytes(6).toString("hex")}`;
    await withAdmin((client) => client.query(`create database "${name}"`));
    created.push(name);
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    return url.toString();
  };

  afterAll(async () => {
    await withAdmin(async (client) => {
      for (const name of created) await client.query(`drop database if exists "${name}" with (force)`);
    });
  });

  repositoryContract("repository on Postgres (pg driver)", async () => openDatabase({ databaseUrl: await freshDatabaseUrl() }));

  describe("Postgres specifics", () => {
    it("applies every migration once, even when two processes open a fresh database together", async () => {
      const databaseUrl = await freshDatabaseUrl();
      const [a, b] = await Promise.all([openDatabase({ databaseUrl }), openDatabase({ databaseUrl })]);
      try {
        expect(a.driver).toBe("pg");
        expect([a.migrations.applied, b.migrations.applied].sort()).toEqual([0, committedMigrations()]);
        expect(b.migrations.total).toBe(committedMigrations());
      } finally {
        await Promise.all([a.close(), b.close()]);
      }
      const again = await openDatabase({ databaseUrl });
      try {
        expect(again.migrations).toEqual({ applied: 0, total: committedMigrations() });
      } finally {
        await again.close();
      }
    });

    it("lock(key) makes a second transaction wait until the first ends", async () => {
      const db = await openDatabase({ databaseUrl: await freshDatabaseUrl() });
      let releaseFirst = () => {};
      try {
        const order: string[] = [];
        const firstMayEnd = new Promise<void>((resolve) => (releaseFirst = resolve));
        let firstHolds!: () => void;
        const firstHasLock = new Promise<void>((resolve) => (firstHolds = resolve));
        const first = db.repo.transaction(async (tx) => {
          await tx.lock(4242);
          firstHolds();
          await firstMayEnd;
          order.push("first ends");
        });
        await firstHasLock;
        let secondSettled = false;
        const second = db.repo
          .transaction(async (tx) => {
            await tx.lock(4242);
            order.push("second holds");
          })
          .finally(() => (secondSettled = true));
        // Wait until Postgres reports the second transaction blocked on the advisory lock (or it got through).
        for (let waiting = 0; waiting === 0 && !secondSettled; ) {
          const [row] = await queryRows<{ n: number }>(
            db.drizzle,
            sql`select count(*)::int as n from pg_locks where locktype = 'advisory' and not granted`,
          );
          waiting = row?.n ?? 0;
        }
        expect(order).toEqual([]);
        releaseFirst();
        await Promise.all([first, second]);
        expect(order).toEqual(["first ends", "second holds"]);
      } finally {
        releaseFirst(); // a failed expectation must not leave the first transaction holding its connection
        await db.close();
      }
    });
  });
}
