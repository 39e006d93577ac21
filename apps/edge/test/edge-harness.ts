import type { EventEmitter } from "node:events";
import { EdgeNode, type EdgeNodeOptions } from "../src/index.js";
import { ControlledProxy, type CoordinatorFixture, type CoordinatorFixtureOptions, startCoordinatorFixture } from "./fixtures.js";
import { testNodeOptions } from "./node-options.js";

/** A coordinator, a proxy in front of it, and one connected edge node. */
export interface EdgeHarness {
  readonly fixture: CoordinatorFixture;
  readonly proxy: ControlledProxy;
  readonly node: EdgeNode;
  /** Stops everything started, newest first. */
  dispose(): Promise<void>;
}

/** Starts a coordinator (rounds close at `minUpdates`), a proxy, and an edge connected through it. */
export async function startEdgeHarness(minUpdates: number, options: { coordinator?: CoordinatorFixtureOptions; node?: Partial<EdgeNodeOptions> } = {}): Promise<EdgeHarness> {
  const cleanup: (() => Promise<void>)[] = [];
  const dispose = async () => {
    for (const fn of cleanup.splice(0).reverse()) await fn();
  };
  try {
    const fixture = await startCoordinatorFixture(minUpdates, options.coordinator);
    cleanup.push(() => fixture.close());
    const proxy = await new ControlledProxy(fixture.coordinator.url).start();
    cleanup.push(() => proxy.close());
    const node = await EdgeNode.start(testNodeOptions({ coordinatorUrl: proxy.url, bootstrapSecret: fixture.bootstrapSecret, ...options.node }));
    cleanup.push(() => node.stop());
    await node.federation.connected();
    return { fixture, proxy, node, dispose };
  } catch (error) {
    await dispose();
    throw error;
  }
}

/** Resolves with the arguments of the next `name` event that `where` accepts. */
export function nextEvent<A extends unknown[]>(emitter: EventEmitter, name: string, where: (...args: A) => boolean = () => true): Promise<A> {
  return new Promise((resolve) => {
    const listener = (...args: unknown[]) => {
      if (!where(...(args as A))) return;
      emitter.off(name, listener);
      resolve(args as A);
    };
    emitter.on(name, listener);
  });
}

/** `n` events of `type` by one user on catalog items, with event ids. */
export function events(type: "click" | "impression", n: number, user: string, offset = 0): { events: Record<string, unknown>[] } {
  return { events: Array.from({ length: n }, (_, i) => ({ type, userId: user, itemId: `item-${(i * 7 + offset) % 60}`, at: Date.now(), eventId: `${type}-${user}-${offset}-${i}` })) };
}
