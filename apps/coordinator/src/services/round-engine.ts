import type { EdgeRow, Repository, RoundRow } from "@tributary/db";
import { acceptEncoded, aggregateInPlace } from "@tributary/aggregation";
import {
  ErrorCode,
  type ParameterSpec,
  type RoundConfig,
  TributaryError,
  type UpdateMeta,
  VECTOR_HEADER_BYTES,
  decodeVector,
  openEncodedVector,
  roundConfigSchema,
} from "@tributary/protocol";
import { z } from "zod";
import { CANDIDATE, type EngineContext, GLOBAL_LOCK, PRODUCTION, roundLock } from "./engine-context.js";
import type { ReleaseManager } from "./release-manager.js";
import { sampleParticipants } from "./sample-participants.js";

/** A round's config as recorded: the announced part plus what only the coordinator needs. */
const recordedConfigSchema = roundConfigSchema.extend({ targetUpdates: z.number().int().positive() });
type RecordedConfig = z.infer<typeof recordedConfigSchema>;

/** The result of one accepted push. */
export interface PushResult {
  readonly updateId: number;
  /** False when the idempotency key was seen before: nothing was applied twice. */
  readonly created: boolean;
  readonly roundId: number;
  /** The version the push's round produced, when this push closed it. */
  readonly newVersion: number | null;
}

/** How a round ended, as {@link RoundEngine.close} reports it. */
export interface CloseResult {
  readonly roundId: number;
  readonly status: "closed" | "failed";
  readonly version: number | null;
  readonly outcome: "promoted" | "rejected" | "pending" | null;
  readonly reason: string | null;
}

/**
 * Runs rounds over the database: every push is validated, then stored and
 * counted under the round's advisory lock, and acknowledged only after its
 * transaction committed; the round closes by streaming its stored updates
 * through the strategy. All state lives in Postgres, so a restarted or second
 * coordinator continues where the first left off.
 */
export class RoundEngine {
  private readonly deadlines = new Map<number, NodeJS.Timeout>();
  private readonly specs = new Map<number, ParameterSpec>();

  constructor(
    private readonly ctx: EngineContext,
    private readonly releases: ReleaseManager,
    private readonly autoOpen: boolean,
  ) {
    releases.onProductionChanged = (actor) => this.reconcile(actor);
  }

  /** Resumes: re-arms the open round's deadline, closes it if it is already complete, or opens one. */
  async start(): Promise<void> {
    const open = await this.ctx.repo.rounds.latestOpen();
    if (open) {
      const config = recordedConfigSchema.parse(open.config);
      this.armDeadline(open.id, config);
      const count = (await this.ctx.repo.updates.listForRound(open.id)).length;
      this.ctx.log.info({ round: open.id, updates: count }, "resumed open round");
      if (count >= config.targetUpdates) await this.close(open.id, "coordinator", false);
    } else {
      await this.reconcile("coordinator");
    }
  }

  /** Clears timers. */
  stop(): void {
    for (const t of this.deadlines.values()) clearTimeout(t);
    this.deadlines.clear();
  }

  /** The open round, or null. */
  currentRound(): Promise<RoundRow | null> {
    return this.ctx.repo.rounds.latestOpen();
  }

  /**
   * Makes the state consistent with production: an open sync round on another
   * base fails ("production moved"), and a round opens when none is (unless
   * paused, a candidate awaits federated evaluation, or autoOpen is off).
   */
  async reconcile(actor: string): Promise<void> {
    const { repo } = this.ctx;
    const production = await repo.aliases.get(PRODUCTION);
    const open = await repo.rounds.latestOpen();
    if (open && production !== null && open.baseVersionId !== production && recordedConfigSchema.parse(open.config).mode === "sync") {
      await this.fail(open.id, `production moved to version ${production}`);
    } else if (open) {
      return;
    }
    if (!this.autoOpen || production === null || this.ctx.settings().paused) return;
    const candidate = await repo.aliases.get(CANDIDATE);
    if (candidate !== null && candidate !== production && !(await repo.decisions.latest([candidate])).has(candidate)) return;
    await this.open(actor).catch((error: unknown) => {
      if (!(error instanceof TributaryError && error.code === ErrorCode.Conflict)) throw error;
    });
  }

