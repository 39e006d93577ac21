import { ErrorCode, TributaryError } from "@tributary/protocol";
import { sql } from "drizzle-orm";
import { type AliasesRepository, aliasesRepository } from "./aliases-repository.js";
import { type AuditRepository, auditRepository } from "./audit-repository.js";
import { type BlobsRepository, blobsRepository } from "./blobs-repository.js";
import { type DecisionsRepository, decisionsRepository } from "./decisions-repository.js";
import { type EvaluationsRepository, evaluationsRepository } from "./evaluations-repository.js";
import { type EventsRepository, eventsRepository } from "./events-repository.js";
import { type SettingsRepository, settingsRepository } from "./settings-repository.js";
import { type TelemetryRepository, telemetryRepository } from "./telemetry-repository.js";
import type { DbHandle } from "./db-handle.js";
import { type EdgesRepository, edgesRepository } from "./edges-repository.js";
import { type RoundsRepository, roundsRepository } from "./rounds-repository.js";
import { type UpdatesRepository, updatesRepository } from "./updates-repository.js";
import { type VersionsRepository, versionsRepository } from "./versions-repository.js";

/** Every query the coordinator needs, the same over both drivers. */
export interface Repository {
  /**
   * Runs `fn` in ONE database transaction with a Repository bound to it;
   * commits when `fn` resolves, rolls back and rethrows when it throws.
   * Nested calls become savepoints.
   */
  transaction<T>(fn: (tx: Repository) => Promise<T>): Promise<T>;
  /**
   * Takes the Postgres advisory transaction lock `key` (pg_advisory_xact_lock),
   * waiting until it is free; released at commit or rollback. Only meaningful
   * inside {@link Repository.transaction}: outside, it is released at once.
   * @throws TributaryError BAD_REQUEST when `key` is not a safe integer
   */
  lock(key: number): Promise<void>;
  edges: EdgesRepository;
  versions: VersionsRepository;
  aliases: AliasesRepository;
  rounds: RoundsRepository;
  updates: UpdatesRepository;
  audit: AuditRepository;
  events: EventsRepository;
  evaluations: EvaluationsRepository;
  decisions: DecisionsRepository;
  telemetry: TelemetryRepository;
  settings: SettingsRepository;
  blobs: BlobsRepository;
}

/** A {@link Repository} running its queries on `db` (a database or a transaction). */
export function createRepository(db: DbHandle): Repository {
  return {
    transaction(fn) {
      return db.transaction((tx) => fn(createRepository(tx)));
    },
    async lock(key) {
      if (!Number.isSafeInteger(key)) {
        throw new TributaryError(ErrorCode.BadRequest, `advisory lock key must be a safe integer, got ${key}`);
      }
      await db.execute(sql`select pg_advisory_xact_lock(${key}::bigint)`);
    },
    edges: edgesRepository(db),
    versions: versionsRepository(db),
    aliases: aliasesRepository(db),
    rounds: roundsRepository(db),
    updates: updatesRepository(db),
    audit: auditRepository(db),
    events: eventsRepository(db),
    evaluations: evaluationsRepository(db),
    decisions: decisionsRepository(db),
    telemetry: telemetryRepository(db),
    settings: settingsRepository(db),
    blobs: blobsRepository(db),
  };
}
