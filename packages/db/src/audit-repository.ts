import { desc } from "drizzle-orm";
import type { DbHandle } from "./db-handle.js";
import { type ListOptions, listLimit } from "./list-options.js";
import { type AuditRow, auditLog } from "./schema.js";

/** One state change worth recording. */
export interface AuditEntry {
  actor: string;
  action: string;
  targetType: string;
  targetId: string;
  /** Free-form JSON; `{}` when omitted. */
  details?: Record<string, unknown>;
}

/** The append-only audit log. */
export interface AuditRepository {
  /** Appends an entry (`at` = now()) and returns it. */
  append(entry: AuditEntry): Promise<AuditRow>;
  /** Entries, newest first (by append order: timestamps tie inside one transaction). */
  list(options?: ListOptions): Promise<AuditRow[]>;
}

/** {@link AuditRepository} over `db`. */
export function auditRepository(db: DbHandle): AuditRepository {
  return {
    async append(entry) {
      const [row] = await db
        .insert(auditLog)
        .values({ ...entry, details: entry.details ?? {} })
        .returning();
      return row!;
    },
    async list(options) {
      const query = db.select().from(auditLog).orderBy(desc(auditLog.id));
      const limit = listLimit(options);
      return limit === undefined ? query : query.limit(limit);
    },
  };
}
