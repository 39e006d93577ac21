import type { EdgeRow, ModelVersionRow, Repository } from "@tributary/db";
import { ErrorCode, type EvaluationInput, type LiveMetricsInput, type ParameterSpec, TributaryError } from "@tributary/protocol";
import { compareOnMetric, weightedMetric } from "./eval-gate.js";
import { CANDIDATE, type EngineContext, GLOBAL_LOCK, PRODUCTION } from "./engine-context.js";

/** What became of a new candidate. */
export type CandidateOutcome = "promoted" | "rejected" | "pending";

/**
 * Owns the `production` and `candidate` aliases: imports, the eval gate,
 * federated evaluation, promotion, rollback (by an admin or automatic), each an
 * atomic alias move with its audit entry, decision and release event.
 */
export class ReleaseManager {
  private readonly pending = new Map<number, NodeJS.Timeout>();
  /** Called after production moved (the round engine re-bases its open round). */
  onProductionChanged: (actor: string) => Promise<void> = async () => undefined;

  constructor(private readonly ctx: EngineContext) {}

  /**
   * Stores parameters as a new version. The first version ever becomes
   * production; later imports are kept as versions an admin may promote.
   */
  async importVersion(input: { spec: ParameterSpec; params: Float32Array; actor: string; reason: string }): Promise<ModelVersionRow> {
    let becameProduction = false;
    const version = await this.ctx.repo.transaction(async (tx) => {
      await tx.lock(GLOBAL_LOCK);
      const production = await tx.aliases.get(PRODUCTION);
      const created = await tx.versions.create({ parentId: production, roundId: null, spec: input.spec, params: input.params, strategy: null });
      await tx.audit.append({
        actor: input.actor,
        action: "version.import",
        targetType: "modelVersion",
        targetId: String(created.id),
        details: { reason: input.reason, specHash: input.spec.hash, numParams: input.spec.length },
      });
      if (production === null) {
        await this.moveProduction(tx, created, { actor: input.actor, reason: input.reason, type: "release", roundId: null });
        becameProduction = true;
      }
      return created;
    });
    await this.ctx.bus.pump();
    if (becameProduction) await this.onProductionChanged(input.actor);
    return version;
  }

  /**
   * Runs the gate on a freshly aggregated candidate, inside the round-closing
   * transaction: server holdout (when configured), then federated evaluation
   * (when configured: the decision is deferred to {@link submitEvaluation}), else promote.
   */
  async decideCandidate(tx: Repository, input: { candidate: ModelVersionRow; params: Float32Array; baseVersion: number; roundId: number }): Promise<CandidateOutcome> {
    const { candidate } = input;
    await tx.aliases.set(CANDIDATE, candidate.id, { actor: "coordinator", reason: `round ${input.roundId}` });
    const gate = this.ctx.settings().gate;
    if (this.ctx.evaluator) {
      const baseParams = await tx.versions.loadParams(input.baseVersion);
      const [cand, base] = [await this.ctx.evaluator(input.params, candidate.spec), await this.ctx.evaluator(baseParams, candidate.spec)];
      await tx.evaluations.record({
        versionId: candidate.id,
        baselineVersionId: input.baseVersion,
        source: "server",
        edgeId: null,
        numExamples: cand.numExamples,
        metrics: cand.metrics,
        baselineMetrics: base.metrics,
      });
      const verdict = compareOnMetric(cand.metrics, base.metrics, gate);
      if (!verdict.pass) {
        await this.reject(tx, candidate.id, `server holdout: ${verdict.reason}`, { regression: verdict.regression });
        return "rejected";
      }
    }
    if (gate.federatedMinEdges > 0) {
      await tx.events.append({
        type: "evaluate",
        payload: { candidateVersion: candidate.id, baselineVersion: input.baseVersion, roundId: input.roundId, at: new Date().toISOString() },
      });
      return "pending";
    }
    await this.moveProduction(tx, candidate, { actor: "coordinator", reason: `round ${input.roundId} passed the gate`, type: "release", roundId: input.roundId });
    return "promoted";
  }

  /** Arms the federated-evaluation timeout of a pending candidate (after its transaction committed). */
  armFederatedTimeout(candidateId: number): void {
    const seconds = this.ctx.settings().gate.federatedTimeoutSeconds;
    const timer = setTimeout(() => void this.decideFederated(candidateId, true).catch((e: unknown) => this.ctx.log.error({ err: e }, "federated decision failed")), seconds * 1000);
    timer.unref();
    this.pending.set(candidateId, timer);
  }

