export { type MigrationReport, MIGRATIONS_FOLDER } from "./apply-migrations.js";
export { BLOB_CHUNK_BYTES } from "./blob-store.js";
export { type DbHandle, queryRows } from "./db-handle.js";
export type { AliasChange, AliasesRepository } from "./aliases-repository.js";
export type { AuditEntry, AuditRepository } from "./audit-repository.js";
export type { EdgesRepository } from "./edges-repository.js";
export type { BlobsRepository } from "./blobs-repository.js";
export type { Decision, DecisionsRepository } from "./decisions-repository.js";
export type { EvaluationInput, EvaluationsRepository } from "./evaluations-repository.js";
export type { EventsRepository } from "./events-repository.js";
export type { SettingsRepository } from "./settings-repository.js";
export type { TelemetryRepository } from "./telemetry-repository.js";
export type { ListOptions } from "./list-options.js";
export { type Database, type OpenDatabaseOptions, openDatabase, openPgliteDatabase } from "./open-database.js";
export { type Repository, createRepository } from "./repository.js";
export type { RoundOutcome, RoundsRepository } from "./rounds-repository.js";
export {
  type AliasHistoryRow,
  type AuditRow,
  type Contributor,
  type DriftReportRow,
  type EdgeRow,
  type EvaluationRow,
  type EventRow,
  type LiveMetricsRow,
  type VersionDecisionRow,
  type ModelVersionRow,
  type RoundRow,
  type UpdateRow,
  RoundStatus,
} from "./schema.js";
export * as schema from "./schema.js";
export type { InsertUpdateInput, UpdatesRepository } from "./updates-repository.js";
export type { CreateVersionInput, VersionsRepository } from "./versions-repository.js";
export { type ScratchDatabase, createScratchDatabase } from "./scratch-database.js";
