import { afterEach, describe, expect, it } from "vitest";
import { EdgeNode } from "../src/index.js";
import { testNodeOptions } from "./node-options.js";

let node: EdgeNode | undefined;
afterEach(async () => {
  await node?.stop();
  node = undefined;
});

describe("feedback ingest: sampled negatives", () => {
  it("never takes an item the user clicked (now or earlier) as a negative", async () => {
    // No coordinator needed: ingest works offline (the federation keeps retrying in the background).
    node = await EdgeNode.start(testNodeOptions({ coordinatorUrl: "http://127.0.0.1:9", bootstrapSecret: "unused-secret", negativesPerPositive: 3 }));
    const click = (i: number) => ({ type: "click", userId: "ana", itemId: `item-${i}`, at: Date.now(), eventId: `c${i}` });
    // 50 of 60 items clicked earlier, then 5 more: only 5 items are left to be negatives.
    await node.feedback({ events: Array.from({ length: 50 }, (_, i) => click(i)) });
    const afterFirst = node.store.interactions.maxId();
    await node.feedback({ events: Array.from({ length: 5 }, (_, i) => click(50 + i)) });
    const rows = node.store.interactions.range(0).filter((r) => r.userId === "ana");
    const negatives = (from: number, to: number) => rows.filter((r) => r.kind === "negative" && r.id > from && r.id <= to).map((r) => r.itemIdx);
    // Each call's negatives avoid every item clicked up to then: the first call's the 50, the second's all 55.
    const first = negatives(0, afterFirst);
    const second = negatives(afterFirst, Number.MAX_SAFE_INTEGER);
    expect(first).toHaveLength(150);
    expect(first.every((i) => i >= 50)).toBe(true);
    expect(second).toHaveLength(15);
    expect(new Set(second)).toEqual(new Set([55, 56, 57, 58, 59]));
  });
});