  /**
   * Records one edge's evaluation of a candidate; decides once enough edges answered.
   * @throws TributaryError NOT_FOUND for an unknown version; CONFLICT when the candidate was already decided
   */
  async submitEvaluation(edge: EdgeRow, input: EvaluationInput): Promise<{ created: boolean; decided: CandidateOutcome | null }> {
    const { repo } = this.ctx;
    const version = await repo.versions.get(input.candidateVersion);
    if (!version) throw new TributaryError(ErrorCode.NotFound, `version ${input.candidateVersion} does not exist`);
    const decided = (await repo.decisions.latest([version.id])).get(version.id);
    if (decided) throw new TributaryError(ErrorCode.Conflict, `version ${version.id} was already ${decided.decision}`);
    const { created } = await repo.evaluations.record({
      versionId: version.id,
      baselineVersionId: null,
      source: "edge",
      edgeId: edge.id,
      numExamples: input.numExamples,
      metrics: input.metrics,
      baselineMetrics: input.baselineMetrics,
    });
    return { created, decided: await this.decideFederated(version.id, false) };
  }

  /**
   * Moves production to `versionId` (an admin's promote).
   * @throws TributaryError NOT_FOUND | CONFLICT (already production, or another parameter spec)
   */
  promote(versionId: number, actor: string, reason: string): Promise<{ from: number | null; to: number }> {
    return this.move(versionId, actor, reason, "release");
  }

  /**
   * Moves production back to an earlier version, atomically and audited, and announces it.
   * @throws TributaryError NOT_FOUND | CONFLICT (already production, not earlier, or another parameter spec)
   */
  rollback(toVersionId: number, actor: string, reason: string): Promise<{ from: number | null; to: number }> {
    return this.move(toVersionId, actor, reason, "rollback");
  }

  /**
   * Records live metrics an edge observed for the version it serves, and rolls
   * production back when they regress past the configured threshold against
   * the version production replaced.
   * @returns the version rolled back to, or null
   */
  async reportLiveMetrics(edge: EdgeRow, input: LiveMetricsInput): Promise<number | null> {
    const { repo } = this.ctx;
    if (!(await repo.versions.get(input.version))) throw new TributaryError(ErrorCode.NotFound, `version ${input.version} does not exist`);
    await repo.telemetry.recordLiveMetrics({ edgeId: edge.id, versionId: input.version, numExamples: input.numExamples, metrics: input.metrics });
    const policy = this.ctx.settings().autoRollback;
    const production = await repo.aliases.get(PRODUCTION);
    if (!policy.enabled || production !== input.version) return null;
    const predecessor = (await repo.aliases.history(PRODUCTION)).find((h) => h.versionId === production)?.previousVersionId ?? null;
    if (predecessor === null) return null;
    const [now, before] = [await repo.telemetry.liveMetricsFor(production), await repo.telemetry.liveMetricsFor(predecessor)];
    const count = (rows: { numExamples: number }[]) => rows.reduce((s, r) => s + r.numExamples, 0);
    if (count(now) < policy.minExamples || count(before) < policy.minExamples) return null;
    const [a, b] = [weightedMetric(now, policy.metric), weightedMetric(before, policy.metric)];
    if (a === undefined || b === undefined) return null;
    const verdict = compareOnMetric({ [policy.metric]: a }, { [policy.metric]: b }, { ...policy, tolerance: policy.threshold });
    if (verdict.pass) return null;
    this.ctx.log.warn({ production, predecessor, reason: verdict.reason }, "live metrics regressed: rolling back");
    try {
      await this.rollback(predecessor, "coordinator:auto-rollback", `live ${verdict.reason}`);
    } catch (error) {
      if (error instanceof TributaryError && error.code === ErrorCode.Conflict) return null; // someone moved it first
      throw error;
    }
    return predecessor;
  }

