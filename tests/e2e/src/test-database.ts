import { randomBytes } from "node:crypto";
import { openDatabase, type Database } from "@tributary/db";
import pg from "pg";

/** A database for one test file, and how to dispose of it. */
export interface TestDatabase {
  readonly database: Database;
  dispose(): Promise<void>;
}

/**
 * With DATABASE_URL set (CI): a fresh, randomly named database on that server,
 * dropped afterwards, so test files never share state. Without it: in-memory PGlite.
 */
export async function openTestDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const database = await openDatabase();
    return { database, dispose: () => database.close() };
  }
  const name = `tributary_e2e_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: url.toString() });
  return {
    database,
    dispose: async () => {
      await database.close();
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}