  /**
   * Opens a round on production with the current settings.
   * @throws TributaryError CONFLICT when one is open, NOT_FOUND without production, PAUSED when paused
   */
  async open(actor: string): Promise<RoundRow> {
    const settings = this.ctx.settings();
    if (settings.paused) throw new TributaryError(ErrorCode.Paused, "training is paused");
    const strategyName = this.ctx.strategy().name;
    const round = await this.ctx.repo.transaction(async (tx) => {
      await tx.lock(GLOBAL_LOCK);
      const open = await tx.rounds.latestOpen();
      if (open) throw new TributaryError(ErrorCode.Conflict, `round ${open.id} is already open`);
      const production = await tx.aliases.get(PRODUCTION);
      if (production === null) throw new TributaryError(ErrorCode.NotFound, "no production version to train: import one first");
      const r = settings.round;
      const participants = r.mode === "sync" && r.fraction < 1 ? sampleParticipants(await tx.edges.list(), r, production) : null;
      const config: RecordedConfig = {
        strategy: strategyName,
        mode: r.mode,
        minUpdates: Math.min(r.minUpdates, participants?.length ?? r.minUpdates),
        localEpochs: r.localEpochs,
        learningRate: r.learningRate,
        deadline: r.mode === "sync" && r.deadlineSeconds !== null ? new Date(Date.now() + r.deadlineSeconds * 1000).toISOString() : null,
        maxStaleness: r.maxStaleness,
        participants,
        targetUpdates: r.targetUpdates ?? participants?.length ?? r.minUpdates,
      };
      const created = await tx.rounds.create({ baseVersionId: production, strategy: strategyName, config: { ...config, strategyConfig: settings.strategy } });
      await tx.audit.append({ actor, action: "round.open", targetType: "round", targetId: String(created.id), details: config });
      const { targetUpdates: _target, ...announced } = config;
      await tx.events.append({ type: "round-open", payload: { roundId: created.id, baseVersion: production, config: announced, at: new Date().toISOString() } });
      return created;
    });
    this.armDeadline(round.id, recordedConfigSchema.parse(round.config));
    await this.ctx.bus.pump();
    this.ctx.log.info({ round: round.id, base: round.baseVersionId, strategy: strategyName }, "round open");
    return round;
  }

  /**
   * Validates, stores and counts one edge's delta; closes the round when it reaches its target.
   * @throws TributaryError ROUND_NOT_OPEN | PAUSED | FORBIDDEN | NOT_A_PARTICIPANT | BASE_VERSION_MISMATCH |
   *   STALE_UPDATE | ALREADY_SUBMITTED | NORM_BOUND_EXCEEDED, or a codec code; on any throw nothing was stored
   */
  async push(edge: EdgeRow, meta: UpdateMeta, body: Uint8Array): Promise<PushResult> {
    try {
      const result = await this.pushUnmetered(edge, meta, body);
      if (result.created) this.ctx.metrics.updatesAccepted.inc();
      return result;
    } catch (error) {
      this.ctx.metrics.updatesRefused.inc({ code: error instanceof TributaryError ? error.code : "INTERNAL" });
      throw error;
    }
  }

