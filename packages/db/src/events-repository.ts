import { asc, desc, gt } from "drizzle-orm";
import type { DbHandle } from "./db-handle.js";
import { type EventRow, events } from "./schema.js";

/** The coordinator's persistent event log. */
export interface EventsRepository {
  /** Appends an event (in the caller's transaction, if any) and returns it with its id. */
  append(event: { type: string; payload: Record<string, unknown> }): Promise<EventRow>;
  /** Events with id > `afterId`, oldest first, at most `limit` (default 1000). */
  since(afterId: number, limit?: number): Promise<EventRow[]>;
  /** The newest event's id; 0 when the log is empty. */
  latestId(): Promise<number>;
}

/** {@link EventsRepository} over `db`. */
export function eventsRepository(db: DbHandle): EventsRepository {
  return {
    async append(event) {
      const [row] = await db.insert(events).values(event).returning();
      return row!;
    },
    since(afterId, limit = 1000) {
      return db.select().from(events).where(gt(events.id, afterId)).orderBy(asc(events.id)).limit(limit);
    },
    async latestId() {
      const [row] = await db.select({ id: events.id }).from(events).orderBy(desc(events.id)).limit(1);
      return row?.id ?? 0;
    },
  };
}
