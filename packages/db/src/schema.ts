import type { ParameterSpec } from "@tributary/protocol";
import { sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  bigint,
  check,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
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
    /** What happened at close: participants, stragglers, gate decision, … */
    outcome: jsonb().$type<Record<string, unknown>>().notNull().default({}),
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

/**
 * The coordinator's event log (releases, rollbacks, round openings,
 * evaluation requests). Written in the same transaction as the change it
 * announces; `id` is the SSE event id subscribers resume from.
 */
export const events = pgTable("events", {
  id: integer().primaryKey().generatedAlwaysAsIdentity(),
  type: text().notNull(),
  payload: jsonb().$type<Record<string, unknown>>().notNull(),
  at: createdAt(),
});

/** Metrics of a candidate version beside its baseline: from the server holdout, or one edge's held-out data. */
export const evaluations = pgTable(
  "evaluations",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    versionId: integer()
      .notNull()
      .references(() => modelVersions.id),
    baselineVersionId: integer().references(() => modelVersions.id),
    source: text({ enum: ["server", "edge"] }).notNull(),
    edgeId: uuid().references(() => edges.id),
    numExamples: integer().notNull(),
    metrics: jsonb().$type<Record<string, number>>().notNull(),
    baselineMetrics: jsonb().$type<Record<string, number>>().notNull().default({}),
    at: createdAt(),
  },
  (t) => [unique().on(t.versionId, t.source, t.edgeId), index().on(t.versionId)],
);

/** Promotion decisions about versions (the eval gate, admins, auto-rollback). The latest one per version is its status. */
export const versionDecisions = pgTable(
  "version_decisions",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    versionId: integer()
      .notNull()
      .references(() => modelVersions.id),
    decision: text({ enum: ["promoted", "rejected", "rolled-back"] }).notNull(),
    reason: text().notNull(),
    details: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    actor: text().notNull(),
    at: createdAt(),
  },
  (t) => [check("version_decisions_decision_check", sql`${t.decision} in ('promoted', 'rejected', 'rolled-back')`), index().on(t.versionId, t.id)],
);

/** Live metrics edges report for the version they serve (drives automatic rollback). */
export const liveMetrics = pgTable(
  "live_metrics",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    edgeId: uuid()
      .notNull()
      .references(() => edges.id),
    versionId: integer()
      .notNull()
      .references(() => modelVersions.id),
    numExamples: integer().notNull(),
    metrics: jsonb().$type<Record<string, number>>().notNull(),
    at: createdAt(),
  },
  (t) => [index().on(t.versionId)],
);

/** Drift alarms raised by edges' detectors. */
export const driftReports = pgTable("drift_reports", {
  id: integer().primaryKey().generatedAlwaysAsIdentity(),
  edgeId: uuid()
    .notNull()
    .references(() => edges.id),
  detector: text().notNull(),
  statistic: doublePrecision().notNull(),
  threshold: doublePrecision().notNull(),
  versionId: integer().references(() => modelVersions.id),
  details: jsonb().$type<Record<string, unknown>>().notNull().default({}),
  at: createdAt(),
});

/** Coordinator settings changed at run time (strategy, round settings, pause), as JSON per key. */
export const settings = pgTable("settings", {
  key: text().primaryKey(),
  value: jsonb().$type<unknown>().notNull(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
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
/** A row of {@link events}. */
export type EventRow = typeof events.$inferSelect;
/** A row of {@link evaluations}. */
export type EvaluationRow = typeof evaluations.$inferSelect;
/** A row of {@link versionDecisions}. */
export type VersionDecisionRow = typeof versionDecisions.$inferSelect;
/** A row of {@link liveMetrics}. */
export type LiveMetricsRow = typeof liveMetrics.$inferSelect;
/** A row of {@link driftReports}. */
export type DriftReportRow = typeof driftReports.$inferSelect;