  private async move(versionId: number, actor: string, reason: string, type: "release" | "rollback"): Promise<{ from: number | null; to: number }> {
    const from = await this.ctx.repo.transaction(async (tx) => {
      await tx.lock(GLOBAL_LOCK);
      const target = await tx.versions.get(versionId);
      if (!target) throw new TributaryError(ErrorCode.NotFound, `version ${versionId} does not exist`);
      const current = await tx.aliases.get(PRODUCTION);
      if (current === versionId) throw new TributaryError(ErrorCode.Conflict, `version ${versionId} is already production`);
      if (current !== null) {
        const currentRow = (await tx.versions.get(current))!;
        if (currentRow.specHash !== target.specHash) {
          throw new TributaryError(ErrorCode.Conflict, `version ${versionId} has another parameter spec than production ${current}`);
        }
        if (type === "rollback" && target.id >= current) throw new TributaryError(ErrorCode.Conflict, `rollback must go to an earlier version than ${current}`);
        if (type === "rollback") await tx.decisions.record({ versionId: current, decision: "rolled-back", reason, actor, details: { to: versionId } });
      }
      await this.moveProduction(tx, target, { actor, reason, type, roundId: null });
      return current;
    });
    this.cancelPending(versionId);
    await this.ctx.bus.pump();
    await this.onProductionChanged(actor);
    return { from, to: versionId };
  }

  /** The one place production moves: alias, decision, audit and event, in the caller's transaction. */
  async moveProduction(tx: Repository, version: ModelVersionRow, by: { actor: string; reason: string; type: "release" | "rollback"; roundId: number | null }): Promise<void> {
    const { previousVersionId } = await tx.aliases.set(PRODUCTION, version.id, { actor: by.actor, reason: by.reason });
    if (by.type === "release") await tx.decisions.record({ versionId: version.id, decision: "promoted", reason: by.reason, actor: by.actor });
    await tx.audit.append({
      actor: by.actor,
      action: by.type === "release" ? "version.promote" : "version.rollback",
      targetType: "modelVersion",
      targetId: String(version.id),
      details: { from: previousVersionId, to: version.id, reason: by.reason, roundId: by.roundId },
    });
    await tx.events.append({
      type: by.type,
      payload: { version: version.id, previousVersion: previousVersionId, specHash: version.specHash, roundId: by.roundId, at: new Date().toISOString() },
    });
    this.ctx.metrics.productionVersion.set(version.id);
  }

  private async reject(tx: Repository, versionId: number, reason: string, details: Record<string, unknown>): Promise<void> {
    await tx.decisions.record({ versionId, decision: "rejected", reason, actor: "coordinator:gate", details });
    await tx.audit.append({ actor: "coordinator:gate", action: "version.reject", targetType: "modelVersion", targetId: String(versionId), details: { reason, ...details } });
    this.ctx.log.info({ version: versionId, reason }, "candidate rejected");
  }

  private async decideFederated(candidateId: number, timedOut: boolean): Promise<CandidateOutcome | null> {
    const gate = this.ctx.settings().gate;
    const outcome = await this.ctx.repo.transaction(async (tx) => {
      await tx.lock(GLOBAL_LOCK);
      if ((await tx.decisions.latest([candidateId])).has(candidateId)) return null;
      const reports = (await tx.evaluations.listForVersion(candidateId)).filter((e) => e.source === "edge");
      if (reports.length < gate.federatedMinEdges && !timedOut) return null;
      const candidate = (await tx.versions.get(candidateId))!;
      const cand = weightedMetric(reports, gate.metric);
      const base = weightedMetric(
        reports.map((r) => ({ numExamples: r.numExamples, metrics: r.baselineMetrics })),
        gate.metric,
      );
      const verdict = compareOnMetric(cand === undefined ? {} : { [gate.metric]: cand }, base === undefined ? {} : { [gate.metric]: base }, gate);
      const details = { edges: reports.length, timedOut, regression: verdict.regression };
      if (!verdict.pass || reports.length === 0) {
        await this.reject(tx, candidateId, `federated evaluation (${reports.length} edge(s)${timedOut ? ", timed out" : ""}): ${verdict.reason}`, details);
        return "rejected" as const;
      }
      const current = await tx.aliases.get(PRODUCTION);
      if (current !== candidate.parentId) {
        await this.reject(tx, candidateId, `production moved to ${current} while the candidate was evaluated`, details);
        return "rejected" as const;
      }
      await this.moveProduction(tx, candidate, { actor: "coordinator", reason: `federated evaluation: ${verdict.reason}`, type: "release", roundId: candidate.roundId });
      return "promoted" as const;
    });
    if (outcome === null) return null;
    this.cancelPending(candidateId);
    await this.ctx.bus.pump();
    await this.onProductionChanged("coordinator");
    return outcome;
  }

  private cancelPending(candidateId: number): void {
    const timer = this.pending.get(candidateId);
    if (timer) clearTimeout(timer);
    this.pending.delete(candidateId);
  }

  /** Clears timers. */
  stop(): void {
    for (const timer of this.pending.values()) clearTimeout(timer);
    this.pending.clear();
  }
}