  private async pushUnmetered(edge: EdgeRow, meta: UpdateMeta, body: Uint8Array): Promise<PushResult> {
    const { repo } = this.ctx;
    if (meta.edgeId !== undefined && meta.edgeId !== edge.id) throw new TributaryError(ErrorCode.Forbidden, `edge ${edge.id} may not push as ${meta.edgeId}`);
    const round = await repo.rounds.get(meta.roundId);
    if (round?.status !== "open") {
      const earlier = (await (round ? repo.updates.listForRound(round.id) : Promise.resolve([]))).find((u) => u.idempotencyKey === meta.idempotencyKey);
      if (earlier && earlier.edgeId === edge.id) return { updateId: earlier.id, created: false, roundId: earlier.roundId, newVersion: round?.resultVersionId ?? null };
      throw new TributaryError(ErrorCode.RoundNotOpen, `round ${meta.roundId} is not open`);
    }
    if (this.ctx.settings().paused) throw new TributaryError(ErrorCode.Paused, "training is paused");
    const config = recordedConfigSchema.parse(round.config);
    if (config.participants && !config.participants.includes(edge.id)) {
      throw new TributaryError(ErrorCode.NotAParticipant, `edge ${edge.name} was not sampled into round ${round.id}`);
    }
    const staleness = await this.stalenessOf(meta.baseVersion, round, config);
    const spec = await this.specOf(round.baseVersionId);
    const expect = { specHash: spec.hash, length: spec.length, baseVersion: meta.baseVersion, kind: "delta" as const };
    const bound = this.ctx.settings().maxDeltaNorm;
    if (bound === null) {
      // Validates everything (format, checksum, expectations, finiteness) without materialising the delta.
      openEncodedVector(body, expect);
    } else {
      let sq = 0;
      for (const v of decodeVector(body, expect).values) sq += v * v;
      if (Math.sqrt(sq) > bound) throw new TributaryError(ErrorCode.NormBoundExceeded, `delta norm ${Math.sqrt(sq).toPrecision(4)} exceeds the bound ${bound}`);
    }
    // The payload goes in first, in its own transaction, so the round lock is held only for the row.
    const blobHash = await repo.blobs.put(body);
    const stored = await repo.transaction(async (tx) => {
      await tx.lock(roundLock(round.id));
      const existing = await tx.updates.listForRound(round.id);
      const again = existing.find((u) => u.idempotencyKey === meta.idempotencyKey);
      if (again) return { update: again, created: false, count: existing.length };
      const now = await tx.rounds.get(round.id);
      if (now?.status !== "open") throw new TributaryError(ErrorCode.RoundNotOpen, `round ${round.id} closed while the update was checked`);
      if (config.mode === "sync" && existing.some((u) => u.edgeId === edge.id)) {
        throw new TributaryError(ErrorCode.AlreadySubmitted, `edge ${edge.name} already pushed to round ${round.id}`);
      }
      const { update, created } = await tx.updates.insert({
        roundId: round.id,
        edgeId: edge.id,
        idempotencyKey: meta.idempotencyKey,
        baseVersionId: meta.baseVersion,
        numExamples: meta.numExamples,
        metrics: meta.metrics,
        blobHash,
      });
      return { update, created, count: existing.length + (created ? 1 : 0) };
    });
    if (!stored.created) return { updateId: stored.update.id, created: false, roundId: round.id, newVersion: null };
    this.ctx.log.debug({ round: round.id, edge: edge.name, staleness, count: stored.count, target: config.targetUpdates }, "update accepted");
    let newVersion: number | null = null;
    if (stored.count >= config.targetUpdates) newVersion = (await this.close(round.id, "coordinator", false))?.version ?? null;
    return { updateId: stored.update.id, created: true, roundId: round.id, newVersion };
  }

