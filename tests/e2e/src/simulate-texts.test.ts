/**
 * `tributary simulate --texts` end to end, as a user runs it: the Amazon
 * fine-food reviews (4,000 + 1,000, great/other) written as a JSONL file of
 * labeled texts — every other record naming its region, the rest left to the
 * hash — classified window by window (2 regions, 2 windows) by the baselines and
 * by a coordinator on PGlite with 2 edge agents over loopback HTTP. The data and
 * the review embeddings come from the cache (fetched and encoded on first use,
 * a few minutes; about 30 s afterwards).
 */
import { access, mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { defaultCacheDir, loadFineFoods, writeJsonl } from "@tributary/datasets";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli, type CliRun } from "./run-cli.js";

const METHODS = ["majority", "zero-shot", "centralized", "local-only", "federated", "naive"];
/**
 * Accuracy points above the majority class that learning must reach. On 400
 * test reviews per window the majority's standard error is about 2.4 points,
 * so 5 points over two windows is no lucky draw; a head on this encoder reads
 * sentiment well enough to clear it with room (fine-food-classifier.test.ts).
 */
const MARGIN = 0.05;

const cacheDir = process.env.TRIBUTARY_CACHE_DIR ?? defaultCacheDir();

interface MethodSummary {
  method: string;
  accuracy: number;
  auc: number;
  logLoss: number;
  forgetting: number;
}

