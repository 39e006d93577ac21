import { randomBytes } from "node:crypto";
import { type RunningCoordinator, startCoordinator } from "@tributary/coordinator";
import { type Database, openDatabase } from "@tributary/db";
import { createParameterSpec } from "@tributary/protocol";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { ExitCode } from "../exit-codes.js";
import { adminCommand } from "./admin.js";

/** Runs `tributary admin …` in-process and captures what it printed. */
async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const log = vi.spyOn(console, "log").mockImplementation((...xs: unknown[]) => void out.push(xs.join(" ")));
  const stdout = vi.spyOn(process.stdout, "write").mockImplementation((s: string | Uint8Array) => (out.push(String(s)), true));
  const stderr = vi.spyOn(process.stderr, "write").mockImplementation((s: string | Uint8Array) => (err.push(String(s)), true));
  try {
    return { code: await adminCommand(args), out: out.join("\n"), err: err.join("") };
  } finally {
    log.mockRestore();
    stdout.mockRestore();
    stderr.mockRestore();
  }
}

describe("tributary admin", () => {
  let database: Database;
  let coordinator: RunningCoordinator;
  const token = randomBytes(12).toString("hex");
  let flags: string[];

  beforeAll(async () => {
    database = await openDatabase();
    coordinator = await startCoordinator({ database, adminToken: token, bootstrapSecret: "bootstrap-secret", logLevel: "silent", settings: { minUpdates: 1 } });
    flags = ["--url", coordinator.url, "--token", token];
    const spec = createParameterSpec([{ name: "w", shape: [3] }]);
    for (const v of [0, 1]) {
      await coordinator.services.releases.importVersion({ spec, params: new Float32Array(3).fill(v), actor: "test", reason: "seed" });
    }
  });
  afterAll(async () => {
    await coordinator?.close();
    await database?.close();
  });

  it("lists versions as a table and as JSON", async () => {
    const table = await run(["versions", "list", ...flags]);
    expect(table.code).toBe(ExitCode.Ok);
    expect(table.out).toMatch(/^id\s+parentId\s+roundId/m);
    expect(table.out).toMatch(/^1\s+-\s+-\s+-\s+production/m);
    const json = await run(["versions", "list", "--json", ...flags]);
    expect(JSON.parse(json.out).map((v: { id: number }) => v.id)).toEqual([2, 1]);
  });

  it("promotes and rolls back with a reason, visible in the audit log", async () => {
    expect((await run(["promote", "2", "--reason", "canary looked good", ...flags])).code).toBe(ExitCode.Ok);
    expect(await database.repo.aliases.get("production")).toBe(2);
    expect((await run(["rollback", "1", "--reason", "CTR dropped", ...flags])).code).toBe(ExitCode.Ok);
    expect(await database.repo.aliases.get("production")).toBe(1);
    const audit = await run(["audit", "--limit", "5", ...flags]);
    expect(audit.out).toMatch(/admin\s+version\.rollback\s+modelVersion\s+1/);
  });

  it("init-model creates a ranking head of the asked shape and imports it as a version", async () => {
    const made = await run(["init-model", "--dim", "8", "--hidden", "4", "--items", "3", ...flags]);
    expect(made.code).toBe(ExitCode.Ok);
    const { version } = JSON.parse(made.out) as { version: number };
    const row = (await database.repo.versions.get(version))!;
    expect(row.spec.entries.map((e) => e.name).length).toBeGreaterThan(0);
    // [q, d, q⊙d, |q−d|] of dim 8 → hidden 4 → 1, plus 3 item biases.
    expect(row.numParams).toBe(4 * 8 * 4 + 4 + 4 + 1 + 3);
    expect((await run(["init-model", "--dim", "0", ...flags])).code).toBe(ExitCode.Usage);
  });

  it("explains usage errors (exit 2) and refused calls (exit 1) with their code", async () => {
    const noReason = await run(["rollback", "1", ...flags]);
    expect(noReason.code).toBe(ExitCode.Usage);
    expect(noReason.err).toMatch(/--reason is required/);
    const unknown = await run(["frobnicate", ...flags]);
    expect(unknown.code).toBe(ExitCode.Usage);
    const refused = await run(["rollback", "2", "--reason", "forward", ...flags]);
    expect(refused.code).toBe(ExitCode.Failed);
    expect(refused.err).toMatch(/CONFLICT/);
    const wrongToken = await run(["health", "--url", coordinator.url, "--token", "not-the-token"]);
    expect(wrongToken.code).toBe(ExitCode.Failed);
    expect(wrongToken.err).toMatch(/UNAUTHORIZED/);
  });
});
