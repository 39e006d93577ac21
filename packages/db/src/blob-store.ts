import { and, eq, sql } from "drizzle-orm";
import { PgTransaction } from "drizzle-orm/pg-core";
import type { DbHandle } from "./db-handle.js";
import { sha256Hex } from "./float32-bytes.js";
import { blobChunks, blobs } from "./schema.js";

/** Size of one stored chunk in bytes (1 MiB): PGlite is very slow with one huge bytea. */
export const BLOB_CHUNK_BYTES = 1024 * 1024;

/**
 * Stores `bytes` content-addressed and returns their hex SHA-256; storing the
 * same bytes again writes nothing. Runs in its own transaction (a savepoint
 * when `db` is already one), so a blob row never exists without all its chunks.
 */
export async function putBlob(db: DbHandle, bytes: Uint8Array, hash: string = sha256Hex(bytes)): Promise<string> {
  // Stored on its own (not inside a caller's transaction), the blob is referenced only by a
  // row committed after it, and that synchronous commit flushes the WAL up to its own record,
  // this one included: waiting for this commit's own flush would buy nothing. Inside a
  // transaction the setting would last to the end of the caller's, so it is left alone there.
  const own = !(db instanceof PgTransaction);
  await db.transaction(async (tx) => {
    if (own) await tx.execute(sql`set local synchronous_commit = off`);
    // A concurrent insert of the same hash waits here until the other transaction commits its chunks.
    const inserted = await tx
      .insert(blobs)
      .values({ hash, size: bytes.byteLength })
      .onConflictDoNothing({ target: blobs.hash })
      .returning({ hash: blobs.hash });
    if (inserted.length === 0) return;
    for (let idx = 0, start = 0; start < bytes.byteLength || idx === 0; idx++, start += BLOB_CHUNK_BYTES) {
      const data = bytes.subarray(start, Math.min(start + BLOB_CHUNK_BYTES, bytes.byteLength));
      await tx.insert(blobChunks).values({ hash, idx, data });
    }
  });
  return hash;
}

/**
 * The bytes of blob `hash`, reassembled from its chunks, or null when no such
 * blob exists. Chunks are copied one at a time into `into` when it holds the
 * blob (the result is then a view of its first bytes, so a caller reading many
 * blobs can reuse one buffer), else into a new array of the blob's size. Does not
 * verify the hash: a caller that cares compares it. Reading stops at the first
 * missing chunk, or at a chunk that would pass the recorded size, so a corrupted
 * or missing chunk shows up there as a mismatch.
 */
export async function getBlob(db: DbHandle, hash: string, into?: Uint8Array): Promise<Uint8Array | null> {
  const [blob] = await db.select({ size: blobs.size }).from(blobs).where(eq(blobs.hash, hash));
  if (!blob) return null;
  const out = into && into.length >= blob.size ? into.subarray(0, blob.size) : new Uint8Array(blob.size);
  let total = 0;
  // One chunk per query keeps PGlite's memory to one chunk at a time.
  for (let idx = 0; ; idx++) {
    const [chunk] = await db
      .select({ data: blobChunks.data })
      .from(blobChunks)
      .where(and(eq(blobChunks.hash, hash), eq(blobChunks.idx, idx)));
    if (!chunk || total + chunk.data.byteLength > blob.size) break;
    out.set(chunk.data, total);
    total += chunk.data.byteLength;
  }
  return out.subarray(0, total);
}
