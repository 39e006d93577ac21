/**
 * The one contract every driver of {@link Database} passes: `pglite.test.ts`
 * always runs it, `pg.test.ts` when DATABASE_URL is set.
 */
import { createHash } from "node:crypto";
import { endianness } from "node:os";
import { readFileSync } from "node:fs";
import path from "node:path";
import { ErrorCode, type ParameterSpec, createParameterSpec, isTributaryError } from "@tributary/protocol";
import { sql } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MIGRATIONS_FOLDER } from "./apply-migrations.js";
import { BLOB_CHUNK_BYTES, getBlob, putBlob } from "./blob-store.js";
import { queryRows } from "./db-handle.js";
import type { Database } from "./open-database.js";
import type { Repository } from "./repository.js";

/** How many migrations drizzle-kit has generated into ../drizzle. */
export function committedMigrations(): number {
  const journal = JSON.parse(readFileSync(path.join(MIGRATIONS_FOLDER, "meta", "_journal.json"), "utf8")) as { entries: unknown[] };
  return journal.entries.length;
}

/** Little-endian float32 bytes computed without the code under test. */
function leBytes(values: Float32Array): Buffer {
  const out = Buffer.alloc(values.length * 4);
  values.forEach((v, i) => out.writeFloatLE(v, i * 4));
  return out;
}

function vector(length: number, seed: number): Float32Array {
  const out = new Float32Array(length);
  for (let i = 0; i < length; i++) out[i] = Math.sin(i * 0.37 + seed) * 1e3;
  return out;
}

/** The Postgres error under drizzle's DrizzleQueryError wrapper. */
async function dbError(promise: Promise<unknown>): Promise<{ code?: string; message: string }> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, "expected the database to refuse").toBeInstanceOf(Error);
  const cause = (error as Error).cause ?? error;
  return cause as { code?: string; message: string };
}

async function expectCode(promise: Promise<unknown>, code: ErrorCode): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, `expected a TributaryError ${code}`).toBeDefined();
  expect(isTributaryError(error) ? error.code : error).toBe(code);
}

/**
 * Registers the repository contract under `describe(name)`. `open` must return
 * a fresh, empty, migrated database each time; the suite closes it.
 */
