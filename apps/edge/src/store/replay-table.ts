import type { Database } from "better-sqlite3";

/** One reservoir slot: which interaction it holds, with what label and time (for stratified / recency sampling). */
export interface ReplaySlot {
  readonly slot: number;
  readonly interactionId: number;
  readonly label: number;
  readonly at: number;
}

/** The persisted replay reservoir (see learning/reservoir.ts for the sampling). */
export class ReplayTable {
  constructor(private readonly db: Database) {}

  /** Every occupied slot, in slot order. */
  all(): ReplaySlot[] {
    return (this.db.prepare(`SELECT slot, interaction_id AS interactionId, label, at FROM replay ORDER BY slot`).all() as ReplaySlot[]);
  }

  /** Writes slots (inserting or replacing). */
  put(slots: readonly ReplaySlot[]): void {
    const stmt = this.db.prepare(`INSERT INTO replay (slot, interaction_id, label, at) VALUES (?, ?, ?, ?) ON CONFLICT(slot) DO UPDATE SET interaction_id = excluded.interaction_id, label = excluded.label, at = excluded.at`);
    for (const s of slots) stmt.run(s.slot, s.interactionId, s.label, s.at);
  }

  /** Number of occupied slots. */
  size(): number {
    return (this.db.prepare(`SELECT count(*) AS n FROM replay`).get() as { n: number }).n;
  }
}
