import { getBlob, putBlob } from "./blob-store.js";
import type { DbHandle } from "./db-handle.js";

/** Content-addressed byte storage (chunked; see blob-store.ts). */
export interface BlobsRepository {
  /**
   * Stores bytes (once per content) in their own transaction and returns their
   * hex SHA-256. Lets a caller write a large payload before taking a lock, and
   * reference it by hash inside the locked transaction.
   */
  put(bytes: Uint8Array): Promise<string>;
  /** The bytes of a blob, or null when there is none. */
  get(hash: string): Promise<Uint8Array | null>;
}

/** {@link BlobsRepository} over `db`. */
export function blobsRepository(db: DbHandle): BlobsRepository {
  return {
    put: (bytes) => putBlob(db, bytes),
    get: (hash) => getBlob(db, hash),
  };
}
