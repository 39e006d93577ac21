import type { ParameterSpec } from "@tributary/protocol";
import { sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  bigint,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";
import { bytea } from "./bytea.js";

const createdAt = () => timestamp({ withTimezone: true }).notNull().defaultNow();

/** One example-weighted contribution to a model version. */
export interface Contributor {
  edgeId: string;
  numExamples: number;
}

/**
 * Content-addressed byte strings; `hash` is the lower-case hex SHA-256 of the
 * whole value, `size` its length in bytes. The bytes live in {@link blobChunks}.
 */
export const blobs = pgTable("blobs", {
  hash: text().primaryKey(),
  size: bigint({ mode: "number" }).notNull(),
});

/**
 * A blob's bytes in chunks of at most 1 MiB, `idx` counting from 0 (PGlite is
 * very slow with one huge bytea value).
 */
export const blobChunks = pgTable(
  "blob_chunks",
  {
    hash: text()
      .notNull()
      .references(() => blobs.hash),
    idx: integer().notNull(),
    data: bytea().notNull(),
  },
  (t) => [primaryKey({ columns: [t.hash, t.idx] })],
);

/**
 * Immutable model versions (a trigger rejects UPDATE, DELETE and TRUNCATE).
 * `contentHash` is the hex SHA-256 of the parameters as float32 little-endian
 * bytes; `blobHash` names the blob holding those bytes.
 */
export const modelVersions = pgTable("model_versions", {
  id: integer().primaryKey().generatedAlwaysAsIdentity(),
  parentId: integer().references((): AnyPgColumn => modelVersions.id),
  roundId: integer().references((): AnyPgColumn => rounds.id),
  specHash: text().notNull(),
  spec: jsonb().$type<ParameterSpec>().notNull(),
  contentHash: text().notNull(),
  blobHash: text()
    .notNull()
    .references(() => blobs.hash),
  numParams: integer().notNull(),
  strategy: text(),
  metrics: jsonb().$type<Record<string, number>>().notNull().default({}),
  contributors: jsonb().$type<Contributor[]>().notNull().default([]),
  createdAt: createdAt(),
});

/** Named pointers to a version (e.g. `production`); every move is in {@link aliasHistory}. */
export const aliases = pgTable("aliases", {
  name: text().primaryKey(),
  versionId: integer()
    .notNull()
    .references(() => modelVersions.id),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

/** Append-only log of alias moves; `id` orders them (timestamps tie inside one transaction). */
export const aliasHistory = pgTable(
  "alias_history",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    name: text().notNull(),
    versionId: integer()
      .notNull()
      .references(() => modelVersions.id),
    previousVersionId: integer().references(() => modelVersions.id),
    actor: text().notNull(),
    reason: text().notNull(),
    at: createdAt(),
  },
  (t) => [index().on(t.name, t.id)],
);

/** Values of `rounds.status`. */
export const RoundStatus = { Open: "open", Closed: "closed", Failed: "failed" } as const;

/** One of {@link RoundStatus}. */
export type RoundStatus = (typeof RoundStatus)[keyof typeof RoundStatus];

/** Federated rounds: opened on a base version, closed with a result version or failed with a reason. */
export const rounds = pgTable(
  "rounds",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    baseVersionId: integer()
      .notNull()
      .references((): AnyPgColumn => modelVersions.id),
    status: text({ enum: ["open", "closed", "failed"] })
      .notNull()
      .default("open"),
    strategy: text().notNull(),
    config: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    openedAt: createdAt(),
    closedAt: timestamp({ withTimezone: true }),
    resultVersionId: integer().references((): AnyPgColumn => modelVersions.id),
    failureReason: text(),
  },
  (t) => [check("rounds_status_check", sql`${t.status} in ('open', 'closed', 'failed')`), index().on(t.status)],
);

/** Registered edge agents; only the SHA-256 of a token is stored. */
export const edges = pgTable("edges", {
  id: uuid().primaryKey().defaultRandom(),
  name: text().notNull(),
  region: text().notNull(),
  tokenHash: text().notNull().unique(),
  createdAt: createdAt(),
  lastSeenAt: timestamp({ withTimezone: true }),
  revokedAt: timestamp({ withTimezone: true }),
});

/** Deltas pushed by edges; the payload bytes are the blob `blobHash`. */
export const updates = pgTable(
  "updates",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    roundId: integer()
      .notNull()
      .references(() => rounds.id),
    edgeId: uuid()
      .notNull()
      .references(() => edges.id),
    idempotencyKey: text().notNull().unique(),
    baseVersionId: integer()
      .notNull()
      .references(() => modelVersions.id),
    numExamples: integer().notNull(),
    metrics: jsonb().$type<Record<string, number>>().notNull().default({}),
    blobHash: text()
      .notNull()
      .references(() => blobs.hash),
    receivedAt: createdAt(),
  },
  (t) => [index().on(t.roundId, t.id)],
);

/** Append-only record of every state change that matters (promote, rollback, revoke, config). */
export const auditLog = pgTable("audit_log", {
  id: integer().primaryKey().generatedAlwaysAsIdentity(),
  actor: text().notNull(),
  action: text().notNull(),
  targetType: text().notNull(),
  targetId: text().notNull(),
  details: jsonb().$type<Record<string, unknown>>().notNull().default({}),
  at: createdAt(),
});

/** A row of {@link modelVersions}. */
export type ModelVersionRow = typeof modelVersions.$inferSelect;
/** A row of {@link aliasHistory}. */
export type AliasHistoryRow = typeof aliasHistory.$inferSelect;
/** A row of {@link rounds}. */
export type RoundRow = typeof rounds.$inferSelect;
/** A row of {@link updates}. */
export type UpdateRow = typeof updates.$inferSelect;
/** A row of {@link edges}. */
export type EdgeRow = typeof edges.$inferSelect;
/** A row of {@link auditLog}. */
export type AuditRow = typeof auditLog.$inferSelect;
