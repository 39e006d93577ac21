import type { Database } from "better-sqlite3";
import { fromBlob, toBlob } from "./blob.js";

/** One stored interaction: a labelled (query-or-user vector, item) pair. */
export interface Interaction {
  readonly id: number;
  readonly userId: string;
  readonly itemIdx: number;
  /** impression | click | purchase | rating | negative (sampled). */
  readonly kind: string;
  /** Relevance in [0, 1]. */
  readonly label: number;
  /** The query (search) or user (recommendation) vector at serving time. */
  readonly q: Float32Array;
  /** Event time, epoch ms. */
  readonly at: number;
}

/** An interaction to insert; `eventId` (optional) makes a re-sent event a no-op. */
export type NewInteraction = Omit<Interaction, "id"> & { readonly eventId?: string | null; readonly query?: string | null };

interface Row {
  id: number;
  user_id: string;
  item_idx: number;
  kind: string;
  label: number;
  q: Buffer;
  at: number;
}

const toInteraction = (r: Row): Interaction => ({ id: r.id, userId: r.user_id, itemIdx: r.item_idx, kind: r.kind, label: r.label, q: fromBlob(r.q), at: r.at });

/** Interactions (the training data that never leaves the edge). */
export class InteractionTable {
  constructor(private readonly db: Database) {}

  /**
   * Inserts interactions in one transaction; an event id seen before is skipped.
   * @returns per input row, its new id, or null when its event id was seen before
   */
  add(rows: readonly NewInteraction[], now = Date.now()): (number | null)[] {
    const insert = this.db.prepare(
      `INSERT INTO interactions (event_id, user_id, item_idx, kind, label, q, query, at, ingested_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT(event_id) DO NOTHING`,
    );
    const ids: (number | null)[] = [];
    this.db.transaction(() => {
      for (const r of rows) {
        const info = insert.run(r.eventId ?? null, r.userId, r.itemIdx, r.kind, r.label, toBlob(r.q), r.query ?? null, r.at, now);
        ids.push(info.changes === 1 ? Number(info.lastInsertRowid) : null);
      }
    })();
    return ids;
  }

  /** Interactions with id in (afterId, upTo], oldest first. */
  range(afterId: number, upTo = Number.MAX_SAFE_INTEGER): Interaction[] {
    return (this.db.prepare(`SELECT id, user_id, item_idx, kind, label, q, at FROM interactions WHERE id > ? AND id <= ? ORDER BY id`).all(afterId, upTo) as Row[]).map(toInteraction);
  }

  /** The interactions with these ids (unknown ids are skipped), in id order. */
  byIds(ids: readonly number[]): Interaction[] {
    if (ids.length === 0) return [];
    const out: Interaction[] = [];
    const stmt = this.db.prepare(`SELECT id, user_id, item_idx, kind, label, q, at FROM interactions WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id`);
    for (let i = 0; i < ids.length; i += 5000) out.push(...(stmt.all(JSON.stringify(ids.slice(i, i + 5000))) as Row[]).map(toInteraction));
    return out;
  }

  /** The newest `limit` interactions whose id is a multiple of `every` (a held-out share), oldest first. */
  heldOut(every: number, limit: number): Interaction[] {
    const rows = this.db.prepare(`SELECT id, user_id, item_idx, kind, label, q, at FROM interactions WHERE id % ? = 0 ORDER BY id DESC LIMIT ?`).all(every, limit) as Row[];
    return rows.reverse().map(toInteraction);
  }

  /** The newest interaction id (0 when none). */
  maxId(): number {
    return (this.db.prepare(`SELECT coalesce(max(id), 0) AS m FROM interactions`).get() as { m: number }).m;
  }

  /** Number of interactions with id > afterId. */
  countAfter(afterId: number): number {
    return (this.db.prepare(`SELECT count(*) AS n FROM interactions WHERE id > ?`).get(afterId) as { n: number }).n;
  }

  /** Number of interactions. */
  count(): number {
    return (this.db.prepare(`SELECT count(*) AS n FROM interactions`).get() as { n: number }).n;
  }

  /** The items a user interacted with positively (label ≥ 0.5). */
  positiveItems(userId: string): Set<number> {
    const rows = this.db.prepare(`SELECT DISTINCT item_idx FROM interactions WHERE user_id = ? AND label >= 0.5`).all(userId) as { item_idx: number }[];
    return new Set(rows.map((r) => r.item_idx));
  }

  /** Positive interactions (label ≥ 0.5) per item index, for the popularity prior. */
  positiveCounts(): Map<number, number> {
    const rows = this.db.prepare(`SELECT item_idx, count(*) AS n FROM interactions WHERE label >= 0.5 GROUP BY item_idx`).all() as { item_idx: number; n: number }[];
    return new Map(rows.map((r) => [r.item_idx, r.n]));
  }
}

/** Per-user state: the user vector, which never leaves the edge. */
export class UserTable {
  constructor(private readonly db: Database) {}

  /** A user's vector and number of positive interactions, or null for an unknown user. */
  get(userId: string): { vector: Float32Array; positives: number } | null {
    const row = this.db.prepare(`SELECT vector, positives FROM users WHERE user_id = ?`).get(userId) as { vector: Buffer; positives: number } | undefined;
    return row ? { vector: fromBlob(row.vector), positives: row.positives } : null;
  }

  /** Stores a user's state. */
  put(userId: string, vector: Float32Array, positives: number): void {
    this.db
      .prepare(`INSERT INTO users (user_id, vector, positives, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT(user_id) DO UPDATE SET vector = excluded.vector, positives = excluded.positives, updated_at = excluded.updated_at`)
      .run(userId, toBlob(vector), positives, Date.now());
  }
}
