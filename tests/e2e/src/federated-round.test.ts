import { randomBytes, randomUUID } from "node:crypto";
import { TRPCClientError } from "@trpc/client";
import { type RunningCoordinator, startCoordinator } from "@tributary/coordinator";
import { EdgeAgent, type PushedEvent, createCoordinatorClient } from "@tributary/edge";
import { type Examples, createClassificationHead } from "@tributary/model";
import { VECTOR_HEADER_BYTES, crc32, createParameterSpec, decodeVector, encodeVector } from "@tributary/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestDatabase, openTestDatabase } from "./test-database.js";

const DIM = 6;
const createModel = () => createClassificationHead({ inputDim: DIM, numClasses: 2, seed: 3 });

/** A small separable-ish set; `shift` makes edges differ. */
function examples(n: number, shift: number, seed: number): Examples {
  let s = seed;
  const rand = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
  const x = new Float32Array(n * DIM);
  const y = new Int32Array(n);
  for (let r = 0; r < n; r++) {
    let z = 0;
    for (let c = 0; c < DIM; c++) {
      const v = rand() * 2 - 1 + shift;
      x[r * DIM + c] = v;
      z += (c % 2 === 0 ? 1 : -1) * v;
    }
    y[r] = z > 0 ? 1 : 0;
  }
  return { x, dim: DIM, y };
}

async function pullParams(url: string, token: string, version: number): Promise<Float32Array> {
  const res = await fetch(new URL(`/v1/models/${version}/params`, url), { headers: { authorization: `Bearer ${token}` } });
  expect(res.status).toBe(200);
  return decodeVector(new Uint8Array(await res.arrayBuffer()), { baseVersion: version, kind: "params" }).values;
}

async function importGenesis(url: string, adminToken: string): Promise<number> {
  const model = await createModel();
  const admin = createCoordinatorClient(url, () => adminToken);
  const form = new FormData();
  form.set("spec", JSON.stringify(model.spec));
  form.set("params", new Blob([encodeVector(model.getParams(), { kind: "params", specHash: model.spec.hash, baseVersion: 0 })]));
  const { version } = await admin.admin.versions.import.mutate(form);
  model.dispose();
  return version;
}

function tributaryCode(error: unknown): string | undefined {
  return error instanceof TRPCClientError ? (error.data as { tributaryCode?: string } | undefined)?.tributaryCode : undefined;
}

/** A coordinator on a fresh test database for one describe block, torn down after it. */
function useCoordinator(settings: { minUpdates: number; localEpochs: number; learningRate: number }) {
  const env = { adminToken: randomBytes(16).toString("hex"), bootstrapSecret: randomBytes(16).toString("hex") } as {
    adminToken: string;
    bootstrapSecret: string;
    db: TestDatabase;
    coordinator: RunningCoordinator;
  };
  beforeAll(async () => {
    env.db = await openTestDatabase();
    env.coordinator = await startCoordinator({ database: env.db.database, bootstrapSecret: env.bootstrapSecret, adminToken: env.adminToken, settings, logLevel: "silent" });
  });
  afterAll(async () => {
    await env.coordinator?.close();
    await env.db?.dispose();
  });
  return env;
}