  /**
   * Closes a round: aggregates its stored updates into a candidate and runs the
   * gate, or fails it when too few usable updates arrived (the model stays).
   * `early` (an admin or a deadline) allows closing below the target but not below minUpdates.
   * @returns null when the round was not open (someone else closed it)
   */
  async close(roundId: number, actor: string, early: boolean): Promise<CloseResult | null> {
    const started = performance.now();
    const result = await this.ctx.repo.transaction(async (tx) => {
      await tx.lock(roundLock(roundId));
      const round = await tx.rounds.get(roundId);
      if (round?.status !== "open") return null;
      const config = recordedConfigSchema.parse(round.config);
      const updates = await tx.updates.listForRound(roundId);
      const pushed = new Set(updates.map((u) => u.edgeId));
      const details = {
        actor,
        updates: updates.length,
        participants: config.participants,
        stragglers: config.participants?.filter((id) => !pushed.has(id)) ?? [],
      };
      const strategy = this.ctx.strategy();
      const needed = Math.max(config.minUpdates, strategy.minUpdates ?? 1);
      if (updates.length < (early ? needed : Math.max(needed, config.targetUpdates))) {
        if (!early) return null;
        const reason = `${updates.length} update(s), fewer than the ${needed} required`;
        await tx.rounds.close(roundId, { status: "failed", failureReason: reason, details });
        await tx.audit.append({ actor, action: "round.fail", targetType: "round", targetId: String(roundId), details: { ...details, reason } });
        return { roundId, status: "failed" as const, version: null, outcome: null, reason };
      }
      const production = (await tx.aliases.get(PRODUCTION))!;
      // Sync rounds apply deltas to their own base; async (FedBuff) applies stale deltas to today's production.
      const baseVersion = config.mode === "async" ? production : round.baseVersionId;
      const spec = await this.specOf(round.baseVersionId, tx);
      // One buffer takes each stored update's bytes in turn, then the base, then the
      // candidate, so closing a round holds the strategy's sum and this buffer (2× the
      // model with a float32 sum), not the base beside the updates as well (issue 5).
      // Reusing it, rather than letting each read allocate, keeps that true whatever
      // the garbage collector has not yet freed.
      // The round's spec is its base's: every version a round may apply to has the model's one shape.
      const length = spec.length;
      const io = new Uint8Array(VECTOR_HEADER_BYTES + length * 4);
      // The strategy reads the base only when it forms the result. Reading it from the
      // database is asynchronous and aggregation is not, so it is read after the last
      // update (below) and the loader hands it over.
      let base: Float32Array | null = null;
      const loadBase = (): Float32Array => {
        if (!base) throw new Error("the round's base was asked for before its updates were accepted");
        return base;
      };
      strategy.begin({ base: loadBase, length, baseVersion, roundId });
      // Stream the stored deltas into the strategy one at a time, decoding straight into its sum where it can.
      for (const u of updates) {
        acceptEncoded(strategy, await tx.updates.loadPayload(u.id, io), {
          edgeId: u.edgeId,
          numExamples: u.numExamples,
          baseVersion: u.baseVersionId,
          staleness: await this.distance(tx, baseVersion, u.baseVersionId),
          expect: { kind: "delta", specHash: spec.hash, baseVersion: u.baseVersionId },
        });
      }
      base = await tx.versions.loadParams(baseVersion, io);
      // The in-place result lives in the strategy's memory until its next begin() (and
      // may be shared memory, which some Node APIs refuse): copy it into the buffer,
      // where the base is no longer needed once the round has ended.
      const inPlace = aggregateInPlace(strategy);
      const params = inPlace && copyInto(io, inPlace);
      if (!params) {
        const reason = "the strategy found no usable update";
        await tx.rounds.close(roundId, { status: "failed", failureReason: reason, details });
        return { roundId, status: "failed" as const, version: null, outcome: null, reason };
      }
      const candidate = await tx.versions.create({
        parentId: baseVersion,
        roundId,
        spec,
        params,
        strategy: strategy.name,
        metrics: weightedUpdateMetrics(updates),
        contributors: updates.map((u) => ({ edgeId: u.edgeId, numExamples: u.numExamples })),
      });
      if (!(await tx.rounds.close(roundId, { status: "closed", resultVersionId: candidate.id, details }))) {
        throw new TributaryError(ErrorCode.Conflict, `round ${roundId} was closed concurrently`);
      }
      await tx.audit.append({ actor, action: "round.close", targetType: "round", targetId: String(roundId), details: { ...details, candidate: candidate.id } });
      const outcome = await this.releases.decideCandidate(tx, { candidate, params, baseVersion, roundId });
      return { roundId, status: "closed" as const, version: candidate.id, outcome, reason: null };
    });
    if (!result) return null;
    this.clearDeadline(roundId);
    this.ctx.metrics.rounds.inc({ outcome: result.outcome ?? result.status });
    this.ctx.metrics.aggregationSeconds.observe((performance.now() - started) / 1000);
    this.ctx.log.info(result, "round ended");
    await this.ctx.bus.pump();
    if (result.outcome === "pending") this.releases.armFederatedTimeout(result.version!);
    await this.reconcile("coordinator");
    return result;
  }

