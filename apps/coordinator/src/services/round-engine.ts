import { ErrorCode, TributaryError, decodeVector, type ParameterSpec, type RoundConfig, type UpdateMeta } from "@tributary/protocol";
import type { Strategy } from "@tributary/aggregation";
import type { EdgeRow, ModelVersionRow, Repository, RoundRow } from "@tributary/db";
import type { EventBus } from "./event-bus.js";

/** Advisory-lock key under which one coordinator at a time closes a round. */
const ROUND_CLOSE_LOCK = 0x7472_6200;
/** The alias edges serve and train from. */
export const PRODUCTION = "production";

/** What a round asks of its edges, recorded with the round. */
export interface RoundSettings {
  /** Accepted updates that close the round (K). */
  readonly minUpdates: number;
  readonly localEpochs: number;
  readonly learningRate: number;
}

export interface RoundEngineOptions {
  readonly repo: Repository;
  readonly events: EventBus;
  /** Builds the strategy for a round; its `name` is recorded with the round. */
  readonly createStrategy: () => Strategy;
  readonly settings: RoundSettings;
  /** Open the next round as soon as one closes (and at start when none is open). */
  readonly autoOpen: boolean;
  readonly log: (line: string) => void;
}

/** The result of one accepted push. */
export interface PushResult {
  readonly updateId: number;
  /** False when the idempotency key was seen before: nothing was applied twice. */
  readonly created: boolean;
  readonly roundId: number;
  /** The version the push's round produced, when this push closed it. */
  readonly newVersion: number | null;
}

interface OpenRound {
  readonly round: RoundRow;
  readonly strategy: Strategy;
  readonly spec: ParameterSpec;
  readonly edges: Set<string>;
}

/**
 * Runs synchronous rounds: validates and persists each update, feeds it to the
 * streaming strategy, and at K accepted updates writes the new version, closes
 * the round and moves `production` in one transaction, then announces the
 * release. Mutations are serialised within the process; across processes the
 * advisory lock and the round's open→closed guard keep a round closing once.
 */
