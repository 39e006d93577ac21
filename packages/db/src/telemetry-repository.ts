import { asc, desc, eq } from "drizzle-orm";
import type { DbHandle } from "./db-handle.js";
import { type ListOptions, listLimit } from "./list-options.js";
import { type DriftReportRow, type LiveMetricsRow, driftReports, liveMetrics } from "./schema.js";

/** What edges report about the model in service: live metrics and drift alarms. */
export interface TelemetryRepository {
  recordLiveMetrics(input: { edgeId: string; versionId: number; numExamples: number; metrics: Record<string, number> }): Promise<LiveMetricsRow>;
  /** Live metrics reported for a version, oldest first. */
  liveMetricsFor(versionId: number): Promise<LiveMetricsRow[]>;
  recordDrift(input: {
    edgeId: string;
    detector: string;
    statistic: number;
    threshold: number;
    versionId: number | null;
    details?: Record<string, unknown>;
  }): Promise<DriftReportRow>;
  /** Drift reports, newest first. */
  listDrift(options?: ListOptions): Promise<DriftReportRow[]>;
}

/** {@link TelemetryRepository} over `db`. */
export function telemetryRepository(db: DbHandle): TelemetryRepository {
  return {
    async recordLiveMetrics(input) {
      const [row] = await db.insert(liveMetrics).values(input).returning();
      return row!;
    },
    liveMetricsFor(versionId) {
      return db.select().from(liveMetrics).where(eq(liveMetrics.versionId, versionId)).orderBy(asc(liveMetrics.id));
    },
    async recordDrift(input) {
      const [row] = await db
        .insert(driftReports)
        .values({ ...input, details: input.details ?? {} })
        .returning();
      return row!;
    },
    async listDrift(options) {
      const query = db.select().from(driftReports).orderBy(desc(driftReports.id));
      const limit = listLimit(options);
      return limit === undefined ? query : query.limit(limit);
    },
  };
}
