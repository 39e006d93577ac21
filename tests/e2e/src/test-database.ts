import { type Database, createScratchDatabase, openDatabase } from "@tributary/db";

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
  const scratch = await createScratchDatabase(serverUrl, "tributary_e2e");
  const database = await openDatabase({ databaseUrl: scratch.url });
  return {
    database,
    dispose: async () => {
      await database.close();
      await scratch.drop();
    },
  };
}
