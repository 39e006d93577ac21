import { desc, eq, sql } from "drizzle-orm";
import type { DbHandle } from "./db-handle.js";
import { type AliasHistoryRow, aliases, aliasHistory } from "./schema.js";

/** Who moves an alias, and why; both land in the alias history. */
export interface AliasChange {
  actor: string;
  reason: string;
}

/** Named pointers to model versions (e.g. `production`) with their full history. */
export interface AliasesRepository {
  /** The version the alias points at; null when the alias was never set. */
  get(name: string): Promise<number | null>;
  /**
   * Points the alias at `versionId` and appends to its history, atomically.
   * Concurrent moves of the same alias are serialized by a row lock, so each
   * history entry's `previousVersionId` is the version it really replaced.
   * @throws the driver's foreign-key error when `versionId` is not a version
   */
  set(name: string, versionId: number, by: AliasChange): Promise<{ previousVersionId: number | null }>;
  /** Every move of the alias, newest first; empty when it was never set. */
  history(name: string): Promise<AliasHistoryRow[]>;
}

/** {@link AliasesRepository} over `db`. */
export function aliasesRepository(db: DbHandle): AliasesRepository {
  return {
    async get(name) {
      const [row] = await db.select({ versionId: aliases.versionId }).from(aliases).where(eq(aliases.name, name));
      return row?.versionId ?? null;
    },
    async set(name, versionId, by) {
      return db.transaction(async (tx) => {
        const lockCurrent = async () => {
          const [row] = await tx
            .select({ versionId: aliases.versionId })
            .from(aliases)
            .where(eq(aliases.name, name))
            .for("update");
          return row?.versionId ?? null;
        };
        // Lock the row before reading it, so two concurrent moves cannot both see the same previous version.
        let previousVersionId = await lockCurrent();
        let created = false;
        if (previousVersionId === null) {
          const inserted = await tx
            .insert(aliases)
            .values({ name, versionId })
            .onConflictDoNothing({ target: aliases.name })
            .returning({ name: aliases.name });
          created = inserted.length > 0;
          // Someone else created the alias meanwhile: their version is the one we replace.
          if (!created) previousVersionId = await lockCurrent();
        }
        if (!created) {
          await tx.update(aliases).set({ versionId, updatedAt: sql`now()` }).where(eq(aliases.name, name));
        }
        await tx.insert(aliasHistory).values({ name, versionId, previousVersionId, actor: by.actor, reason: by.reason });
        return { previousVersionId };
      });
    },
    async history(name) {
      return db.select().from(aliasHistory).where(eq(aliasHistory.name, name)).orderBy(desc(aliasHistory.id));
    },
  };
}
