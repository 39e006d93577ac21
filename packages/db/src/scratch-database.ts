import { randomBytes } from "node:crypto";
import pg from "pg";

/** A throwaway database on a Postgres server, and how to drop it. */
export interface ScratchDatabase {
  /** Connection string of the new, empty database. */
  readonly url: string;
  /** Drops it (forcing other connections off). Safe to call twice. */
  drop(): Promise<void>;
}

/**
 * Creates a fresh, randomly named database on the server `serverUrl` points at
 * (its role needs CREATEDB), for tests and benchmarks that must not share state.
 * @throws the driver's error when the server refuses
 */
export async function createScratchDatabase(serverUrl: string, prefix = "tributary_scratch"): Promise<ScratchDatabase> {
  const name = `${prefix}_${randomBytes(6).toString("hex")}`;
  await withClient(serverUrl, (c) => c.query(`create database "${name}"`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  let dropped = false;
  return {
    url: url.toString(),
    drop: async () => {
      if (dropped) return;
      dropped = true;
      await withClient(serverUrl, (c) => c.query(`drop database if exists "${name}" with (force)`));
    },
  };
}

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
