import type { Database } from "better-sqlite3";
import { fromBlob, toBlob } from "./blob.js";

/** A stored parameter vector: the global version served, or the locally adapted copy. */
export interface CachedModel {
  readonly version: number;
  readonly specHash: string;
  readonly params: Float32Array;
}

/**
 * Slots of the model cache: the global version served, the locally adapted
 * copy, and the error-feedback residual of lossy delta codecs (with the
 * residual as it was before the newest outbox entry, `version` = that entry's
 * id, so a stale entry can give back what it took).
 */
export const ModelSlot = { global: "global", local: "local", residual: "residual", residualBefore: "residual-before" } as const;
export type ModelSlotName = (typeof ModelSlot)[keyof typeof ModelSlot];

/** The model cache: the edge restarts serving from disk without the coordinator. */
export class ModelCacheTable {
  constructor(private readonly db: Database) {}

  /** Replaces a slot. */
  save(slot: ModelSlotName, model: CachedModel): void {
    this.db
      .prepare(`INSERT INTO models (slot, version, spec_hash, params, saved_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT(slot) DO UPDATE SET version = excluded.version, spec_hash = excluded.spec_hash, params = excluded.params, saved_at = excluded.saved_at`)
      .run(slot, model.version, model.specHash, toBlob(model.params), Date.now());
  }

  /** A slot's model, or null when never saved. */
  load(slot: ModelSlotName): CachedModel | null {
    const row = this.db.prepare(`SELECT version, spec_hash, params FROM models WHERE slot = ?`).get(slot) as
      | { version: number; spec_hash: string; params: Buffer }
      | undefined;
    return row ? { version: row.version, specHash: row.spec_hash, params: fromBlob(row.params) } : null;
  }
}
