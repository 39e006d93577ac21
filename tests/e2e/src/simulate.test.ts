/**
 * `tributary simulate` end to end, as a user runs it: the CLI process replays
 * a small configuration of MovieLens (30% of the users, 2 regions, 2
 * windows) through a coordinator on PGlite and 2 edge agents over loopback
 * HTTP, beside the baselines, and writes its report. The data and the item
 * embeddings come from the cache (fetched and encoded on first use).
 */
import { mkdtemp, readFile, readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli, type CliRun } from "./run-cli.js";

const METHODS = ["popularity", "zero-shot", "centralized", "local-only", "federated", "naive"];

describe("tributary simulate (small configuration)", () => {
  let out: string;
  let run: CliRun;

  beforeAll(async () => {
    out = await mkdtemp(path.join(os.tmpdir(), "tributary-simulate-"));
    run = await runCli(["simulate", "--regions", "2", "--windows", "2", "--users", "0.3", "--seed", "3", "--quiet", "--out", out]);
  }, 10 * 60_000);

  afterAll(async () => {
    await rm(out, { recursive: true, force: true });
  });

  it("exits 0 and ends with one JSON object summarising every method", () => {
    expect(run.code, run.stderr).toBe(0);
    const last = run.stdout.trimEnd().split("\n").at(-1)!;
    const summary = JSON.parse(last) as { report: string; methods: { method: string; ndcg10: number; hr10: number; fullNdcg10: number; forgetting: number }[]; goals: unknown[] };
    expect(summary.methods.map((m) => m.method)).toEqual(METHODS);
    for (const m of summary.methods) {
      for (const value of [m.ndcg10, m.hr10, m.fullNdcg10]) {
        expect(value).toBeGreaterThanOrEqual(0);
        expect(value).toBeLessThanOrEqual(1);
      }
      expect(Number.isFinite(m.forgetting)).toBe(true);
    }
    expect(summary.goals).toHaveLength(4);
    expect(summary.report).toBe(path.join(out, "report.md"));
  });

  it("learning beats popularity: the federated and the centralized model rank the held-out items better", () => {
    const summary = JSON.parse(run.stdout.trimEnd().split("\n").at(-1)!) as { methods: { method: string; ndcg10: number; hr10: number }[] };
    const of = (name: string) => summary.methods.find((m) => m.method === name)!;
    expect(of("federated").ndcg10).toBeGreaterThan(of("popularity").ndcg10);
    expect(of("centralized").ndcg10).toBeGreaterThan(of("popularity").ndcg10);
    expect(of("federated").hr10).toBeGreaterThan(of("popularity").hr10);
  });

  it("writes report.md, metrics.json with every method × window, and one SVG chart per metric", async () => {
    const report = await readFile(path.join(out, "report.md"), "utf8");
    for (const heading of ["# Tributary simulation report", "## Summary (mean over windows)", "## Goals", "## Per window", "## Charts", "## Published results, for context"]) {
      expect(report).toContain(heading);
    }
    for (const method of METHODS) expect(report).toContain(`| ${method} |`);
    const metrics = JSON.parse(await readFile(path.join(out, "metrics.json"), "utf8")) as {
      result: { windows: unknown[]; metrics: Record<string, { ndcg10: number; cases: number }[]>; forgetting: Record<string, unknown> };
      config: { regions: number; windows: number };
    };
    // The tuned federated defaults: the edges' own step size, two rounds per window.
    expect(metrics.config).toMatchObject({ regions: 2, windows: 2, strategy: { name: "fedavg" }, edgeEpochs: 2, edgeLearningRate: 0.015, roundsPerWindow: 2 });
    expect(metrics.result.windows).toHaveLength(2);
    expect(Object.keys(metrics.result.metrics)).toEqual(METHODS);
    for (const rows of Object.values(metrics.result.metrics)) {
      expect(rows).toHaveLength(2);
      for (const row of rows) expect(row.cases).toBeGreaterThan(20);
    }
    expect(Object.keys(metrics.result.forgetting)).toEqual(METHODS);
    const charts = (await readdir(path.join(out, "charts"))).sort();
    expect(charts).toEqual(["fullNdcg10.svg", "hr10.svg", "ndcg10.svg"]);
    for (const chart of charts) {
      const svg = await readFile(path.join(out, "charts", chart), "utf8");
      expect(svg.startsWith("<svg")).toBe(true);
      for (const method of METHODS) expect(svg).toContain(`>${method}</text>`);
    }
  });

  it("refuses a bad option with exit code 2 and the usage", async () => {
    const bad = await runCli(["simulate", "--byzantine", "1.5"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--byzantine must be in [0, 1)");
    expect(bad.stderr).toContain("usage: tributary simulate");
    const badRate = await runCli(["simulate", "--edge-learning-rate", "0"]);
    expect(badRate.code).toBe(2);
    expect(badRate.stderr).toContain("--edge-learning-rate must be a positive number");
  });
});
