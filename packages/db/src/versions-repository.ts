import { ErrorCode, type ParameterSpec, TributaryError } from "@tributary/protocol";
import { desc, eq } from "drizzle-orm";
import { getBlob, putBlob } from "./blob-store.js";
import type { DbHandle } from "./db-handle.js";
import { float32FromLeBytes, float32ToLeBytes, sha256Hex } from "./float32-bytes.js";
import { type ListOptions, listLimit } from "./list-options.js";
import { type Contributor, type ModelVersionRow, modelVersions } from "./schema.js";

/** What a new model version is made of. */
export interface CreateVersionInput {
  parentId: number | null;
  roundId: number | null;
  spec: ParameterSpec;
  /** θ as one flat vector of `spec.length` values. */
  params: Float32Array;
  strategy: string | null;
  metrics?: Record<string, number>;
  contributors?: Contributor[];
}

/** Immutable model versions; their parameters live in the blob store. */
export interface VersionsRepository {
  /**
   * Stores `params` (deduplicated by content) and the version row, atomically.
   * `contentHash` = hex SHA-256 of the params as float32 little-endian bytes.
   * @throws TributaryError LENGTH_MISMATCH when `params.length !== spec.length`
   */
  create(input: CreateVersionInput): Promise<ModelVersionRow>;
  /** The version; null when unknown. */
  get(id: number): Promise<ModelVersionRow | null>;
  /** Versions, newest first. */
  list(options?: ListOptions): Promise<ModelVersionRow[]>;
  /**
   * The version's parameters, bit-exact as stored. With `into` of at least
   * numParams·4 bytes they are read into its memory, and returned as a view of it
   * where the host allows (little-endian, `into` starting at a multiple of 4), so
   * a caller can read updates and then the base into one buffer.
   * @throws TributaryError NOT_FOUND when the version (or its blob) is unknown
   * @throws TributaryError CHECKSUM_MISMATCH when the stored bytes no longer hash to `contentHash`
   */
  loadParams(id: number, into?: Uint8Array): Promise<Float32Array>;
}

/** {@link VersionsRepository} over `db`. */
export function versionsRepository(db: DbHandle): VersionsRepository {
  async function get(id: number): Promise<ModelVersionRow | null> {
    if (!Number.isSafeInteger(id)) return null;
    const [row] = await db.select().from(modelVersions).where(eq(modelVersions.id, id));
    return row ?? null;
  }

  return {
    async create(input) {
      if (input.params.length !== input.spec.length) {
        throw new TributaryError(
          ErrorCode.LengthMismatch,
          `params has ${input.params.length} values but spec ${input.spec.hash.slice(0, 12)} has ${input.spec.length}`,
        );
      }
      const bytes = float32ToLeBytes(input.params);
      const contentHash = sha256Hex(bytes);
      return db.transaction(async (tx) => {
        const blobHash = await putBlob(tx, bytes, contentHash);
        const [row] = await tx
          .insert(modelVersions)
          .values({
            parentId: input.parentId,
            roundId: input.roundId,
            specHash: input.spec.hash,
            spec: input.spec,
            contentHash,
            blobHash,
            numParams: input.params.length,
            strategy: input.strategy,
            metrics: input.metrics ?? {},
            contributors: input.contributors ?? [],
          })
          .returning();
        return row!;
      });
    },
    get,
    async list(options) {
      const query = db.select().from(modelVersions).orderBy(desc(modelVersions.id));
      const limit = listLimit(options);
      return limit === undefined ? query : query.limit(limit);
    },
    async loadParams(id, into) {
      const version = await get(id);
      if (!version) throw new TributaryError(ErrorCode.NotFound, `model version ${id} does not exist`);
      const bytes = await getBlob(db, version.blobHash, into);
      if (!bytes) throw new TributaryError(ErrorCode.NotFound, `blob ${version.blobHash} of model version ${id} is missing`);
      const actual = sha256Hex(bytes);
      if (actual !== version.contentHash || bytes.byteLength !== version.numParams * 4) {
        throw new TributaryError(
          ErrorCode.ChecksumMismatch,
          `model version ${id}: stored parameters hash to ${actual} (${bytes.byteLength} bytes), expected ${version.contentHash}`,
        );
      }
      return float32FromLeBytes(bytes);
    },
  };
}
