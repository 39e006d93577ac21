import BetterSqlite3, { type Database } from "better-sqlite3";
import { CatalogTable } from "./catalog-table.js";
import { InteractionTable, UserTable } from "./interaction-table.js";
import { MIGRATIONS } from "./migrations.js";
import { ModelCacheTable } from "./model-cache-table.js";
import { OutboxTable } from "./outbox-table.js";
import { ReplayTable } from "./replay-table.js";

/**
 * The edge's durable local store: one SQLite file (better-sqlite3, WAL,
 * synchronous=FULL so a committed write survives kill -9 and power loss)
 * holding the catalog with cached embeddings, interactions, user state, the
 * replay reservoir, the outbox and the model cache. All calls are synchronous.
 */
export class EdgeStore {
  readonly catalog: CatalogTable;
  readonly interactions: InteractionTable;
  readonly users: UserTable;
  readonly replay: ReplayTable;
  readonly outbox: OutboxTable;
  readonly models: ModelCacheTable;

  private constructor(private readonly db: Database) {
    this.catalog = new CatalogTable(db);
    this.interactions = new InteractionTable(db);
    this.users = new UserTable(db);
    this.replay = new ReplayTable(db);
    this.outbox = new OutboxTable(db);
    this.models = new ModelCacheTable(db);
  }

  /**
   * Opens (creating if needed) the store at `path` (":memory:" for a throwaway
   * one) and applies pending migrations.
   * @throws SqliteError when the file cannot be opened or is not a database; Error when it was written by a newer schema
   */
  static open(path: string): EdgeStore {
    const db = new BetterSqlite3(path);
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = FULL");
    db.pragma("foreign_keys = ON");
    db.pragma("busy_timeout = 5000");
    const current = db.pragma("user_version", { simple: true }) as number;
    if (current > MIGRATIONS.length) {
      db.close();
      throw new Error(`edge store ${path} has schema ${current}, this build knows up to ${MIGRATIONS.length}`);
    }
    db.transaction(() => {
      for (let v = current; v < MIGRATIONS.length; v++) db.exec(MIGRATIONS[v]!);
      db.pragma(`user_version = ${MIGRATIONS.length}`);
    })();
    return new EdgeStore(db);
  }

  /** A JSON value from the key-value table, or null. */
  getMeta<T>(key: string): T | null {
    const row = this.db.prepare(`SELECT value FROM meta WHERE key = ?`).get(key) as { value: string } | undefined;
    return row ? (JSON.parse(row.value) as T) : null;
  }

  /** Stores a JSON value under `key`. */
  setMeta(key: string, value: unknown): void {
    this.db.prepare(`INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`).run(key, JSON.stringify(value));
  }

  /** Runs `fn` in one transaction (nested calls join it); rolls back when it throws. */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  /** Closes the database; idempotent. */
  close(): void {
    if (this.db.open) this.db.close();
  }
}