  /** Fails an open round with a reason (the model stays). */
  async fail(roundId: number, reason: string): Promise<boolean> {
    const failed = await this.ctx.repo.transaction(async (tx) => {
      await tx.lock(roundLock(roundId));
      const ok = await tx.rounds.close(roundId, { status: "failed", failureReason: reason });
      if (ok) await tx.audit.append({ actor: "coordinator", action: "round.fail", targetType: "round", targetId: String(roundId), details: { reason } });
      return ok;
    });
    if (failed) {
      this.clearDeadline(roundId);
      this.ctx.metrics.rounds.inc({ outcome: "failed" });
      this.ctx.log.info({ round: roundId, reason }, "round failed");
    }
    return failed;
  }

  private async stalenessOf(baseVersion: number, round: RoundRow, config: RecordedConfig): Promise<number> {
    if (config.mode === "sync") {
      if (baseVersion !== round.baseVersionId) {
        throw new TributaryError(ErrorCode.BaseVersionMismatch, `update is against version ${baseVersion}, round ${round.id} trains version ${round.baseVersionId}`);
      }
      return 0;
    }
    const production = (await this.ctx.repo.aliases.get(PRODUCTION))!;
    const staleness = await this.distance(this.ctx.repo, production, baseVersion, config.maxStaleness + 1);
    if (staleness > config.maxStaleness) {
      throw new TributaryError(ErrorCode.StaleUpdate, `version ${baseVersion} is more than ${config.maxStaleness} version(s) behind production ${production}`);
    }
    return staleness;
  }

  /** Steps from `from` back along parents to `ancestor`; `limit + 1`… (≥ limit) when not reached within `limit`. */
  private async distance(repo: Repository, from: number, ancestor: number, limit = 64): Promise<number> {
    let id: number | null = from;
    for (let steps = 0; steps <= limit && id !== null; steps++) {
      if (id === ancestor) return steps;
      id = (await repo.versions.get(id))?.parentId ?? null;
    }
    return limit + 1;
  }

  /** A version's spec (cached); inside a transaction pass it as `repo`: PGlite's one connection is held by it. */
  private async specOf(versionId: number, repo: Repository = this.ctx.repo): Promise<ParameterSpec> {
    let spec = this.specs.get(versionId);
    if (!spec) {
      const v = await repo.versions.get(versionId);
      if (!v) throw new TributaryError(ErrorCode.NotFound, `version ${versionId} does not exist`);
      spec = v.spec;
      this.specs.set(versionId, spec);
    }
    return spec;
  }

  private armDeadline(roundId: number, config: RoundConfig): void {
    if (!config.deadline) return;
    const ms = Math.max(0, Date.parse(config.deadline) - Date.now());
    const timer = setTimeout(() => {
      this.deadlines.delete(roundId);
      void this.close(roundId, "coordinator:deadline", true).catch((err: unknown) => this.ctx.log.error({ err, round: roundId }, "closing at the deadline failed"));
    }, ms);
    timer.unref();
    this.deadlines.set(roundId, timer);
  }

  private clearDeadline(roundId: number): void {
    const t = this.deadlines.get(roundId);
    if (t) clearTimeout(t);
    this.deadlines.delete(roundId);
  }
}

/** `values` copied to the start of `buffer`'s memory, as a view of it. */
function copyInto(buffer: Uint8Array, values: Float32Array): Float32Array {
  const view = new Float32Array(buffer.buffer, buffer.byteOffset, values.length);
  view.set(values);
  return view;
}

/** Example-weighted mean of each metric the updates reported, prefixed `edges.`. */
function weightedUpdateMetrics(updates: readonly { numExamples: number; metrics: Record<string, number> }[]): Record<string, number> {
  const sums = new Map<string, { sum: number; weight: number }>();
  for (const u of updates) {
    for (const [key, value] of Object.entries(u.metrics)) {
      const s = sums.get(key) ?? { sum: 0, weight: 0 };
      s.sum += value * u.numExamples;
      s.weight += u.numExamples;
      sums.set(key, s);
    }
  }
  return Object.fromEntries([...sums].map(([k, s]) => [`edges.${k}`, s.sum / s.weight]));
}
