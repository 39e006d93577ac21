import type { Database } from "better-sqlite3";

/** Where an outbox entry is: waiting to be sent, acknowledged, refused as stale (to retrain), or refused for good. */
export const OutboxState = { pending: "pending", delivered: "delivered", stale: "stale", refused: "refused" } as const;
export type OutboxStateName = (typeof OutboxState)[keyof typeof OutboxState];

/** A delta waiting in (or gone through) the outbox. */
export interface OutboxEntry {
  readonly id: number;
  /** Generated once when the entry is written; every retry sends the same key. */
  readonly idempotencyKey: string;
  readonly roundId: number;
  readonly baseVersion: number;
  readonly numExamples: number;
  readonly metrics: Record<string, number>;
  /** The encoded delta (encodeVector, kind "delta"). */
  readonly body: Uint8Array;
  /** Interaction ids (from, to] the delta was trained on, so a stale delta can be retrained. */
  readonly dataFrom: number;
  readonly dataTo: number;
  readonly state: OutboxStateName;
  readonly attempts: number;
  /** Epoch ms before which no retry is made. */
  readonly nextAttemptAt: number;
  readonly lastError: string | null;
  /** The coordinator's answer (JSON) once delivered or refused. */
  readonly result: string | null;
}

/** A new entry: everything but what the outbox tracks itself. */
export type NewOutboxEntry = Pick<OutboxEntry, "idempotencyKey" | "roundId" | "baseVersion" | "numExamples" | "metrics" | "body" | "dataFrom" | "dataTo">;

interface Row {
  id: number;
  idempotency_key: string;
  round_id: number;
  base_version: number;
  num_examples: number;
  metrics: string;
  body: Buffer;
  data_from: number;
  data_to: number;
  state: OutboxStateName;
  attempts: number;
  next_attempt_at: number;
  last_error: string | null;
  result: string | null;
}

const toEntry = (r: Row): OutboxEntry => ({
  id: r.id,
  idempotencyKey: r.idempotency_key,
  roundId: r.round_id,
  baseVersion: r.base_version,
  numExamples: r.num_examples,
  metrics: JSON.parse(r.metrics) as Record<string, number>,
  body: new Uint8Array(r.body),
  dataFrom: r.data_from,
  dataTo: r.data_to,
  state: r.state,
  attempts: r.attempts,
  nextAttemptAt: r.next_attempt_at,
  lastError: r.last_error,
  result: r.result,
});

/** The outbox table: deltas are written here durably before any send. */
export class OutboxTable {
  constructor(private readonly db: Database) {}

  /**
   * Writes a pending entry due now. Durable when this returns (WAL, synchronous=FULL).
   * @returns the stored entry
   * @throws SqliteError SQLITE_CONSTRAINT_UNIQUE when the idempotency key exists
   */
  add(entry: NewOutboxEntry, now = Date.now()): OutboxEntry {
    const info = this.db
      .prepare(
        `INSERT INTO outbox (idempotency_key, round_id, base_version, num_examples, metrics, body, data_from, data_to, state, next_attempt_at, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?)`,
      )
      .run(entry.idempotencyKey, entry.roundId, entry.baseVersion, entry.numExamples, JSON.stringify(entry.metrics), Buffer.from(entry.body), entry.dataFrom, entry.dataTo, now, now);
    return this.get(Number(info.lastInsertRowid))!;
  }

  /** One entry, or null. */
  get(id: number): OutboxEntry | null {
    const row = this.db.prepare(`SELECT * FROM outbox WHERE id = ?`).get(id) as Row | undefined;
    return row ? toEntry(row) : null;
  }

  /** Pending entries, oldest first. */
  pending(): OutboxEntry[] {
    return (this.db.prepare(`SELECT * FROM outbox WHERE state = 'pending' ORDER BY id`).all() as Row[]).map(toEntry);
  }

  /** Every entry, oldest first (for inspection and tests). */
  all(): OutboxEntry[] {
    return (this.db.prepare(`SELECT * FROM outbox ORDER BY id`).all() as Row[]).map(toEntry);
  }

  /** Number of pending entries (the outbox depth). */
  depth(): number {
    return (this.db.prepare(`SELECT count(*) AS n FROM outbox WHERE state = 'pending'`).get() as { n: number }).n;
  }

  /** Whether an entry (in any state but stale) exists for the round: a sync round is trained once. */
  hasRound(roundId: number): boolean {
    return this.db.prepare(`SELECT 1 FROM outbox WHERE round_id = ? AND state != 'stale' LIMIT 1`).get(roundId) !== undefined;
  }

  /** Records a failed attempt and when to try again. */
  retryLater(id: number, nextAttemptAt: number, error: string): void {
    this.db.prepare(`UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?, last_error = ? WHERE id = ? AND state = 'pending'`).run(nextAttemptAt, error, id);
  }

  /**
   * Moves a pending entry to a final state with the coordinator's answer.
   * @returns false when the entry was no longer pending (settled before)
   */
  settle(id: number, state: Exclude<OutboxStateName, "pending">, result: unknown, now = Date.now()): boolean {
    const info = this.db
      .prepare(`UPDATE outbox SET state = ?, attempts = attempts + 1, result = ?, settled_at = ? WHERE id = ? AND state = 'pending'`)
      .run(state, JSON.stringify(result ?? null), now, id);
    return info.changes === 1;
  }
}
