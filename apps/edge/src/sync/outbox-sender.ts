import { EventEmitter } from "node:events";
import type { OutboxEntry, OutboxTable } from "../store/outbox-table.js";
import { type BackoffPolicy, backoffDelay } from "./backoff.js";
import { PushOutcome, classifyPushError } from "./push-outcome.js";

/** Options of {@link OutboxSender}. */
export interface OutboxSenderOptions {
  readonly outbox: OutboxTable;
  /** Sends one entry; resolves with the coordinator's answer, rejects with its error. */
  readonly send: (entry: OutboxEntry) => Promise<unknown>;
  readonly backoff: BackoffPolicy;
  /** Uniform [0, 1) for jitter; default Math.random. */
  readonly random?: () => number;
  readonly log?: (line: string) => void;
}

/** Events of {@link OutboxSender}. */
export interface OutboxSenderEvents {
  delivered: [entry: OutboxEntry, result: unknown];
  /** Refused as too stale (or its round closed): the learner retrains the entry's data. */
  stale: [entry: OutboxEntry, code: string | null];
  refused: [entry: OutboxEntry, code: string | null];
  /** A failed attempt that will be retried after `delayMs`. */
  retrying: [entry: OutboxEntry, delayMs: number, error: Error];
}

/**
 * Delivers the outbox: sends pending entries oldest first, one at a time,
 * each with its stored idempotency key, so a send repeated after a crash or a
 * lost answer is applied once by the coordinator. Transient failures are
 * retried with exponential backoff and full jitter; the entry stays on disk
 * until the coordinator answers for it.
 */
export class OutboxSender extends EventEmitter<OutboxSenderEvents> {
  private running = false;
  private again = false;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private drained: Promise<void> = Promise.resolve();

  constructor(private readonly options: OutboxSenderOptions) {
    super();
  }

  /** Sends whatever is due now (and schedules the rest); call after writing an entry. */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    this.drained = this.drain().finally(() => {
      this.running = false;
    });
  }

  /** Resolves when the current pass over the outbox has finished. */
  idle(): Promise<void> {
    return this.drained;
  }

  /** Stops sending and cancels the retry timer (entries stay in the outbox). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.drained;
  }

  private async drain(): Promise<void> {
    const { outbox, send } = this.options;
    do {
      this.again = false;
      for (const entry of outbox.pending()) {
        if (this.stopped) return;
        if (entry.nextAttemptAt > Date.now()) continue;
        try {
          const result = await send(entry);
          if (outbox.settle(entry.id, "delivered", result)) this.emit("delivered", entry, result);
        } catch (error) {
          const { outcome, code } = classifyPushError(error);
          const err = error instanceof Error ? error : new Error(String(error));
          if (outcome === PushOutcome.retry) {
            const delay = backoffDelay(entry.attempts, this.options.backoff, this.options.random);
            outbox.retryLater(entry.id, Date.now() + delay, err.message);
            this.emit("retrying", entry, delay, err);
          } else if (outbox.settle(entry.id, outcome, { code, message: err.message })) {
            this.options.log?.(`outbox: update ${entry.idempotencyKey} ${outcome} (${code})`);
            if (outcome === PushOutcome.stale) this.emit("stale", entry, code);
            else this.emit("refused", entry, code);
          }
        }
      }
    } while (this.again && !this.stopped);
    this.schedule();
  }

  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const next = this.options.outbox.pending().reduce((min, e) => Math.min(min, e.nextAttemptAt), Number.POSITIVE_INFINITY);
    if (this.stopped || next === Number.POSITIVE_INFINITY) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.kick();
    }, Math.max(0, next - Date.now()));
    this.timer.unref();
  }
}
