import { ErrorCode, TributaryError } from "@tributary/protocol";
import { asc, eq } from "drizzle-orm";
import { getBlob, putBlob } from "./blob-store.js";
import type { DbHandle } from "./db-handle.js";
import { sha256Hex } from "./float32-bytes.js";
import { type UpdateRow, updates } from "./schema.js";

/** One delta pushed by an edge; `payload` is stored as-is (the encoded vector). */
export interface InsertUpdateInput {
  roundId: number;
  edgeId: string;
  /** Unique across all updates: a retried push carries the same key. */
  idempotencyKey: string;
  baseVersionId: number;
  numExamples: number;
  metrics: Record<string, number>;
  /** The encoded delta; or give `blobHash` of a payload already stored with `blobs.put`. */
  payload?: Uint8Array;
  blobHash?: string;
}

/** Deltas pushed by edges. */
export interface UpdatesRepository {
  /**
   * Stores the update and its payload blob. `INSERT … ON CONFLICT (idempotency_key)
   * DO NOTHING`: for a key seen before it returns the existing row with
   * `created: false` and stores nothing (even if the other fields differ).
   * @throws the driver's foreign-key error for an unknown round, edge or base version
   */
  insert(input: InsertUpdateInput): Promise<{ update: UpdateRow; created: boolean }>;
  /** The round's updates in arrival order (oldest first); empty for an unknown round. */
  listForRound(roundId: number): Promise<UpdateRow[]>;
  /**
   * The update's payload bytes: read into `into` when it holds them (and then a
   * view of its first bytes, so a caller streaming a round's updates can reuse
   * one buffer), else a new array.
   * @throws TributaryError NOT_FOUND when the update (or its blob) is unknown
   * @throws TributaryError CHECKSUM_MISMATCH when the stored bytes no longer hash to `blobHash`
   */
  loadPayload(id: number, into?: Uint8Array): Promise<Uint8Array>;
}

/** {@link UpdatesRepository} over `db`. */
export function updatesRepository(db: DbHandle): UpdatesRepository {
  const byKey = async (idempotencyKey: string) => {
    const [row] = await db.select().from(updates).where(eq(updates.idempotencyKey, idempotencyKey));
    return row ?? null;
  };

  return {
    async insert(input) {
      const existing = await byKey(input.idempotencyKey);
      if (existing) return { update: existing, created: false };
      return db.transaction(async (tx) => {
        const blobHash = input.blobHash ?? (input.payload ? await putBlob(tx, input.payload) : null);
        if (blobHash === null) throw new TributaryError(ErrorCode.BadRequest, "an update needs a payload or a blobHash");
        const [row] = await tx
          .insert(updates)
          .values({
            roundId: input.roundId,
            edgeId: input.edgeId,
            idempotencyKey: input.idempotencyKey,
            baseVersionId: input.baseVersionId,
            numExamples: input.numExamples,
            metrics: input.metrics,
            blobHash,
          })
          .onConflictDoNothing({ target: updates.idempotencyKey })
          .returning();
        if (row) return { update: row, created: true };
        // A concurrent push with the same key won the race; it has committed by now.
        const [winner] = await tx.select().from(updates).where(eq(updates.idempotencyKey, input.idempotencyKey));
        return { update: winner!, created: false };
      });
    },
    async listForRound(roundId) {
      if (!Number.isSafeInteger(roundId)) return [];
      return db.select().from(updates).where(eq(updates.roundId, roundId)).orderBy(asc(updates.id));
    },
    async loadPayload(id, into) {
      const [update] = Number.isSafeInteger(id) ? await db.select().from(updates).where(eq(updates.id, id)) : [];
      if (!update) throw new TributaryError(ErrorCode.NotFound, `update ${id} does not exist`);
      const bytes = await getBlob(db, update.blobHash, into);
      if (!bytes) throw new TributaryError(ErrorCode.NotFound, `blob ${update.blobHash} of update ${id} is missing`);
      if (sha256Hex(bytes) !== update.blobHash) {
        throw new TributaryError(ErrorCode.ChecksumMismatch, `update ${id}: stored payload does not hash to ${update.blobHash}`);
      }
      return bytes;
    },
  };
}