describe("tributary simulate --texts (fine-food reviews, small configuration)", () => {
  let dir: string;
  let file: string;
  let out: string;
  let run: CliRun;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "tributary-simulate-texts-"));
    file = path.join(dir, "reviews.jsonl");
    out = path.join(dir, "report");
    const data = await loadFineFoods({ cacheDir });
    await writeJsonl(file, [...data.train, ...data.test].map((t, i) => (i % 2 === 0 ? { text: t.text, label: t.label, region: `region-${(i / 2) % 2}` } : { text: t.text, label: t.label })));
    run = await runCli(["simulate", "--texts", file, "--regions", "2", "--windows", "2", "--seed", "3", "--quiet", "--cache-dir", cacheDir, "--out", out]);
  }, 30 * 60_000);

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const summaryOf = () => JSON.parse(run.stdout.trimEnd().split("\n").at(-1)!) as { report: string; methods: MethodSummary[] };

  it("exits 0 and ends with one JSON object summarising every method", () => {
    expect(run.code, run.stderr).toBe(0);
    const summary = summaryOf();
    expect(summary.report).toBe(path.join(out, "report.md"));
    expect(summary.methods.map((m) => m.method)).toEqual(METHODS);
    for (const m of summary.methods) {
      expect(m.accuracy).toBeGreaterThanOrEqual(0);
      expect(m.accuracy).toBeLessThanOrEqual(1);
      expect(Number.isFinite(m.logLoss)).toBe(true);
      expect(Number.isFinite(m.forgetting)).toBe(true);
    }
    expect(run.stdout).toContain("window 2/2");
  });

  it("the centralized and the federated head beat the majority class", () => {
    const of = (name: string) => summaryOf().methods.find((m) => m.method === name)!;
    console.log(JSON.stringify(summaryOf().methods.map((m) => [m.method, m.accuracy.toFixed(4), m.auc.toFixed(4)])));
    expect(of("majority").auc).toBe(0.5);
    for (const name of ["centralized", "federated"]) {
      expect(of(name).accuracy).toBeGreaterThan(of("majority").accuracy + MARGIN);
      expect(of(name).auc).toBeGreaterThan(0.75);
    }
  });

  it("writes report.md, metrics.json with every method × window, and one SVG chart per metric", async () => {
    const report = await readFile(path.join(out, "report.md"), "utf8");
    for (const heading of ["# Tributary simulation report: text classification", "## Methods", "## Summary (mean over windows)", "## Per window", "## Charts", "## Regions"]) {
      expect(report).toContain(heading);
    }
    for (const method of METHODS) expect(report).toContain(`| ${method} |`);
    const metrics = JSON.parse(await readFile(path.join(out, "metrics.json"), "utf8")) as {
      config: { textsFile: string; regions: number; windows: number };
      result: {
        classes: string[];
        order: string;
        records: number;
        regions: { name: string; records: number }[];
        windows: { testCases: number }[];
        metrics: Record<string, { accuracy: number; auc: number; cases: number }[]>;
        forgetting: Record<string, unknown>;
        stats: Record<string, { pushes: number; releases: number }>;
      };
    };
    expect(metrics.config).toMatchObject({ textsFile: file, regions: 2, windows: 2 });
    const { result } = metrics;
    expect(result).toMatchObject({ classes: ["great", "other"], order: "file", records: 5000 });
    expect(result.regions.map((r) => r.name)).toEqual(["region-0", "region-1"]);
    expect(result.regions.reduce((n, r) => n + r.records, 0)).toBe(5000);
    for (const r of result.regions) expect(r.records).toBeGreaterThan(2000);
    expect(result.windows).toHaveLength(2);
    expect(Object.keys(result.metrics)).toEqual(METHODS);
    for (const rows of Object.values(result.metrics)) {
      expect(rows).toHaveLength(2);
      for (const row of rows) {
        expect(row.cases).toBe(400);
        expect(row.accuracy).toBeGreaterThanOrEqual(0);
        expect(row.accuracy).toBeLessThanOrEqual(1);
      }
    }
    expect(Object.keys(result.forgetting)).toEqual(METHODS);
    // Sync rounds, every edge with data: 2 edges × (2 warm-up rounds + 2 windows × 2 rounds) pushes over HTTP.
    expect(result.stats["federated"]!.pushes).toBe(12);
    expect(result.stats["federated"]!.releases).toBeGreaterThan(0);
    const charts = (await readdir(path.join(out, "charts"))).sort();
    expect(charts).toEqual(["accuracy.svg", "auc.svg", "logLoss.svg"]);
    for (const chart of charts) {
      const svg = await readFile(path.join(out, "charts", chart), "utf8");
      expect(svg.startsWith("<svg")).toBe(true);
      for (const method of METHODS) expect(svg).toContain(`>${method}</text>`);
    }
  });

  it("refuses --texts with another data source (exit 2), and a bad file with exit 1 naming the line, writing nothing", async () => {
    const both = await runCli(["simulate", "--texts", file, "--interactions", file]);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain("--texts cannot be combined with --interactions or --movielens-dir");
    expect(both.stderr).toContain("usage: tributary simulate");
    const bad = path.join(dir, "bad.jsonl");
    await writeFile(bad, '{"text": "lovely tea", "label": "great"}\n{"text": 42, "label": "other"}\n');
    const badOut = path.join(dir, "bad-report");
    const failed = await runCli(["simulate", "--texts", bad, "--users", "0.5", "--quiet", "--cache-dir", cacheDir, "--out", badOut]);
    expect(failed.stderr).toContain("--users does not apply to --texts; ignored");
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain(`${bad}: line 2: text must be a string`);
    await expect(access(badOut)).rejects.toThrow();
  });

  it("--mode async (FedBuff, 3 edges, K = 2): stale pushes are counted, learning still beats the majority, and a second run with the seed gives the same metrics", async () => {
    const args = (o: string) => ["simulate", "--texts", file, "--mode", "async", "--regions", "3", "--windows", "2", "--seed", "3", "--quiet", "--cache-dir", cacheDir, "--out", o];
    const [a, b] = [path.join(dir, "async-a"), path.join(dir, "async-b")];
    const first = await runCli(args(a));
    expect(first.code, first.stderr).toBe(0);
    const second = await runCli(args(b));
    expect(second.code, second.stderr).toBe(0);
    type Metrics = { result: { metrics: Record<string, { accuracy: number }[]>; stats: Record<string, Record<string, number>> } };
    const [ma, mb] = [JSON.parse(await readFile(path.join(a, "metrics.json"), "utf8")) as Metrics, JSON.parse(await readFile(path.join(b, "metrics.json"), "utf8")) as Metrics];
    const { releases = 0, pushes = 0, meanStaleness = 0 } = ma.result.stats.federated ?? {};
    // With 3 edges and K = 2, some pushes land after the buffer they trained against was aggregated.
    expect(releases).toBeGreaterThan(0);
    expect(pushes).toBeGreaterThanOrEqual(2 * releases);
    expect(meanStaleness).toBeGreaterThan(0);
    expect(await readFile(path.join(a, "report.md"), "utf8")).toContain("async rounds (FedBuff: the coordinator steps every 2 pushes");
    const mean = (m: Metrics, name: string) => m.result.metrics[name]!.reduce((s, r) => s + r.accuracy, 0) / m.result.metrics[name]!.length;
    expect(mean(ma, "federated")).toBeGreaterThan(mean(ma, "majority") + MARGIN);
    expect(mb.result.metrics).toEqual(ma.result.metrics);
    expect(mb.result.stats).toEqual(ma.result.stats);
  });
});