export function repositoryContract(name: string, open: () => Promise<Database>): void {
  describe(name, () => {
    let db: Database;
    let repo: Repository;
    const spec4: ParameterSpec = createParameterSpec([
      { name: "w", shape: [2, 2] },
    ]);
    const seedVersion = (params: Float32Array = vector(4, 1)) =>
      repo.versions.create({ parentId: null, roundId: null, spec: createParameterSpec([{ name: "w", shape: [params.length] }]), params, strategy: null });

    beforeEach(async () => {
      db = await open();
      repo = db.repo;
    });
    afterEach(async () => {
      await db.close();
    });

    it("keeps blob chunk bytes out of line without compressing them (STORAGE EXTERNAL)", async () => {
      const [column] = await queryRows<{ storage: string }>(
        db.drizzle,
        sql`select attstorage as storage from pg_attribute where attrelid = 'blob_chunks'::regclass and attname = 'data'`,
      );
      expect(column?.storage).toBe("e");
    });

    it("a blob stored inside a caller's transaction leaves that transaction's synchronous commit alone", async () => {
      const setting = await db.drizzle.transaction(async (tx) => {
        await putBlob(tx, new Uint8Array([1, 2, 3]));
        const [row] = await queryRows<{ value: string }>(tx, sql`select current_setting('synchronous_commit') as value`);
        return row?.value;
      });
      expect(setting).toBe("on");
      expect(await getBlob(db.drizzle, await putBlob(db.drizzle, new Uint8Array([4, 5])))).toEqual(new Uint8Array([4, 5]));
    });

    it("opens with every committed migration applied", async () => {
      expect(db.migrations.total).toBe(committedMigrations());
      const tables = await queryRows<{ name: string }>(
        db.drizzle,
        sql`select table_name as name from information_schema.tables where table_schema = 'public' order by 1`,
      );
      expect(tables.map((t) => t.name)).toEqual([
        "alias_history",
        "aliases",
        "audit_log",
        "blob_chunks",
        "blobs",
        "drift_reports",
        "edges",
        "evaluations",
        "events",
        "live_metrics",
        "model_versions",
        "rounds",
        "settings",
        "updates",
        "version_decisions",
      ]);
    });

    describe("versions", () => {
      it("round-trips parameters bit-exactly, special values included", async () => {
        const params = new Float32Array([0, -0, 1.5, -3.25e-39 /* subnormal */, Infinity, -Infinity, NaN, 3.4e38]);
        new DataView(params.buffer).setUint32(6 * 4, 0x7fc0_1234, true); // a NaN with a payload
        const spec = createParameterSpec([{ name: "a", shape: [2, 4] }]);
        const created = await repo.versions.create({
          parentId: null,
          roundId: null,
          spec,
          params,
          strategy: "fedavg",
          metrics: { loss: 0.25 },
          contributors: [{ edgeId: "e1", numExamples: 7 }],
        });
        expect(created).toMatchObject({
          parentId: null,
          roundId: null,
          specHash: spec.hash,
          spec,
          numParams: 8,
          strategy: "fedavg",
          metrics: { loss: 0.25 },
          contributors: [{ edgeId: "e1", numExamples: 7 }],
        });
        expect(typeof created.id).toBe("number");
        expect(created.createdAt).toBeInstanceOf(Date);
        expect(created.contentHash).toBe(createHash("sha256").update(leBytes(params)).digest("hex"));
        expect(await repo.versions.get(created.id)).toEqual(created);
        const loaded = await repo.versions.loadParams(created.id);
        expect(loaded).toBeInstanceOf(Float32Array);
        expect(Buffer.from(loaded.buffer, loaded.byteOffset, loaded.byteLength).equals(leBytes(params))).toBe(true);
      });

      it("stores a multi-chunk vector (600k floats) and reads it back bit-exactly", async () => {
        const params = vector(600_000, 2);
        const version = await seedVersion(params);
        const [chunks] = await queryRows<{ n: number; max: number }>(
          db.drizzle,
          sql`select count(*)::int as n, max(octet_length(data))::int as max from blob_chunks where hash = ${version.blobHash}`,
        );
        expect(chunks).toEqual({ n: Math.ceil((600_000 * 4) / BLOB_CHUNK_BYTES), max: BLOB_CHUNK_BYTES });
        const loaded = await repo.versions.loadParams(version.id);
        expect(Buffer.from(loaded.buffer).equals(leBytes(params))).toBe(true);
      });

      it("reads parameters into a caller's buffer that holds them, and into a new array otherwise", async () => {
        const params = vector(300_000, 4);
        const version = await seedVersion(params);
        const into = new Uint8Array(params.byteLength + 8).fill(0xee);
        const loaded = await repo.versions.loadParams(version.id, into);
        expect(Buffer.from(loaded.buffer, loaded.byteOffset, loaded.byteLength).equals(leBytes(params))).toBe(true);
        if (endianness() === "LE") expect(loaded.buffer).toBe(into.buffer);
        expect(into[params.byteLength]).toBe(0xee); // nothing written past the parameters
        const small = new Uint8Array(params.byteLength - 4);
        const fresh = await repo.versions.loadParams(version.id, small);
        expect(fresh.buffer).not.toBe(small.buffer);
        expect(Array.from(fresh)).toEqual(Array.from(params));
      });

      it("stores identical parameters once", async () => {
        const params = vector(300_000, 3);
        const a = await seedVersion(params);
        const b = await repo.versions.create({ parentId: a.id, roundId: null, spec: a.spec, params: params.slice(), strategy: "copy" });
        expect(b.id).not.toBe(a.id);
        expect(b.parentId).toBe(a.id);
        expect(b.blobHash).toBe(a.blobHash);
        const [counts] = await queryRows<{ blobs: number; chunks: number }>(
          db.drizzle,
          sql`select (select count(*)::int from blobs) as blobs, (select count(*)::int from blob_chunks) as chunks`,
        );
        expect(counts).toEqual({ blobs: 1, chunks: 2 });
      });

      it("lists newest first and honours limit; get of an unknown id is null", async () => {
        const ids = [];
        for (let i = 0; i < 3; i++) ids.push((await seedVersion(vector(4, i))).id);
        expect((await repo.versions.list()).map((v) => v.id)).toEqual([...ids].reverse());
        expect((await repo.versions.list({ limit: 2 })).map((v) => v.id)).toEqual([ids[2], ids[1]]);
        expect(await repo.versions.get(9999)).toBeNull();
        await expectCode(repo.versions.list({ limit: 0 }), ErrorCode.BadRequest);
      });

      it("refuses params whose length differs from the spec", async () => {
        await expectCode(
          repo.versions.create({ parentId: null, roundId: null, spec: spec4, params: new Float32Array(5), strategy: null }),
          ErrorCode.LengthMismatch,
        );
        expect(await repo.versions.list()).toEqual([]);
      });

      it("rejects UPDATE and DELETE of a version (trigger)", async () => {
        const version = await seedVersion();
        const restrictViolation = { code: "23001", message: expect.stringMatching(/model_versions is immutable/) };
        expect(await dbError(db.drizzle.execute(sql`update model_versions set strategy = 'x' where id = ${version.id}`))).toMatchObject(
          restrictViolation,
        );
        expect(await dbError(db.drizzle.execute(sql`delete from model_versions where id = ${version.id}`))).toMatchObject(
          restrictViolation,
        );
        expect(await dbError(db.drizzle.execute(sql`truncate model_versions cascade`))).toMatchObject(restrictViolation);
        expect(await repo.versions.get(version.id)).toEqual(version);
      });

      it("loadParams of an unknown id throws NOT_FOUND", async () => {
        await expectCode(repo.versions.loadParams(424242), ErrorCode.NotFound);
      });

      it("loadParams of a corrupted blob throws CHECKSUM_MISMATCH", async () => {
        const version = await seedVersion(vector(600_000, 4));
        await db.drizzle.execute(
          sql`update blob_chunks set data = set_byte(data, 17, (get_byte(data, 17) + 1) % 256) where hash = ${version.blobHash} and idx = 1`,
        );
        await expectCode(repo.versions.loadParams(version.id), ErrorCode.ChecksumMismatch);
      });

      it("loadParams of a blob with a missing chunk throws CHECKSUM_MISMATCH", async () => {
        const version = await seedVersion(vector(600_000, 5));
        await db.drizzle.execute(sql`delete from blob_chunks where hash = ${version.blobHash} and idx = 2`);
        await expectCode(repo.versions.loadParams(version.id), ErrorCode.ChecksumMismatch);
      });
    });

    describe("aliases", () => {
      it("records every move newest first with the version it replaced", async () => {
        const v1 = await seedVersion(vector(4, 1));
        const v2 = await seedVersion(vector(4, 2));
        expect(await repo.aliases.get("production")).toBeNull();
        expect(await repo.aliases.history("production")).toEqual([]);
        expect(await repo.aliases.set("production", v1.id, { actor: "coordinator", reason: "seed" })).toEqual({ previousVersionId: null });
        expect(await repo.aliases.set("production", v2.id, { actor: "coordinator", reason: "round 1" })).toEqual({
          previousVersionId: v1.id,
        });
        expect(await repo.aliases.set("production", v1.id, { actor: "admin", reason: "rollback" })).toEqual({
          previousVersionId: v2.id,
        });
        await repo.aliases.set("staging", v2.id, { actor: "admin", reason: "other alias" });
        expect(await repo.aliases.get("production")).toBe(v1.id);
        const history = await repo.aliases.history("production");
        expect(history.map((h) => [h.versionId, h.previousVersionId, h.actor, h.reason])).toEqual([
          [v1.id, v2.id, "admin", "rollback"],
          [v2.id, v1.id, "coordinator", "round 1"],
          [v1.id, null, "coordinator", "seed"],
        ]);
        expect(history.every((h) => h.name === "production" && h.at instanceof Date)).toBe(true);
      });

      it("refuses to point at a version that does not exist", async () => {
        await expect(repo.aliases.set("production", 777, { actor: "a", reason: "r" })).rejects.toThrow();
        expect(await repo.aliases.get("production")).toBeNull();
        expect(await repo.aliases.history("production")).toEqual([]);
      });
    });

    describe("transaction", () => {
      it("writes nothing when fn throws, and rethrows its error", async () => {
        const v1 = await seedVersion(vector(4, 1));
        const boom = new Error("boom");
        const caught = await repo
          .transaction(async (tx) => {
            const v2 = await tx.versions.create({ parentId: v1.id, roundId: null, spec: v1.spec, params: vector(600_000, 9).subarray(0, 4), strategy: null });
            await tx.aliases.set("production", v2.id, { actor: "t", reason: "r" });
            await tx.audit.append({ actor: "t", action: "promote", targetType: "version", targetId: String(v2.id) });
            await tx.lock(7);
            expect(await tx.aliases.get("production")).toBe(v2.id);
            throw boom;
          })
          .catch((e: unknown) => e);
        expect(caught).toBe(boom);
        expect((await repo.versions.list()).map((v) => v.id)).toEqual([v1.id]);
        expect(await repo.aliases.get("production")).toBeNull();
        expect(await repo.aliases.history("production")).toEqual([]);
        expect(await repo.audit.list()).toEqual([]);
        const [blobs] = await queryRows<{ n: number }>(db.drizzle, sql`select count(*)::int as n from blobs`);
        expect(blobs?.n).toBe(1);
      });

      it("commits everything fn wrote and returns its value", async () => {
        const v1 = await seedVersion();
        const result = await repo.transaction(async (tx) => {
          await tx.lock(7);
          await tx.aliases.set("production", v1.id, { actor: "t", reason: "r" });
          return (await tx.audit.append({ actor: "t", action: "promote", targetType: "version", targetId: String(v1.id) })).id;
        });
        expect(await repo.aliases.get("production")).toBe(v1.id);
        expect((await repo.audit.list()).map((a) => a.id)).toEqual([result]);
      });

      it("lock refuses a key that is not a safe integer", async () => {
        await expectCode(repo.transaction((tx) => tx.lock(1.5)), ErrorCode.BadRequest);
      });
    });

    describe("rounds", () => {
      it("close is a guard: true once, false after", async () => {
        const base = await seedVersion();
        const round = await repo.rounds.create({ baseVersionId: base.id, strategy: "fedavg", config: { minParticipants: 3 } });
        expect(round).toMatchObject({ baseVersionId: base.id, status: "open", strategy: "fedavg", config: { minParticipants: 3 } });
        expect(round.openedAt).toBeInstanceOf(Date);
        expect(round.closedAt).toBeNull();
        expect((await repo.rounds.latestOpen())?.id).toBe(round.id);
        const result = await repo.versions.create({ parentId: base.id, roundId: round.id, spec: base.spec, params: vector(4, 8), strategy: "fedavg" });
        expect(await repo.rounds.close(round.id, { status: "closed", resultVersionId: result.id })).toBe(true);
        expect(await repo.rounds.close(round.id, { status: "failed", failureReason: "late" })).toBe(false);
        const closed = await repo.rounds.get(round.id);
        expect(closed).toMatchObject({ status: "closed", resultVersionId: result.id, failureReason: null });
        expect(closed?.closedAt).toBeInstanceOf(Date);
        expect(await repo.rounds.latestOpen()).toBeNull();
        expect(await repo.rounds.close(9999, { status: "closed" })).toBe(false);
      });

      it("records a failure with its reason; lists newest first", async () => {
        const base = await seedVersion();
        const r1 = await repo.rounds.create({ baseVersionId: base.id, strategy: "fedavg", config: {} });
        const r2 = await repo.rounds.create({ baseVersionId: base.id, strategy: "fedavg", config: {} });
        expect((await repo.rounds.latestOpen())?.id).toBe(r2.id);
        expect(await repo.rounds.close(r2.id, { status: "failed", failureReason: "deadline passed with 1 of 3" })).toBe(true);
        expect(await repo.rounds.get(r2.id)).toMatchObject({ status: "failed", failureReason: "deadline passed with 1 of 3", resultVersionId: null });
        expect((await repo.rounds.latestOpen())?.id).toBe(r1.id);
        expect((await repo.rounds.list()).map((r) => r.id)).toEqual([r2.id, r1.id]);
        expect((await repo.rounds.list({ limit: 1 })).map((r) => r.id)).toEqual([r2.id]);
        expect(await repo.rounds.get(9999)).toBeNull();
      });
    });

    describe("updates", () => {
      async function roundWithEdges() {
        const base = await seedVersion();
        const round = await repo.rounds.create({ baseVersionId: base.id, strategy: "fedavg", config: {} });
        const a = await repo.edges.create({ name: "a", region: "eu", tokenHash: "ha" });
        const b = await repo.edges.create({ name: "b", region: "us", tokenHash: "hb" });
        return { base, round, a, b };
      }

      it("the same idempotency key yields the same row with created=false", async () => {
        const { base, round, a } = await roundWithEdges();
        const payload = new Uint8Array([1, 2, 3, 4, 5]);
        const input = { roundId: round.id, edgeId: a.id, idempotencyKey: "k-1", baseVersionId: base.id, numExamples: 12, metrics: { loss: 0.5 }, payload };
        const first = await repo.updates.insert(input);
        expect(first.created).toBe(true);
        expect(first.update).toMatchObject({ roundId: round.id, edgeId: a.id, idempotencyKey: "k-1", baseVersionId: base.id, numExamples: 12, metrics: { loss: 0.5 } });
        expect(first.update.receivedAt).toBeInstanceOf(Date);
        const again = await repo.updates.insert({ ...input, numExamples: 99, payload: new Uint8Array([9, 9]) });
        expect(again).toEqual({ update: first.update, created: false });
        expect(await repo.updates.listForRound(round.id)).toEqual([first.update]);
        expect(Array.from(await repo.updates.loadPayload(first.update.id))).toEqual([1, 2, 3, 4, 5]);
      });

      it("lists a round's updates in arrival order and round-trips payloads", async () => {
        const { base, round, a, b } = await roundWithEdges();
        const big = new Uint8Array(BLOB_CHUNK_BYTES + 3).map((_, i) => (i * 31) & 0xff);
        const keys = ["z", "a", "m"];
        const ids = [];
        for (const [i, key] of keys.entries()) {
          const { update } = await repo.updates.insert({
            roundId: round.id,
            edgeId: i % 2 === 0 ? a.id : b.id,
            idempotencyKey: key,
            baseVersionId: base.id,
            numExamples: i + 1,
            metrics: {},
            payload: i === 1 ? big : new Uint8Array([i]),
          });
          ids.push(update.id);
        }
        expect((await repo.updates.listForRound(round.id)).map((u) => u.idempotencyKey)).toEqual(keys);
        expect(Buffer.from(await repo.updates.loadPayload(ids[1]!)).equals(Buffer.from(big))).toBe(true);
        // One buffer read into again and again, as a round's close streams its updates.
        const into = new Uint8Array(big.length + 1);
        const inBuffer = await repo.updates.loadPayload(ids[1]!, into);
        expect(inBuffer.buffer).toBe(into.buffer);
        expect(Buffer.from(inBuffer).equals(Buffer.from(big))).toBe(true);
        expect(Array.from(await repo.updates.loadPayload(ids[2]!, into))).toEqual([2]);
        expect(Array.from(await repo.updates.loadPayload(ids[0]!, new Uint8Array(0)))).toEqual([0]);
        expect(await repo.updates.listForRound(9999)).toEqual([]);
        await expectCode(repo.updates.loadPayload(9999), ErrorCode.NotFound);
      });
    });

    describe("edges", () => {
      it("a revoked edge is no longer found by its token", async () => {
        const edge = await repo.edges.create({ name: "edge-eu-1", region: "eu-west", tokenHash: "t1" });
        expect(edge).toMatchObject({ name: "edge-eu-1", region: "eu-west", tokenHash: "t1", lastSeenAt: null, revokedAt: null });
        expect(edge.id).toMatch(/^[0-9a-f-]{36}$/);
        expect(await repo.edges.findByTokenHash("t1")).toEqual(edge);
        expect(await repo.edges.findByTokenHash("nope")).toBeNull();
        expect(await repo.edges.revoke(edge.id)).toBe(true);
        expect(await repo.edges.findByTokenHash("t1")).toBeNull();
        expect((await repo.edges.get(edge.id))?.revokedAt).toBeInstanceOf(Date);
        expect(await repo.edges.revoke(edge.id)).toBe(false);
      });

      it("touch sets lastSeenAt; get and list; unknown or malformed ids are null", async () => {
        const e1 = await repo.edges.create({ name: "a", region: "eu", tokenHash: "x1" });
        const e2 = await repo.edges.create({ name: "b", region: "us", tokenHash: "x2" });
        await repo.edges.touch(e1.id);
        expect((await repo.edges.get(e1.id))?.lastSeenAt).toBeInstanceOf(Date);
        expect((await repo.edges.get(e2.id))?.lastSeenAt).toBeNull();
        expect((await repo.edges.list()).map((e) => e.id).sort()).toEqual([e1.id, e2.id].sort());
        expect(await repo.edges.get("00000000-0000-0000-0000-000000000000")).toBeNull();
        expect(await repo.edges.get("not-a-uuid")).toBeNull();
        expect(await repo.edges.revoke("not-a-uuid")).toBe(false);
        await expect(repo.edges.create({ name: "dup", region: "eu", tokenHash: "x1" })).rejects.toThrow();
      });
    });

    describe("audit", () => {
      it("lists entries newest first, even inside one transaction", async () => {
        await repo.transaction(async (tx) => {
          await tx.audit.append({ actor: "admin", action: "promote", targetType: "version", targetId: "1", details: { from: null } });
          await tx.audit.append({ actor: "admin", action: "rollback", targetType: "version", targetId: "1" });
        });
        await repo.audit.append({ actor: "coordinator", action: "revoke", targetType: "edge", targetId: "e" });
        const entries = await repo.audit.list();
        expect(entries.map((e) => e.action)).toEqual(["revoke", "rollback", "promote"]);
        expect(entries[2]).toMatchObject({ actor: "admin", targetType: "version", targetId: "1", details: { from: null } });
        expect(entries[1]?.details).toEqual({});
        expect(entries[0]?.at).toBeInstanceOf(Date);
        expect((await repo.audit.list({ limit: 1 })).map((e) => e.action)).toEqual(["revoke"]);
      });
    });

    describe("coordinator state", () => {
      it("events: append in a transaction, read back after an id, latest id", async () => {
        expect(await repo.events.latestId()).toBe(0);
        await repo.transaction(async (tx) => {
          await tx.events.append({ type: "release", payload: { version: 1 } });
          await tx.events.append({ type: "round-open", payload: { roundId: 1 } });
        });
        await expect(
          repo.transaction(async (tx) => {
            await tx.events.append({ type: "lost", payload: {} });
            throw new Error("rolled back");
          }),
        ).rejects.toThrow("rolled back");
        const all = await repo.events.since(0);
        expect(all.map((e) => e.type)).toEqual(["release", "round-open"]);
        expect((await repo.events.since(all[0]!.id)).map((e) => e.payload)).toEqual([{ roundId: 1 }]);
        expect(await repo.events.latestId()).toBe(all[1]!.id);
      });

      it("evaluations: first answer per edge wins; decisions: the latest is the status", async () => {
        const spec = createParameterSpec([{ name: "w", shape: [3] }]);
        const v1 = await repo.versions.create({ parentId: null, roundId: null, spec, params: vector(3, 1), strategy: null });
        const v2 = await repo.versions.create({ parentId: v1.id, roundId: null, spec, params: vector(3, 2), strategy: "fedavg" });
        const edge = await repo.edges.create({ name: "e", region: "r", tokenHash: "h-eval" });
        const input = { versionId: v2.id, baselineVersionId: v1.id, source: "edge" as const, edgeId: edge.id, numExamples: 5, metrics: { loss: 0.4 }, baselineMetrics: { loss: 0.5 } };
        expect((await repo.evaluations.record(input)).created).toBe(true);
        const again = await repo.evaluations.record({ ...input, metrics: { loss: 9 } });
        expect(again.created).toBe(false);
        expect(again.evaluation.metrics).toEqual({ loss: 0.4 });
        await repo.evaluations.record({ ...input, source: "server", edgeId: null, metrics: { loss: 0.3 } });
        expect((await repo.evaluations.listForVersion(v2.id)).map((e) => e.source)).toEqual(["edge", "server"]);
        await repo.decisions.record({ versionId: v2.id, decision: "rejected", reason: "worse", actor: "gate" });
        await repo.decisions.record({ versionId: v2.id, decision: "promoted", reason: "admin override", actor: "admin" });
        const latest = await repo.decisions.latest([v1.id, v2.id]);
        expect(latest.has(v1.id)).toBe(false);
        expect(latest.get(v2.id)?.decision).toBe("promoted");
        expect((await repo.decisions.listForVersion(v2.id)).map((d) => d.decision)).toEqual(["rejected", "promoted"]);
        await expect(repo.decisions.record({ versionId: v2.id, decision: "maybe" as "promoted", reason: "", actor: "x" })).rejects.toThrow();
      });

      it("telemetry and settings round-trip", async () => {
        const spec = createParameterSpec([{ name: "w", shape: [2] }]);
        const v = await repo.versions.create({ parentId: null, roundId: null, spec, params: vector(2, 3), strategy: null });
        const edge = await repo.edges.create({ name: "e", region: "r", tokenHash: "h-telemetry" });
        await repo.telemetry.recordLiveMetrics({ edgeId: edge.id, versionId: v.id, numExamples: 10, metrics: { loss: 0.2 } });
        await repo.telemetry.recordLiveMetrics({ edgeId: edge.id, versionId: v.id, numExamples: 30, metrics: { loss: 0.6 } });
        expect((await repo.telemetry.liveMetricsFor(v.id)).map((m) => m.numExamples)).toEqual([10, 30]);
        await repo.telemetry.recordDrift({ edgeId: edge.id, detector: "page-hinkley", statistic: 3.5, threshold: 2, versionId: v.id });
        expect((await repo.telemetry.listDrift())[0]).toMatchObject({ detector: "page-hinkley", statistic: 3.5, details: {} });
        expect(await repo.settings.get("strategy")).toBeNull();
        await repo.settings.set("strategy", { name: "fedavg" });
        await repo.settings.set("strategy", { name: "fedmedian" });
        expect(await repo.settings.get("strategy")).toEqual({ name: "fedmedian" });
      });
    });
  });
}
