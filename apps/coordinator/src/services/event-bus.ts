import { EventEmitter, on } from "node:events";
import { type CoordinatorEvent, coordinatorEventSchema } from "@tributary/protocol";
import type { EventRow, EventsRepository } from "@tributary/db";

/** An event with the id a subscriber sends back to resume after a reconnect. */
export interface StoredEvent {
  readonly id: number;
  readonly event: CoordinatorEvent;
}

/**
 * The coordinator's event stream over its persistent event log. Events are
 * appended to the log in the same transaction as the change they announce
 * (so none is lost or announced for a change that rolled back); the bus then
 * fans them out to subscribers. It also polls the log, so events written by
 * another coordinator process on the same database reach this one's
 * subscribers, and a subscriber resuming from an id gets what it missed even
 * across restarts.
 */
export class EventBus {
  private readonly emitter = new EventEmitter();
  private lastSeen = 0;
  private pumping: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly events: EventsRepository,
    private readonly pollMs = 500,
  ) {
    this.emitter.setMaxListeners(0);
  }

  /** Starts after the newest stored event and begins polling. */
  async start(): Promise<void> {
    this.lastSeen = await this.events.latestId();
    this.timer = setInterval(() => void this.pump().catch(() => undefined), this.pollMs);
    this.timer.unref();
  }

  /** Stops polling; subscribers end when their signals abort. */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** The id of the newest event this process has fanned out. */
  latestId(): number {
    return this.lastSeen;
  }

  /** Reads events appended since the last pump and fans them out; call after a commit that appended some. */
  pump(): Promise<void> {
    this.pumping ??= (async () => {
      try {
        for (;;) {
          const rows = await this.events.since(this.lastSeen);
          if (rows.length === 0) return;
          for (const row of rows) {
            this.lastSeen = row.id;
            const stored = toStored(row);
            if (stored) this.emitter.emit("event", stored);
          }
        }
      } finally {
        this.pumping = null;
      }
    })();
    return this.pumping;
  }

  /**
   * Replays stored events after `afterId`, then yields live ones, in id order and
   * without gaps or repeats, until `signal` aborts.
   */
  async *subscribe(afterId: number, signal?: AbortSignal): AsyncGenerator<StoredEvent> {
    const live = on(this.emitter, "event", signal ? { signal } : {});
    let last = afterId;
    try {
      // The listener is attached before the log is read, so nothing falls between the two.
      yield* this.readLog(last, (id) => (last = id));
      for await (const [stored] of live as AsyncIterable<[StoredEvent]>) {
        // Re-read from the log rather than trusting the wake-up alone: it closes any gap.
        if (stored.id > last) yield* this.readLog(last, (id) => (last = id));
      }
    } catch (error) {
      if (signal?.aborted) return;
      throw error;
    }
  }

  private async *readLog(afterId: number, advance: (id: number) => void): AsyncGenerator<StoredEvent> {
    let last = afterId;
    for (;;) {
      const rows = await this.events.since(last);
      if (rows.length === 0) return;
      for (const row of rows) {
        last = row.id;
        advance(last);
        const stored = toStored(row);
        if (stored) yield stored;
      }
    }
  }
}

function toStored(row: EventRow): StoredEvent | null {
  const parsed = coordinatorEventSchema.safeParse({ ...row.payload, type: row.type });
  return parsed.success ? { id: row.id, event: parsed.data } : null;
}
