/**
 * `npm run db:migrate`: applies the committed migrations to the Postgres named
 * by DATABASE_URL and says what it did.
 *
 * Exit codes: 0 migrated (or already up to date); 1 the database refused or a
 * migration failed; 2 DATABASE_URL is missing.
 */
import { openDatabase } from "./open-database.js";

/** Exit codes of this CLI. */
export const MigrateExitCode = { Ok: 0, Failed: 1, MissingDatabaseUrl: 2 } as const;

function describe(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || "5432"}${parsed.pathname}`;
  } catch {
    return "the configured database";
  }
}

async function main(): Promise<number> {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    console.error(
      "db:migrate: DATABASE_URL is not set. Set it to a Postgres URL, e.g. DATABASE_URL=postgres://postgres@127.0.0.1:5432/tributary npm run db:migrate\n" +
        "(PGlite databases need no command: they are migrated when opened.)",
    );
    return MigrateExitCode.MissingDatabaseUrl;
  }
  try {
    const db = await openDatabase({ databaseUrl });
    await db.close();
    const { applied, total } = db.migrations;
    console.log(
      applied === 0
        ? `db:migrate: ${describe(databaseUrl)} is up to date (${total} migrations applied earlier)`
        : `db:migrate: applied ${applied} migration(s) to ${describe(databaseUrl)}; ${total} in total`,
    );
    return MigrateExitCode.Ok;
  } catch (error) {
    console.error(`db:migrate: migrating ${describe(databaseUrl)} failed: ${error instanceof Error ? error.message : String(error)}`);
    return MigrateExitCode.Failed;
  }
}

process.exitCode = await main();