export class RoundEngine {
  private open: OpenRound | null = null;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: RoundEngineOptions) {}

  /** Restores the open round (replaying its persisted updates) or opens one. */
  start(): Promise<void> {
    return this.serial(async () => {
      const { repo } = this.options;
      const round = await repo.rounds.latestOpen();
      if (round) {
        this.open = await this.load(round);
        for (const update of await repo.updates.listForRound(round.id)) {
          const decoded = decodeVector(await repo.updates.loadPayload(update.id));
          this.open.strategy.accept({
            edgeId: update.edgeId,
            delta: decoded.values,
            numExamples: update.numExamples,
            baseVersion: update.baseVersionId,
            staleness: 0,
          });
          this.open.edges.add(update.edgeId);
        }
        this.options.log(`round ${round.id}: resumed with ${this.open.strategy.accepted} update(s)`);
      } else if (this.options.autoOpen && (await repo.aliases.get(PRODUCTION)) !== null) {
        await this.openRoundLocked("coordinator");
      }
    });
  }

  /** The open round, or null. */
  currentRound(): RoundRow | null {
    return this.open?.round ?? null;
  }

  /**
   * Stores a new root or admin-supplied version. When no production version
   * exists yet it becomes production (and a round opens if autoOpen).
   */
  importVersion(input: { spec: ParameterSpec; params: Float32Array; actor: string; reason: string }): Promise<ModelVersionRow> {
    return this.serial(async () => {
      const { repo } = this.options;
      const production = await repo.aliases.get(PRODUCTION);
      const version = await repo.transaction(async (tx) => {
        const created = await tx.versions.create({
          parentId: production,
          roundId: null,
          spec: input.spec,
          params: input.params,
          strategy: null,
        });
        await tx.audit.append({
          actor: input.actor,
          action: "version.import",
          targetType: "modelVersion",
          targetId: String(created.id),
          details: { reason: input.reason, specHash: input.spec.hash, numParams: input.spec.length },
        });
        if (production === null) {
          await tx.aliases.set(PRODUCTION, created.id, { actor: input.actor, reason: input.reason });
        }
        return created;
      });
      if (production === null) {
        this.publishRelease(version, null, null);
        if (this.options.autoOpen && !this.open) await this.openRoundLocked(input.actor);
      }
      return version;
    });
  }

  /**
   * Opens a round on the production version.
   * @throws TributaryError CONFLICT when a round is already open, NOT_FOUND without a production version
   */
  openRound(actor: string): Promise<RoundRow> {
    return this.serial(() => this.openRoundLocked(actor));
  }

  /**
   * Validates, persists and accepts one edge's delta.
   * @throws TributaryError ROUND_NOT_OPEN | BASE_VERSION_MISMATCH | ALREADY_SUBMITTED, or a codec
   *   code (SPEC_HASH_MISMATCH, LENGTH_MISMATCH, NON_FINITE, CHECKSUM_MISMATCH, …); on any throw
   *   nothing was stored and the round is unchanged
   */
  push(edge: EdgeRow, meta: UpdateMeta, body: Uint8Array): Promise<PushResult> {
    return this.serial(async () => {
      const open = this.open;
      if (!open || open.round.id !== meta.roundId) {
        throw new TributaryError(ErrorCode.RoundNotOpen, `round ${meta.roundId} is not open${open ? ` (round ${open.round.id} is)` : ""}`);
      }
      const base = open.round.baseVersionId;
      if (meta.baseVersion !== base) {
        throw new TributaryError(ErrorCode.BaseVersionMismatch, `update is against version ${meta.baseVersion}, round ${open.round.id} trains version ${base}`);
      }
      const decoded = decodeVector(body, { specHash: open.spec.hash, length: open.spec.length, baseVersion: base, kind: "delta" });
      const { repo } = this.options;
      if (open.edges.has(edge.id)) {
        // A retry of the same push is fine (idempotent); a second, different push is not.
        const existing = (await repo.updates.listForRound(open.round.id)).find((u) => u.idempotencyKey === meta.idempotencyKey);
        if (existing) return { updateId: existing.id, created: false, roundId: open.round.id, newVersion: null };
        throw new TributaryError(ErrorCode.AlreadySubmitted, `edge ${edge.name} already pushed to round ${open.round.id}`);
      }
      const { update, created } = await repo.updates.insert({
        roundId: open.round.id,
        edgeId: edge.id,
        idempotencyKey: meta.idempotencyKey,
        baseVersionId: base,
        numExamples: meta.numExamples,
        metrics: meta.metrics,
        payload: body,
      });
      if (!created) return { updateId: update.id, created: false, roundId: update.roundId, newVersion: null };
      open.strategy.accept({ edgeId: edge.id, delta: decoded.values, numExamples: meta.numExamples, baseVersion: base, staleness: 0 });
      open.edges.add(edge.id);
      this.options.log(`round ${open.round.id}: update ${open.strategy.accepted}/${this.options.settings.minUpdates} from ${edge.name} (${meta.numExamples} examples)`);
      let newVersion: number | null = null;
      if (open.strategy.accepted >= this.options.settings.minUpdates) newVersion = await this.closeLocked(open);
      return { updateId: update.id, created: true, roundId: open.round.id, newVersion };
    });
  }

  private async closeLocked(open: OpenRound): Promise<number | null> {
    const { repo } = this.options;
    const round = open.round;
    const params = open.strategy.aggregate();
    this.open = null;
    if (!params) {
      await repo.rounds.close(round.id, { status: "failed", failureReason: "no usable updates" });
      this.options.log(`round ${round.id}: failed (no usable updates); the model stays at version ${round.baseVersionId}`);
      if (this.options.autoOpen) await this.openRoundLocked("coordinator");
      return null;
    }
    const updates = await repo.updates.listForRound(round.id);
    const version = await repo.transaction(async (tx) => {
      await tx.lock(ROUND_CLOSE_LOCK);
      const created = await tx.versions.create({
        parentId: round.baseVersionId,
        roundId: round.id,
        spec: open.spec,
        params,
        strategy: open.strategy.name,
        metrics: weightedMetrics(updates),
        contributors: updates.map((u) => ({ edgeId: u.edgeId, numExamples: u.numExamples })),
      });
      const closed = await tx.rounds.close(round.id, { status: "closed", resultVersionId: created.id });
      if (!closed) throw new TributaryError(ErrorCode.Conflict, `round ${round.id} was closed by another coordinator`);
      await tx.aliases.set(PRODUCTION, created.id, { actor: "coordinator", reason: `round ${round.id} aggregated ${updates.length} update(s)` });
      await tx.audit.append({
        actor: "coordinator",
        action: "version.promote",
        targetType: "modelVersion",
        targetId: String(created.id),
        details: { roundId: round.id, from: round.baseVersionId, strategy: open.strategy.name, updates: updates.length },
      });
      return created;
    });
    this.options.log(`round ${round.id}: closed → version ${version.id} is production`);
    this.publishRelease(version, round.baseVersionId, round.id);
    if (this.options.autoOpen) await this.openRoundLocked("coordinator");
    return version.id;
  }

  private async openRoundLocked(actor: string): Promise<RoundRow> {
    if (this.open) throw new TributaryError(ErrorCode.Conflict, `round ${this.open.round.id} is already open`);
    const { repo, settings } = this.options;
    const production = await repo.aliases.get(PRODUCTION);
    if (production === null) throw new TributaryError(ErrorCode.NotFound, "no production version to train: import one first");
    const strategyName = this.options.createStrategy().name;
    const config: RoundConfig = { strategy: strategyName, mode: "sync", deadline: null, maxStaleness: 0, ...settings };
    const round = await repo.transaction(async (tx) => {
      const created = await tx.rounds.create({ baseVersionId: production, strategy: strategyName, config });
      await tx.audit.append({ actor, action: "round.open", targetType: "round", targetId: String(created.id), details: config });
      return created;
    });
    this.open = await this.load(round);
    this.options.events.publish({ type: "round-open", roundId: round.id, baseVersion: production, config, at: new Date().toISOString() });
    this.options.log(`round ${round.id}: open on version ${production} (${strategyName}, K=${settings.minUpdates})`);
    return round;
  }

  private async load(round: RoundRow): Promise<OpenRound> {
    const { repo } = this.options;
    const version = await repo.versions.get(round.baseVersionId);
    if (!version) throw new TributaryError(ErrorCode.NotFound, `round ${round.id}'s base version ${round.baseVersionId} is missing`);
    const strategy = this.options.createStrategy();
    strategy.begin({ base: await repo.versions.loadParams(version.id), baseVersion: version.id, roundId: round.id });
    return { round, strategy, spec: version.spec, edges: new Set() };
  }

  private publishRelease(version: ModelVersionRow, previous: number | null, roundId: number | null): void {
    this.options.events.publish({
      type: "release",
      version: version.id,
      previousVersion: previous,
      specHash: version.specHash,
      roundId,
      at: new Date().toISOString(),
    });
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }
}

/** Example-weighted mean of each metric the updates reported. */
function weightedMetrics(updates: readonly { numExamples: number; metrics: Record<string, number> }[]): Record<string, number> {
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
