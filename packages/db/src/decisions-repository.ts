import { asc, desc, eq, inArray } from "drizzle-orm";
import type { DbHandle } from "./db-handle.js";
import { type VersionDecisionRow, versionDecisions } from "./schema.js";

/** What was decided about a version. */
export type Decision = VersionDecisionRow["decision"];

/** Promotion decisions; a version's latest decision is its status. */
export interface DecisionsRepository {
  record(input: { versionId: number; decision: Decision; reason: string; actor: string; details?: Record<string, unknown> }): Promise<VersionDecisionRow>;
  /** A version's decisions, oldest first. */
  listForVersion(versionId: number): Promise<VersionDecisionRow[]>;
  /** The latest decision of each given version (versions without one are absent). */
  latest(versionIds: readonly number[]): Promise<Map<number, VersionDecisionRow>>;
}

/** {@link DecisionsRepository} over `db`. */
export function decisionsRepository(db: DbHandle): DecisionsRepository {
  return {
    async record(input) {
      const [row] = await db
        .insert(versionDecisions)
        .values({ ...input, details: input.details ?? {} })
        .returning();
      return row!;
    },
    listForVersion(versionId) {
      return db.select().from(versionDecisions).where(eq(versionDecisions.versionId, versionId)).orderBy(asc(versionDecisions.id));
    },
    async latest(versionIds) {
      const result = new Map<number, VersionDecisionRow>();
      if (versionIds.length === 0) return result;
      const rows = await db.select().from(versionDecisions).where(inArray(versionDecisions.versionId, [...versionIds])).orderBy(desc(versionDecisions.id));
      for (const row of rows) if (!result.has(row.versionId)) result.set(row.versionId, row);
      return result;
    },
  };
}
