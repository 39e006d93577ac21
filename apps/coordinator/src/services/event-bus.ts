import { EventEmitter, on } from "node:events";
import type { CoordinatorEvent } from "@tributary/protocol";

/** An event with the id a subscriber sends back to resume after a reconnect. */
export interface StoredEvent {
  readonly id: number;
  readonly event: CoordinatorEvent;
}

/**
 * The coordinator's event stream (releases, rollbacks, round announcements).
 * Keeps the last `capacity` events so a subscriber that reconnects with its
 * last event id gets what it missed, in order, before live events.
 */
export class EventBus {
  private readonly log: StoredEvent[] = [];
  private nextId = 1;
  private readonly emitter = new EventEmitter();

  constructor(private readonly capacity = 1024) {
    this.emitter.setMaxListeners(0);
  }

  /** Appends an event and wakes every subscriber. */
  publish(event: CoordinatorEvent): StoredEvent {
    const stored = { id: this.nextId++, event };
    this.log.push(stored);
    if (this.log.length > this.capacity) this.log.shift();
    this.emitter.emit("event", stored);
    return stored;
  }

  /** The id of the newest event (0 when none). */
  latestId(): number {
    return this.nextId - 1;
  }

  /** Events with an id greater than `afterId`, oldest first. */
  since(afterId: number): StoredEvent[] {
    return this.log.filter((e) => e.id > afterId);
  }

  /**
   * Replays events after `afterId`, then yields live ones until `signal` aborts.
   * Events published while the replay is being yielded are not lost: the live
   * listener is attached before the replay is read.
   */
  async *subscribe(afterId: number, signal?: AbortSignal): AsyncGenerator<StoredEvent> {
    const live = on(this.emitter, "event", signal ? { signal } : {});
    let last = afterId;
    for (const stored of this.since(afterId)) {
      last = stored.id;
      yield stored;
    }
    try {
      for await (const [stored] of live as AsyncIterable<[StoredEvent]>) {
        if (stored.id <= last) continue;
        last = stored.id;
        yield stored;
      }
    } catch (error) {
      if (signal?.aborted) return;
      throw error;
    }
  }
}
