import { createSeededRandom } from "@tributary/model";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EdgeNode, type RankedList, type RunningEdgeServer, startEdgeServer } from "../src/index.js";
import { RankingScorer } from "../src/serving/ranking-scorer.js";
import type { ServingSnapshot } from "../src/serving/serving-snapshot.js";
import { type CoordinatorFixture, startCoordinatorFixture } from "./fixtures.js";
import { testNodeOptions } from "./node-options.js";

describe("hot swap under concurrent search traffic", () => {
  let fixture: CoordinatorFixture;
  let node: EdgeNode;
  let server: RunningEdgeServer;

  beforeAll(async () => {
    fixture = await startCoordinatorFixture(5);
    node = await EdgeNode.start(testNodeOptions({ coordinatorUrl: fixture.coordinator.url, bootstrapSecret: fixture.bootstrapSecret }));
    await node.federation.connected();
    server = await startEdgeServer(node);
  });
  afterAll(async () => {
    await server?.close();
    await node?.stop();
    await fixture?.close();
  });

  it("answers every request from one whole version (global and local of the same snapshot), with no errors", async () => {
    const random = createSeededRandom(3);
    const cached = node.store.models.load("global")!;
    const perturbed = (scale: number) => Float32Array.from(cached.params, (v) => v + (random.next() * 2 - 1) * scale);
    const { index } = node;
    const versions = new Map<number, { global: RankingScorer; local: RankingScorer }>();
    const scorer = (params: Float32Array) => new RankingScorer(node.modelSpec, params, index.vectors, index.dim);
    for (let v = 1000; v < 1040; v++) versions.set(v, { global: scorer(perturbed(0.5)), local: scorer(perturbed(0.5)) });

    const queries = ["jazz album", "rock live", "opera number 3", "blues techno", "folk"];
    const responses: { query: string; body: RankedList }[] = [];
    let swapping = true;
    const callers = Array.from({ length: 8 }, async (_, c) => {
      for (let i = 0; swapping || i < 5; i++) {
        const query = queries[(c + i) % queries.length]!;
        const res = await fetch(`${server.url}/v1/search`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query, k: 5 }) });
        expect(res.status).toBe(200);
        responses.push({ query, body: (await res.json()) as RankedList });
      }
    });
    // Swap through all versions while the callers run: one publication per macrotask.
    for (const [version, s] of versions) {
      const snapshot: ServingSnapshot = Object.freeze({ id: version, version, localRevision: 1, global: s.global, local: s.local });
      node.recommender.publish(snapshot);
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    swapping = false;
    await Promise.all(callers);

    const seen = new Set<number>();
    for (const { query, body } of responses) {
      const s = versions.get(body.version);
      if (!s) continue; // answered before the first swap, by the genesis version
      seen.add(body.version);
      const q = await node.recommender.embedQuery(query);
      const items = Int32Array.from(body.items, (it) => index.indexOf(it.id)!);
      const g = s.global.score(q, items);
      const l = s.local.score(q, items);
      body.items.forEach((it, i) => {
        expect(it.global).toBeCloseTo(g[i]!, 6);
        expect(it.local).toBeCloseTo(l[i]!, 6);
      });
    }
    expect(responses.length).toBeGreaterThan(40);
    expect(seen.size).toBeGreaterThan(1);
  });
});
