import { and, asc, eq, isNull, sql } from "drizzle-orm";
import type { DbHandle } from "./db-handle.js";
import { type EdgeRow, edges } from "./schema.js";

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Registered edge agents. Ids are UUID strings; a malformed id is simply unknown. */
export interface EdgesRepository {
  /** Registers an edge. Throws the driver's unique-violation error when `tokenHash` is taken. */
  create(input: { name: string; region: string; tokenHash: string }): Promise<EdgeRow>;
  /** The edge holding this token hash; null when unknown OR revoked. */
  findByTokenHash(tokenHash: string): Promise<EdgeRow | null>;
  /** The edge holding this token hash, revoked or not; null when unknown (tells "revoked" from "unknown"). */
  findAnyByTokenHash(tokenHash: string): Promise<EdgeRow | null>;
  /** The edge with this id, revoked or not; null when unknown. */
  get(id: string): Promise<EdgeRow | null>;
  /** Sets `lastSeenAt` to the database's now(); does nothing for an unknown id. */
  touch(id: string): Promise<void>;
  /** Every edge, revoked ones included, oldest registration first. */
  list(): Promise<EdgeRow[]>;
  /** Revokes the edge; false when it is unknown or already revoked. */
  revoke(id: string): Promise<boolean>;
}

/** {@link EdgesRepository} over `db`. */
export function edgesRepository(db: DbHandle): EdgesRepository {
  return {
    async create(input) {
      const [row] = await db.insert(edges).values(input).returning();
      return row!;
    },
    async findByTokenHash(tokenHash) {
      const [row] = await db
        .select()
        .from(edges)
        .where(and(eq(edges.tokenHash, tokenHash), isNull(edges.revokedAt)));
      return row ?? null;
    },
    async findAnyByTokenHash(tokenHash) {
      const [row] = await db.select().from(edges).where(eq(edges.tokenHash, tokenHash));
      return row ?? null;
    },
    async get(id) {
      if (!uuidPattern.test(id)) return null;
      const [row] = await db.select().from(edges).where(eq(edges.id, id));
      return row ?? null;
    },
    async touch(id) {
      if (!uuidPattern.test(id)) return;
      await db.update(edges).set({ lastSeenAt: sql`now()` }).where(eq(edges.id, id));
    },
    async list() {
      return db.select().from(edges).orderBy(asc(edges.createdAt), asc(edges.id));
    },
    async revoke(id) {
      if (!uuidPattern.test(id)) return false;
      const revoked = await db
        .update(edges)
        .set({ revokedAt: sql`now()` })
        .where(and(eq(edges.id, id), isNull(edges.revokedAt)))
        .returning({ id: edges.id });
      return revoked.length > 0;
    },
  };
}
