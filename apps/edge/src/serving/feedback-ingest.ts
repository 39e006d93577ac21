import { EdgeError, EdgeErrorCode } from "../edge-error.js";
import type { DriftMonitor } from "../drift/drift-monitor.js";
import type { Reservoir } from "../learning/reservoir.js";
import { sampleNegatives } from "../learning/negative-sampler.js";
import type { EdgeStore } from "../store/edge-store.js";
import type { NewInteraction } from "../store/interaction-table.js";
import type { ReplaySlot } from "../store/replay-table.js";
import type { CatalogIndex } from "./catalog-index.js";
import type { LiveMetrics } from "./live-metrics.js";
import { type FeedbackEvent, feedbackInputSchema, labelOf } from "./feedback-schema.js";
import type { PopularityPrior } from "./popularity-prior.js";
import type { Recommender } from "./recommender.js";
import type { UserVectors } from "./user-vectors.js";

/** Options of {@link FeedbackIngest}. */
export interface FeedbackIngestOptions {
  readonly store: EdgeStore;
  readonly index: CatalogIndex;
  readonly recommender: Recommender;
  readonly users: UserVectors;
  readonly popularity: PopularityPrior;
  readonly reservoir: Reservoir;
  readonly drift: DriftMonitor;
  /** Live metrics of the served global version (for the coordinator's automatic rollback). */
  readonly liveMetrics: LiveMetrics;
  /** Sampled negatives per click or purchase (implicit feedback); default 2. */
  readonly negativesPerPositive?: number;
  readonly random: () => number;
}

/** What one accepted feedback call did. */
export interface FeedbackResult {
  /** Events stored (re-sent event ids and impressions superseded by a click are not). */
  readonly stored: number;
  readonly negativesSampled: number;
  /** Mean log loss of the events under the model that served (null without a model). */
  readonly liveLoss: number | null;
}

const RESERVOIR_KEY = "replay.seen";

/**
 * Turns feedback into training data: validates the whole call first (zod,
 * known items) so a malformed call stores nothing; then, in one transaction,
 * stores labelled interactions (query vector for search feedback, the user's
 * vector for recommendation feedback), sampled negatives, reservoir updates
 * and user vectors; and feeds each event's live loss to drift detection.
 */
export class FeedbackIngest {
  constructor(private readonly options: FeedbackIngestOptions) {}

  /**
   * @throws EdgeError BAD_FEEDBACK (with zod issues) or UNKNOWN_ITEM; nothing is stored then
   */
  async ingest(input: unknown): Promise<FeedbackResult> {
    const parsed = feedbackInputSchema.safeParse(input);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => ({ path: i.path.map((p) => (typeof p === "symbol" ? String(p) : p)), message: i.message }));
      throw new EdgeError(EdgeErrorCode.BadFeedback, `malformed feedback: ${issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ")}`, issues);
    }
    const { index, recommender, users, store, reservoir, popularity, random } = this.options;
    const events = parsed.data.events;
    const unknown = events.map((e, i) => ({ e, i })).filter(({ e }) => index.indexOf(e.itemId) === undefined);
    if (unknown.length > 0) {
      throw new EdgeError(
        EdgeErrorCode.UnknownItem,
        `unknown item id(s): ${unknown.slice(0, 10).map(({ e }) => JSON.stringify(e.itemId)).join(", ")}`,
        unknown.map(({ i }) => ({ path: ["events", i, "itemId"], message: "not in this edge's catalog" })),
      );
    }
    const clicked = new Set(events.filter((e) => e.type === "click" || e.type === "purchase").map((e) => `${e.userId}\u0000${e.itemId}`));
    const kept = events.filter((e) => !(e.type === "impression" && clicked.has(`${e.userId}\u0000${e.itemId}`)));
    const rows: NewInteraction[] = [];
    const live: { q: Float32Array; item: number; label: number }[] = [];
    let negativesSampled = 0;
    const userPositives = new Map<string, Set<number>>();
    for (const e of kept) {
      const item = index.indexOf(e.itemId)!;
      const q = e.query !== undefined ? await recommender.embedQuery(e.query) : (users.get(e.userId)?.vector ?? index.centroid);
      const at = typeof e.at === "number" ? e.at : Date.parse(e.at);
      const label = labelOf(e);
      rows.push({ eventId: e.eventId ?? null, userId: e.userId, itemIdx: item, kind: e.type, label, q, query: e.query ?? null, at });
      live.push({ q, item, label });
      if (e.type === "click" || e.type === "purchase") {
        let exclude = userPositives.get(e.userId);
        if (!exclude) userPositives.set(e.userId, (exclude = this.positivesOf(e.userId, kept)));
        const negatives = sampleNegatives({ catalogSize: index.size, count: this.options.negativesPerPositive ?? 2, exclude, random });
        for (const [j, neg] of negatives.entries()) {
          // Derived ids: a re-sent event does not sample its negatives again.
          rows.push({ eventId: e.eventId ? `${e.eventId}#negative${j}` : null, userId: e.userId, itemIdx: neg, kind: "negative", label: 0, q, at });
          negativesSampled++;
        }
      }
    }
    const liveLoss = this.observeLive(live);
    let stored = 0;
    store.transaction(() => {
      const ids = store.interactions.add(rows);
      const slots: ReplaySlot[] = [];
      rows.forEach((r, i) => {
        const id = ids[i];
        if (id === null || id === undefined) return;
        stored++;
        const slot = reservoir.offer(random);
        if (slot !== null) slots.push({ slot, interactionId: id, label: r.label, at: r.at });
      });
      store.replay.put(slots);
      store.setMeta(RESERVOIR_KEY, reservoir.seen);
      for (const e of kept) if (labelOf(e) >= 0.5) this.like(e);
    });
    for (const e of kept) if (labelOf(e) >= 0.5) popularity.add(index.indexOf(e.itemId)!);
    return { stored, negativesSampled, liveLoss };
  }

  /** Every item the user showed interest in: stored positives and this call's. */
  private positivesOf(userId: string, events: readonly FeedbackEvent[]): Set<number> {
    const out = this.options.store.interactions.positiveItems(userId);
    for (const e of events) if (e.userId === userId && labelOf(e) >= 0.5) out.add(this.options.index.indexOf(e.itemId)!);
    return out;
  }

  private like(e: FeedbackEvent): void {
    const item = this.options.index.indexOf(e.itemId)!;
    this.options.users.like(e.userId, item, this.options.index.vector(item));
  }

  private observeLive(live: readonly { q: Float32Array; item: number; label: number }[]): number | null {
    const snapshot = this.options.recommender.snapshot;
    if (!snapshot || live.length === 0) return null;
    let sum = 0;
    for (const { q, item, label } of live) {
      const items = Int32Array.of(item);
      const pGlobal = snapshot.global.score(q, items)[0]!;
      // Drift is judged on the model that served (the local copy when there is one); the coordinator's version on its own.
      const p = snapshot.local ? snapshot.local.score(q, items)[0]! : pGlobal;
      const loss = logLoss(p, label);
      sum += loss;
      this.options.drift.observe(loss, p >= 0.5 === label >= 0.5 ? 0 : 1);
      this.options.liveMetrics.add(snapshot.version, logLoss(pGlobal, label), pGlobal >= 0.5 === label >= 0.5);
    }
    return sum / live.length;
  }
}

function logLoss(probability: number, label: number): number {
  const p = Math.min(1 - 1e-7, Math.max(1e-7, probability));
  return -(label * Math.log(p) + (1 - label) * Math.log(1 - p));
}
