import { access, mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { DatasetErrorCode, mulberry32 } from "@tributary/datasets";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { ExitCode } from "../../exit-codes.js";
import { DEFAULT_SIMULATE_CONFIG } from "../simulate-config.js";
import { hashedWordsEncoder } from "./hashed-words-encoder.test-helpers.js";
import { runTextSimulation } from "./run-text-simulation.js";
import { simulateTexts } from "./simulate-texts.js";

const METHODS = ["majority", "zero-shot", "centralized", "local-only", "naive"];

/** Reviews whose words say their label ("good" or "bad"), one in ten labelled the other way; "good" is the majority. */
function reviews(count: number): string {
  const rng = mulberry32(3);
  const pick = (words: string[]) => words[Math.floor(rng() * words.length)]!;
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    const good = rng() < 0.6;
    const words = good ? ["good", "tasty", "fresh", "lovely"] : ["bad", "stale", "awful", "bland"];
    const text = `${pick(["the", "this", "my"])} ${pick(["tea", "snack", "coffee", "soup"])} was ${pick(words)} and ${pick(words)}`;
    const label = good !== rng() < 0.1 ? "good" : "bad";
    lines.push(JSON.stringify(i % 3 === 0 ? { text, label, region: "region-1" } : { text, label }));
  }
  return `${lines.join("\n")}\n`;
}

