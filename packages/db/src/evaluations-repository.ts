import { asc, eq } from "drizzle-orm";
import type { DbHandle } from "./db-handle.js";
import { type EvaluationRow, evaluations } from "./schema.js";

/** One evaluation of a candidate version beside its baseline. */
export interface EvaluationInput {
  versionId: number;
  baselineVersionId: number | null;
  source: "server" | "edge";
  /** The reporting edge; null for the server holdout. */
  edgeId: string | null;
  numExamples: number;
  metrics: Record<string, number>;
  baselineMetrics: Record<string, number>;
}

/** Evaluations of candidate versions (server holdout and federated). */
export interface EvaluationsRepository {
  /**
   * Records an evaluation. An edge's second report on the same version is
   * ignored (first answer wins): returns `created: false` and the stored row.
   */
  record(input: EvaluationInput): Promise<{ evaluation: EvaluationRow; created: boolean }>;
  /** A version's evaluations in arrival order. */
  listForVersion(versionId: number): Promise<EvaluationRow[]>;
}

/** {@link EvaluationsRepository} over `db`. */
export function evaluationsRepository(db: DbHandle): EvaluationsRepository {
  const listForVersion = (versionId: number) => db.select().from(evaluations).where(eq(evaluations.versionId, versionId)).orderBy(asc(evaluations.id));
  return {
    async record(input) {
      const [row] = await db.insert(evaluations).values(input).onConflictDoNothing().returning();
      if (row) return { evaluation: row, created: true };
      const existing = (await listForVersion(input.versionId)).find((e) => e.source === input.source && e.edgeId === input.edgeId);
      return { evaluation: existing!, created: false };
    },
    listForVersion,
  };
}
