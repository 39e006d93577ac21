import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { METRIC_NAMES, type MetricName } from "../ranking-metrics-of.js";
import type { SimulationResult } from "../run-simulation.js";
import type { SimulateConfig } from "../simulate-config.js";
import { writeMetricCharts } from "./metric-charts.js";
import type { SimulationSummary } from "./summarize.js";
import { federationLines } from "./federation-lines.js";

const METRIC_TITLES: Record<MetricName, string> = {
  ndcg10: "NDCG@10 (99 sampled negatives)",
  hr10: "HR@10 (99 sampled negatives)",
  fullNdcg10: "NDCG@10 (full catalog)",
};

/**
 * Published HR@10 on MovieLens with the same 99-negative protocol, for context
 * only: their splits are leave-one-out on ML-1M, not a prequential stream of
 * ml-latest-small, so the numbers are not directly comparable.
 */
const PUBLISHED = [
  "NCF / NeuMF, centralized, ML-1M, leave-one-out, 99 sampled negatives (He et al., 2017): HR@10 0.730, NDCG@10 0.447",
  "ItemPop on the same split (He et al., 2017): HR@10 0.454, NDCG@10 0.254",
  "Federated NCF variants on ML-1M with this protocol (e.g. FedFast, Muhammad et al., 2020; FedNCF, Perifanis & Efraimidis, 2022) report HR@10 below centralized NeuMF; see the papers for their figures",
];

/** The files {@link writeReport} wrote. */
export interface ReportFiles {
  readonly report: string;
  readonly metrics: string;
  readonly charts: string[];
}

/** Writes report.md, metrics.json (config, result and summary) and one SVG chart per metric into `dir`. */
export async function writeReport(dir: string, input: { config: SimulateConfig; result: SimulationResult; summary: SimulationSummary; wallSeconds: number }): Promise<ReportFiles> {
  const { config, result, summary } = input;
  await mkdir(path.join(dir, "charts"), { recursive: true });
  const charts = await writeMetricCharts(dir, result, METRIC_TITLES);
  const metricsFile = path.join(dir, "metrics.json");
  await writeFile(metricsFile, `${JSON.stringify({ config, result, summary, wallSeconds: input.wallSeconds }, null, 2)}\n`);
  const reportFile = path.join(dir, "report.md");
  await writeFile(reportFile, reportMarkdown(input));
  return { report: reportFile, metrics: metricsFile, charts };
}

function reportMarkdown(input: { config: SimulateConfig; result: SimulationResult; summary: SimulationSummary; wallSeconds: number }): string {
  const { config, result, summary } = input;
  const f = (v: number) => (Number.isFinite(v) ? v.toFixed(4) : "-");
  const lines: string[] = [];
  lines.push("# Tributary simulation report", "");
  lines.push(`Data: ${result.source}; ${result.catalog} items; ${result.regions.length} regions; warm-up ${Math.round(config.warmupFraction * 100)}% of the log, then ${result.windows.length} windows.`);
  lines.push(
    `Model: ranking head σ(MLP([q, d, q⊙d, |q−d|]) + b_item), hidden ${JSON.stringify(config.hidden)}, over the default encoder's item vectors (${result.encoder.rawDim}-d, projected to ${result.encoder.dim}-d keeping ${(result.encoder.explainedVariance * 100).toFixed(0)}% of the variance); user vector = mean of the user's earlier item vectors.`,
  );
  lines.push(...federationLines(config, result.regions.length, result.stats.federated));
  lines.push(`Wall time: ${input.wallSeconds.toFixed(1)} s.`, "");
  lines.push("Protocol (prequential): each window is evaluated before any method learns it, then every method learns it. HR@10 and NDCG@10 rank the held-out item among 99 sampled items the user never touched (NCF protocol); full-catalog NDCG@10 ranks it among every item the user has not seen. Forgetting = NDCG@10 on window 1's test cases right after learning window 1, minus the same at the end.", "");
  lines.push("## Summary (mean over windows)", "");
  lines.push("| method | NDCG@10 | HR@10 | full-catalog NDCG@10 | forgetting |", "|---|---|---|---|---|");
  for (const m of summary.methods) lines.push(`| ${m.method} | ${f(m.ndcg10)} | ${f(m.hr10)} | ${f(m.fullNdcg10)} | ${f(m.forgetting)} |`);
  lines.push("", "## Goals", "", "| goal | ratio | target | met |", "|---|---|---|---|");
  for (const g of summary.goals) lines.push(`| ${g.goal} | ${g.ratio === null ? "-" : g.ratio.toFixed(3)} | ${g.target} | ${g.met === null ? "-" : g.met ? "yes" : "no"} |`);
  lines.push("", "## Per window (NDCG@10 / HR@10 / full-catalog NDCG@10)", "");
  lines.push(`| window | dates | interactions | users | test cases | ${result.methods.map((m) => m.name).join(" | ")} |`);
  lines.push(`|---|---|---|---|---|${result.methods.map(() => "---|").join("")}`);
  result.windows.forEach((w, i) => {
    const cells = result.methods.map((m) => {
      const r = result.metrics[m.name]![i]!;
      return `${r.ndcg10.toFixed(3)} / ${r.hr10.toFixed(3)} / ${r.fullNdcg10.toFixed(3)}`;
    });
    lines.push(`| ${w.index + 1} | ${w.from} – ${w.to} | ${w.interactions} | ${w.users} | ${w.testCases} | ${cells.join(" | ")} |`);
  });
  lines.push("", "## Charts", "");
  for (const metric of METRIC_NAMES) lines.push(`![${METRIC_TITLES[metric]}](charts/${metric}.svg)`);
  lines.push("", "## Regions", "", "| region | users | interactions |", "|---|---|---|");
  for (const r of result.regions) lines.push(`| ${r.name} | ${r.users} | ${r.interactions} |`);
  lines.push("", "## Published results, for context", "");
  for (const p of PUBLISHED) lines.push(`- ${p}`);
  lines.push("", "## Time (seconds)", "", "| step | seconds |", "|---|---|");
  for (const [step, s] of Object.entries(result.seconds)) lines.push(`| ${step} | ${s.toFixed(1)} |`);
  return `${lines.join("\n")}\n`;
}