describe("one federated round end to end over real HTTP and a real database", () => {
  const env = useCoordinator({ minUpdates: 3, localEpochs: 2, learningRate: 0.1 });

  it("3 edges, 2 rounds: a version chain whose parameters are the example-weighted mean of the edges' results", async () => {
    const { coordinator, adminToken, bootstrapSecret, db } = env;
    const genesis = await importGenesis(coordinator.url, adminToken);
    const sizes = [40, 90, 150];
    const pushed = new Map<number, PushedEvent[]>();
    const agents = sizes.map(
      (n, i) =>
        new EdgeAgent({
          coordinatorUrl: coordinator.url,
          name: `edge-${i}`,
          region: `r${i}`,
          bootstrapSecret,
          createModel,
          data: { trainingExamples: () => examples(n, i * 0.3, 11 + i) },
          training: { seed: 5 + i, batchSize: 16 },
          log: () => undefined,
        }),
    );
    const target = genesis + 2;
    const allSwapped = Promise.all(agents.map((a) => new Promise<void>((resolve) => a.on("swapped", (v) => v === target && resolve()))));
    for (const a of agents) {
      a.on("pushed", (e) => pushed.set(e.roundId, [...(pushed.get(e.roundId) ?? []), e]));
      a.on("error", (e) => {
        throw e;
      });
    }
    await Promise.all(agents.map((a) => a.start()));
    await allSwapped;
    for (const a of agents) await a.stop();

    const { repo } = db.database;
    const v2 = (await repo.versions.get(genesis + 1))!;
    const v3 = (await repo.versions.get(genesis + 2))!;
    expect(v2.parentId).toBe(genesis);
    expect(v3.parentId).toBe(v2.id);
    expect(v2.roundId).not.toBeNull();
    expect(v3.roundId).toBe(v2.roundId! + 1);
    const history = await repo.aliases.history("production");
    expect(history.slice(-3).reverse().map((h) => [h.versionId, h.previousVersionId])).toEqual([
      [genesis, null],
      [v2.id, genesis],
      [v3.id, v2.id],
    ]);

    for (const version of [v2, v3]) {
      const results = pushed.get(version.roundId!)!;
      expect(results).toHaveLength(3);
      expect(results.every((r) => r.baseVersion === version.parentId)).toBe(true);
      expect(results.map((r) => r.numExamples).sort((a, b) => a - b)).toEqual(sizes);
      const total = results.reduce((s, r) => s + r.numExamples, 0);
      const expected = new Float64Array(results[0]!.params.length);
      for (const r of results) for (let j = 0; j < expected.length; j++) expected[j]! += (r.numExamples / total) * r.params[j]!;
      const actual = await pullParams(coordinator.url, adminToken, version.id);
      let maxError = 0;
      for (let j = 0; j < expected.length; j++) maxError = Math.max(maxError, Math.abs(actual[j]! - expected[j]!));
      expect(maxError).toBeLessThanOrEqual(1e-6);
      // The new version really moved: it differs from its parent.
      const parent = await pullParams(coordinator.url, adminToken, version.parentId!);
      expect(actual.some((v, j) => v !== parent[j])).toBe(true);
    }
    // Every edge hot-swapped to the target (allSwapped); round 3 may have moved them on since.
    expect(agents.every((a) => (a.version ?? 0) >= target)).toBe(true);
  });
});