describe("text classification runs (hashed-words encoder, no federation)", () => {
  let dir: string;
  let file: string;
  const config = (out: string, textsFile = file) => ({ ...DEFAULT_SIMULATE_CONFIG, regions: 2, windows: 2, maxTestCases: 60, cacheDir: path.join(dir, "cache"), outDir: out, textsFile });

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "tributary-texts-"));
    file = path.join(dir, "reviews.jsonl");
    await writeFile(file, reviews(400));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("evaluates every method on every window before learning it; learning and the label names beat the majority class", async () => {
    const seen: number[] = [];
    const result = await runTextSimulation({ config: config(path.join(dir, "unused")), federated: false, quiet: true, encoder: hashedWordsEncoder(), onWindow: (w) => seen.push(w.index) });
    expect(seen).toEqual([0, 1]);
    expect(result.classes).toEqual(["bad", "good"]);
    expect(result.order).toBe("file");
    expect(result.regions.map((r) => r.name)).toEqual(["region-0", "region-1"]);
    expect(result.regions.reduce((n, r) => n + r.records, 0)).toBe(400);
    expect(result.windows.map((w) => [w.records, w.testCases])).toEqual([
      [100, 60],
      [100, 60],
    ]);
    expect(Object.keys(result.metrics)).toEqual(METHODS);
    for (const rows of Object.values(result.metrics)) {
      expect(rows).toHaveLength(2);
      for (const m of rows) {
        expect(m.accuracy).toBeGreaterThanOrEqual(0);
        expect(m.accuracy).toBeLessThanOrEqual(1);
        expect(m.cases).toBe(60);
      }
    }
    const mean = (name: string) => result.metrics[name]!.reduce((s, m) => s + m.accuracy, 0) / 2;
    expect(result.metrics["majority"]!.every((m) => m.auc === 0.5)).toBe(true);
    expect(mean("centralized")).toBeGreaterThan(mean("majority") + 0.15);
    expect(mean("local-only")).toBeGreaterThan(mean("majority") + 0.05);
    expect(mean("zero-shot")).toBeGreaterThan(mean("majority") + 0.1);
    expect(Object.keys(result.forgetting)).toEqual(METHODS);
    expect(result.forgetting["majority"]!.afterFirst).toBeCloseTo(result.metrics["majority"]![0]!.accuracy, 1);
  });

  it("classifies more than two classes (softmax head, macro AUC) in timestamp order when every record has a time", async () => {
    const rng = mulberry32(9);
    const words: Record<string, string[]> = { good: ["tasty", "lovely"], bad: ["stale", "awful"], meh: ["okay", "average"] };
    const labels = Object.keys(words);
    const lines = Array.from({ length: 300 }, (_, i) => {
      const label = labels[Math.floor(rng() * 3)]!;
      // File order is the reverse of time order.
      return JSON.stringify({ text: `the soup was ${words[label]![i % 2]} today`, label, timestamp: 1_700_000_000 + (300 - i) * 86_400 });
    });
    const timed = path.join(dir, "timed.jsonl");
    await writeFile(timed, lines.join("\n"));
    const result = await runTextSimulation({ config: config(path.join(dir, "unused"), timed), federated: false, quiet: true, encoder: hashedWordsEncoder() });
    expect(result.order).toBe("timestamp");
    expect(result.classes).toEqual(["bad", "good", "meh"]);
    expect(result.windows[0]!.from).toBe(new Date((1_700_000_000 + 151 * 86_400) * 1000).toISOString().slice(0, 10));
    expect(result.windows[1]!.to).toBe(new Date((1_700_000_000 + 300 * 86_400) * 1000).toISOString().slice(0, 10));
    const last = (name: string) => result.metrics[name]!.at(-1)!;
    expect(last("centralized").accuracy).toBeGreaterThan(last("majority").accuracy + 0.2);
    expect(last("centralized").auc).toBeGreaterThan(0.8);
    expect(last("majority").auc).toBe(0.5);
  });

  it("is deterministic for a config", async () => {
    const run = () => runTextSimulation({ config: config(path.join(dir, "unused")), federated: false, quiet: true, encoder: hashedWordsEncoder() });
    expect((await run()).metrics).toEqual((await run()).metrics);
  });

  it("writes the report folder and ends stdout with one JSON object summarising every method", async () => {
    const out = path.join(dir, "report");
    const lines: string[] = [];
    const code = await simulateTexts(config(out), { quiet: true, federated: false, encoder: hashedWordsEncoder(), log: (l) => lines.push(l) });
    expect(code).toBe(ExitCode.Ok);
    const summary = JSON.parse(lines.at(-1)!) as { report: string; methods: { method: string; accuracy: number; auc: number; logLoss: number; forgetting: number }[] };
    expect(summary.report).toBe(path.join(out, "report.md"));
    expect(summary.methods.map((m) => m.method)).toEqual(METHODS);
    expect(lines.join("\n")).toContain("window 2/2");
    expect((await readdir(path.join(out, "charts"))).sort()).toEqual(["accuracy.svg", "auc.svg", "logLoss.svg"]);
    const report = await readFile(path.join(out, "report.md"), "utf8");
    for (const heading of ["# Tributary simulation report: text classification", "## Methods", "## Summary (mean over windows)", "## Per window", "## Charts", "## Regions"]) expect(report).toContain(heading);
    for (const method of METHODS) expect(report).toContain(`| ${method} |`);
    expect(report).toContain("only meaningful when the labels are words");
    const metrics = JSON.parse(await readFile(path.join(out, "metrics.json"), "utf8")) as { config: { textsFile: string }; result: { metrics: Record<string, unknown[]> } };
    expect(metrics.config.textsFile).toBe(file);
    expect(Object.keys(metrics.result.metrics)).toEqual(METHODS);
  });

  it("refuses a bad file with exit code 1 and a message naming the line, writing nothing", async () => {
    const bad = path.join(dir, "bad.jsonl");
    await writeFile(bad, '{"text": "fine", "label": "good"}\n{"text": "no label"}\n');
    await expect(runTextSimulation({ config: config(path.join(dir, "x"), bad), federated: false, quiet: true, encoder: hashedWordsEncoder() })).rejects.toMatchObject({
      code: DatasetErrorCode.BadData,
      message: `${bad}: line 2: label must be a non-empty string or a number`,
    });
    const errors: string[] = [];
    const spy = vi.spyOn(process.stderr, "write").mockImplementation((chunk) => (errors.push(String(chunk)), true));
    try {
      const out = path.join(dir, "never");
      const encoder = hashedWordsEncoder();
      expect(await simulateTexts(config(out, bad), { quiet: true, federated: false, encoder, log: () => undefined })).toBe(ExitCode.Failed);
      expect(await simulateTexts(config(out, path.join(dir, "missing.jsonl")), { quiet: true, federated: false, encoder, log: () => undefined })).toBe(ExitCode.Failed);
      await writeFile(path.join(dir, "one-label.jsonl"), '{"text": "a", "label": "x"}\n{"text": "b", "label": "x"}\n');
      expect(await simulateTexts(config(out, path.join(dir, "one-label.jsonl")), { quiet: true, federated: false, encoder, log: () => undefined })).toBe(ExitCode.Failed);
      expect(encoder.calls).toBe(0);
      await expect(access(out)).rejects.toThrow();
    } finally {
      spy.mockRestore();
    }
    expect(errors[0]).toContain("line 2: label must be");
    expect(errors[1]).toContain(`cannot read ${path.join(dir, "missing.jsonl")}`);
    expect(errors[2]).toContain('every record has the label "x"');
  });
});
