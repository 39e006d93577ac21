import { and, desc, eq, sql } from "drizzle-orm";
import type { DbHandle } from "./db-handle.js";
import { type ListOptions, listLimit } from "./list-options.js";
import { type RoundRow, RoundStatus, rounds } from "./schema.js";

/** How a round ended. */
export interface RoundOutcome {
  status: "closed" | "failed";
  /** The version the round produced; null or omitted when it produced none. */
  resultVersionId?: number | null;
  /** Why the round failed; null or omitted otherwise. */
  failureReason?: string | null;
  /** Details of the close (participants, stragglers, gate decision …); `{}` when omitted. */
  details?: Record<string, unknown>;
}

/** Federated rounds. */
export interface RoundsRepository {
  /**
   * Opens a round (status `open`, `openedAt` = now()).
   * @throws the driver's foreign-key error when `baseVersionId` is not a version
   */
  create(input: { baseVersionId: number; strategy: string; config: Record<string, unknown> }): Promise<RoundRow>;
  /** The round; null when unknown. */
  get(id: number): Promise<RoundRow | null>;
  /** The most recently opened round that is still open; null when none is. */
  latestOpen(): Promise<RoundRow | null>;
  /** Rounds, newest first. */
  list(options?: ListOptions): Promise<RoundRow[]>;
  /**
   * Atomic guard: `UPDATE … WHERE id = ? AND status = 'open' RETURNING`; sets
   * the outcome and `closedAt` = now(). True for the one caller that closed it,
   * false when the round is unknown or was not open.
   */
  close(id: number, outcome: RoundOutcome): Promise<boolean>;
}

/** {@link RoundsRepository} over `db`. */
export function roundsRepository(db: DbHandle): RoundsRepository {
  return {
    async create(input) {
      const [row] = await db
        .insert(rounds)
        .values({ baseVersionId: input.baseVersionId, strategy: input.strategy, config: input.config })
        .returning();
      return row!;
    },
    async get(id) {
      if (!Number.isSafeInteger(id)) return null;
      const [row] = await db.select().from(rounds).where(eq(rounds.id, id));
      return row ?? null;
    },
    async latestOpen() {
      const [row] = await db
        .select()
        .from(rounds)
        .where(eq(rounds.status, RoundStatus.Open))
        .orderBy(desc(rounds.id))
        .limit(1);
      return row ?? null;
    },
    async list(options) {
      const query = db.select().from(rounds).orderBy(desc(rounds.id));
      const limit = listLimit(options);
      return limit === undefined ? query : query.limit(limit);
    },
    async close(id, outcome) {
      if (!Number.isSafeInteger(id)) return false;
      const closed = await db
        .update(rounds)
        .set({
          status: outcome.status,
          closedAt: sql`now()`,
          resultVersionId: outcome.resultVersionId ?? null,
          failureReason: outcome.failureReason ?? null,
          outcome: outcome.details ?? {},
        })
        .where(and(eq(rounds.id, id), eq(rounds.status, RoundStatus.Open)))
        .returning({ id: rounds.id });
      return closed.length > 0;
    },
  };
}