describe("bad updates are refused with a stable code, and nothing changes", () => {
  const env = useCoordinator({ minUpdates: 2, localEpochs: 1, learningRate: 0.1 });

  it("wrong spec hash, wrong length, NaN, unknown token", async () => {
    const { coordinator, adminToken, bootstrapSecret, db } = env;
    const genesis = await importGenesis(coordinator.url, adminToken);
    let token = "";
    const client = createCoordinatorClient(coordinator.url, () => token);
    token = (await client.edges.register.mutate({ bootstrapSecret, name: "probe", region: "test" })).token;
    const round = (await client.rounds.current.query())!;
    expect(round.baseVersion).toBe(genesis);
    const meta = await client.models.get.query({ version: genesis });

    const push = (body: Uint8Array, as: typeof client = client, idempotencyKey = randomUUID()) => {
      const form = new FormData();
      form.set("meta", JSON.stringify({ idempotencyKey, roundId: round.roundId, baseVersion: genesis, numExamples: 10, metrics: {} }));
      form.set("delta", new Blob([body]));
      return as.updates.push.mutate(form);
    };
    const good = new Float32Array(meta.numParams).fill(0.01);
    const otherSpec = createParameterSpec([{ name: "other", shape: [meta.numParams] }]);
    const nan = encodeVector(good, { kind: "delta", specHash: meta.specHash, baseVersion: genesis });
    const view = new DataView(nan.buffer, nan.byteOffset);
    view.setFloat32(VECTOR_HEADER_BYTES + 4, Number.NaN, true);
    view.setUint32(56, crc32(nan.subarray(VECTOR_HEADER_BYTES)), true);
    const stranger = createCoordinatorClient(coordinator.url, () => "trb_not-a-real-token");

    const cases: [string, () => Promise<unknown>][] = [
      ["SPEC_HASH_MISMATCH", () => push(encodeVector(good, { kind: "delta", specHash: otherSpec.hash, baseVersion: genesis }))],
      ["LENGTH_MISMATCH", () => push(encodeVector(good.subarray(1), { kind: "delta", specHash: meta.specHash, baseVersion: genesis }))],
      ["NON_FINITE", () => push(nan)],
      ["UNAUTHORIZED", () => push(encodeVector(good, { kind: "delta", specHash: meta.specHash, baseVersion: genesis }), stranger)],
    ];
    for (const [code, attempt] of cases) {
      const error = await attempt().then(
        () => null,
        (e: unknown) => e,
      );
      expect(tributaryCode(error), code).toBe(code);
    }

    const { repo } = db.database;
    expect(await repo.aliases.get("production")).toBe(genesis);
    expect((await repo.versions.list()).map((v) => v.id)).toEqual([genesis]);
    const stored = (await repo.rounds.get(round.roundId))!;
    expect(stored.status).toBe("open");
    expect(await repo.updates.listForRound(round.roundId)).toHaveLength(0);

    // The round is still usable: a valid update is taken, and a retry with its key is not applied twice.
    const valid = encodeVector(good, { kind: "delta", specHash: meta.specHash, baseVersion: genesis });
    const key = randomUUID();
    const accepted = await push(valid, client, key);
    expect(accepted.created).toBe(true);
    const retried = await push(valid, client, key);
    expect(retried).toMatchObject({ created: false, updateId: accepted.updateId });
    expect(await repo.updates.listForRound(round.roundId)).toHaveLength(1);
  });
});

describe("compressed deltas (int8 with error feedback) through the edge agent", () => {
  const env = useCoordinator({ minUpdates: 2, localEpochs: 2, learningRate: 0.1 });

  it("the aggregate is the example-weighted mean up to int8 rounding", async () => {
    const { coordinator, adminToken, bootstrapSecret } = env;
    const genesis = await importGenesis(coordinator.url, adminToken);
    const pushed: PushedEvent[] = [];
    const agents = [60, 120].map(
      (n, i) =>
        new EdgeAgent({
          coordinatorUrl: coordinator.url,
          name: `i8-${i}`,
          region: `r${i}`,
          bootstrapSecret,
          createModel,
          dtype: "i8",
          data: { trainingExamples: () => examples(n, i * 0.5, 31 + i) },
          training: { seed: 9 + i, batchSize: 16 },
          log: () => undefined,
        }),
    );
    const swapped = Promise.all(agents.map((a) => new Promise<void>((resolve) => a.on("swapped", (v) => v === genesis + 1 && resolve()))));
    for (const a of agents) a.on("pushed", (e) => e.roundId && pushed.push(e));
    await Promise.all(agents.map((a) => a.start()));
    await swapped;
    for (const a of agents) await a.stop();
    const first = pushed.filter((p) => p.baseVersion === genesis);
    expect(first).toHaveLength(2);
    const base = await pullParams(coordinator.url, adminToken, genesis);
    const actual = await pullParams(coordinator.url, adminToken, genesis + 1);
    const total = first.reduce((s, p) => s + p.numExamples, 0);
    let maxError = 0;
    let maxDelta = 0;
    for (let j = 0; j < actual.length; j++) {
      const expected = first.reduce((s, p) => s + (p.numExamples / total) * p.params[j]!, 0);
      maxError = Math.max(maxError, Math.abs(actual[j]! - expected));
      maxDelta = Math.max(maxDelta, Math.abs(expected - base[j]!));
    }
    // int8 with per-block scales: each coordinate is off by at most half a quantisation step (max|Δ|/127/2).
    expect(maxError).toBeLessThanOrEqual(maxDelta / 127);
    expect(maxError).toBeGreaterThan(0);
  });
});
