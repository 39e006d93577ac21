import type { Database } from "better-sqlite3";
import { fromBlob, toBlob } from "./blob.js";

/** A catalog item as callers give it. */
export interface CatalogItem {
  /** The caller's stable id (at most 256 characters). */
  readonly id: string;
  /** The text the encoder embeds (title, description, …). */
  readonly text: string;
}

/** The catalog with its cached embeddings; items get a dense index in insertion order. */
export class CatalogTable {
  constructor(private readonly db: Database) {}

  /**
   * Inserts new items and updates the text of known ones (dropping their
   * embedding when the text changed). Indices of known items never change.
   */
  upsert(items: readonly CatalogItem[]): void {
    const insert = this.db.prepare(
      `INSERT INTO catalog (idx, item_id, text) VALUES ((SELECT coalesce(max(idx) + 1, 0) FROM catalog), ?, ?)
       ON CONFLICT(item_id) DO UPDATE SET text = excluded.text,
         embedding = CASE WHEN catalog.text = excluded.text THEN catalog.embedding ELSE NULL END,
         encoder_id = CASE WHEN catalog.text = excluded.text THEN catalog.encoder_id ELSE NULL END`,
    );
    this.db.transaction(() => {
      for (const item of items) insert.run(item.id, item.text);
    })();
  }

  /** Number of items. */
  size(): number {
    return (this.db.prepare(`SELECT count(*) AS n FROM catalog`).get() as { n: number }).n;
  }

  /** Items whose embedding is missing or from another encoder, in index order. */
  missingEmbeddings(encoderId: string, limit: number): { idx: number; text: string }[] {
    return this.db
      .prepare(`SELECT idx, text FROM catalog WHERE encoder_id IS NULL OR encoder_id != ? ORDER BY idx LIMIT ?`)
      .all(encoderId, limit) as { idx: number; text: string }[];
  }

  /** Caches embeddings computed by `encoderId`. */
  setEmbeddings(encoderId: string, rows: readonly { idx: number; vector: Float32Array }[]): void {
    const update = this.db.prepare(`UPDATE catalog SET embedding = ?, encoder_id = ? WHERE idx = ?`);
    this.db.transaction(() => {
      for (const r of rows) update.run(toBlob(r.vector), encoderId, r.idx);
    })();
  }

  /**
   * Every item with its embedding, in index order.
   * @throws Error when an item has no embedding from `encoderId` (embed the catalog first)
   */
  loadEmbedded(encoderId: string, dimension: number): { ids: string[]; texts: string[]; vectors: Float32Array } {
    const rows = this.db.prepare(`SELECT idx, item_id, text, encoder_id, embedding FROM catalog ORDER BY idx`).all() as {
      idx: number;
      item_id: string;
      text: string;
      encoder_id: string | null;
      embedding: Buffer | null;
    }[];
    const vectors = new Float32Array(rows.length * dimension);
    rows.forEach((r, i) => {
      if (r.idx !== i) throw new Error(`catalog indices are not dense at ${i}`);
      if (r.encoder_id !== encoderId || !r.embedding) throw new Error(`catalog item ${r.item_id} has no embedding from encoder ${encoderId.slice(0, 12)}`);
      vectors.set(fromBlob(r.embedding), i * dimension);
    });
    return { ids: rows.map((r) => r.item_id), texts: rows.map((r) => r.text), vectors };
  }
}
