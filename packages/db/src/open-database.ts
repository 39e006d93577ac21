import { mkdir } from "node:fs/promises";
import { PGlite } from "@electric-sql/pglite";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import { migrate as migratePg } from "drizzle-orm/node-postgres/migrator";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import pg from "pg";
import { type MigrationReport, applyMigrations } from "./apply-migrations.js";
import type { DbHandle } from "./db-handle.js";
import { type Repository, createRepository } from "./repository.js";

/** Where the database lives. */
export interface OpenDatabaseOptions {
  /** Postgres connection URL; when given (non-empty) the `pg` driver is used and `dataDir` is ignored. */
  databaseUrl?: string;
  /** PGlite data dir (created if missing); omitted = in-memory. */
  dataDir?: string;
}

/** An open, migrated database. */
export interface Database {
  readonly driver: "pg" | "pglite";
  readonly repo: Repository;
  /** What opening did to the schema. */
  readonly migrations: MigrationReport;
  /** The drizzle handle underneath, for maintenance and tests; application code goes through `repo`. */
  readonly drizzle: DbHandle;
  /** Closes the pool or the PGlite instance; the Database is unusable afterwards. */
  close(): Promise<void>;
}

/** Advisory lock key held while migrating, so coordinators starting together migrate one at a time. */
const MIGRATION_LOCK_KEY = 0x7472_6962; // "trib"

const casing = "snake_case";

/**
 * Opens Postgres through node-postgres when `databaseUrl` is given, PGlite
 * otherwise, and applies the pending migrations.
 * @throws the driver's error when it cannot connect or a migration fails (nothing is left open)
 */
export async function openDatabase(options: OpenDatabaseOptions = {}): Promise<Database> {
  return options.databaseUrl ? openPg(options.databaseUrl) : openPglite(options.dataDir);
}

async function openPg(connectionString: string): Promise<Database> {
  const pool = new pg.Pool({ connectionString });
  // The pool drops a client whose connection died while idle and reconnects on the next query;
  // without a listener that error event would crash the process.
  pool.on("error", () => undefined);
  try {
    const client = await pool.connect();
    let migrations: MigrationReport;
    try {
      await client.query("select pg_advisory_lock($1)", [MIGRATION_LOCK_KEY]);
      try {
        migrations = await applyMigrations(drizzlePg({ client, casing }), migratePg);
      } finally {
        await client.query("select pg_advisory_unlock($1)", [MIGRATION_LOCK_KEY]);
      }
    } finally {
      client.release();
    }
    const db = drizzlePg({ client: pool, casing });
    return { driver: "pg", repo: createRepository(db), migrations, drizzle: db, close: () => pool.end() };
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw error;
  }
}

async function openPglite(dataDir: string | undefined): Promise<Database> {
  if (dataDir !== undefined) await mkdir(dataDir, { recursive: true });
  return openPgliteDatabase(dataDir === undefined ? new PGlite() : new PGlite(dataDir));
}

/**
 * Wraps a PGlite instance you created yourself (e.g. one restored with
 * `loadDataDir`) and applies the pending migrations; `close()` closes it.
 * @throws the driver's error when a migration fails (the instance is closed)
 */
export async function openPgliteDatabase(client: PGlite): Promise<Database> {
  try {
    await client.waitReady;
    const db = drizzlePglite({ client, casing });
    const migrations = await applyMigrations(db, migratePglite);
    return { driver: "pglite", repo: createRepository(db), migrations, drizzle: db, close: () => client.close() };
  } catch (error) {
    await client.close().catch(() => undefined);
    throw error;
  }
}
