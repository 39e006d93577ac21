import { fileURLToPath } from "node:url";
import { sql } from "drizzle-orm";
import type { MigrationConfig } from "drizzle-orm/migrator";
import { type DbHandle, queryRows } from "./db-handle.js";

/** The committed migrations, found relative to this file (never the cwd). */
export const MIGRATIONS_FOLDER = fileURLToPath(new URL("../drizzle", import.meta.url));

/** What applying the migrations did. */
export interface MigrationReport {
  /** Migrations applied by this call (0 when the database was up to date). */
  applied: number;
  /** Migrations recorded in the database afterwards. */
  total: number;
}

async function countApplied(db: DbHandle): Promise<number> {
  const [exists] = await queryRows<{ table: string | null }>(
    db,
    sql`select to_regclass('drizzle.__drizzle_migrations')::text as "table"`,
  );
  if (!exists?.table) return 0;
  const [counted] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from drizzle.__drizzle_migrations`);
  return Number(counted?.n ?? 0);
}

/**
 * Applies the pending migrations of {@link MIGRATIONS_FOLDER} with the
 * driver's drizzle migrator; idempotent.
 * @throws the driver's error when a migration fails (that migration's changes are rolled back)
 */
export async function applyMigrations<D extends DbHandle>(
  db: D,
  migrate: (db: D, config: MigrationConfig) => Promise<void>,
): Promise<MigrationReport> {
  const before = await countApplied(db);
  await migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
  const total = await countApplied(db);
  return { applied: total - before, total };
}
