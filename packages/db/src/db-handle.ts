import type { SQL } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";

/**
 * What the repositories run queries on: a drizzle database of either driver,
 * or a transaction opened on one (both are a `PgDatabase`).
 */
export type DbHandle = PgDatabase<PgQueryResultHKT>;

/**
 * Runs raw SQL on either driver and returns its rows (node-postgres and
 * PGlite both answer with `{ rows }`). Columns come back as the driver parses
 * them, with their SQL names.
 * @throws the driver's error when the statement fails
 */
export async function queryRows<T extends Record<string, unknown>>(db: DbHandle, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as { rows: T[] };
  return result.rows;
}
