import { eq, sql } from "drizzle-orm";
import type { DbHandle } from "./db-handle.js";
import { settings } from "./schema.js";

/** Run-time settings as JSON per key. Values are validated by their readers. */
export interface SettingsRepository {
  /** The stored value, or null when the key was never set. */
  get(key: string): Promise<unknown>;
  /** Sets (inserts or replaces) a key's value. */
  set(key: string, value: unknown): Promise<void>;
}

/** {@link SettingsRepository} over `db`. */
export function settingsRepository(db: DbHandle): SettingsRepository {
  return {
    async get(key) {
      const [row] = await db.select().from(settings).where(eq(settings.key, key));
      return row ? row.value : null;
    },
    async set(key, value) {
      await db
        .insert(settings)
        .values({ key, value })
        .onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: sql`now()` } });
    },
  };
}
