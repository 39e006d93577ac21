import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { markdownTable } from "../reporting/markdown-table.js";
import { writeMetricCharts } from "../reporting/metric-charts.js";
import type { ReportFiles } from "../reporting/write-report.js";
import type { SimulateConfig } from "../simulate-config.js";
import type { ClassificationMetricName } from "./classification-metrics-of.js";
import { CLASSIFICATION_TRAINING } from "./classification-task.js";
import type { TextSimulationResult } from "./run-text-simulation.js";
import type { TextSimulationSummary } from "./summarize-texts.js";
import { federationLines } from "../reporting/federation-lines.js";

const METRIC_TITLES: Record<ClassificationMetricName, string> = {
  accuracy: "accuracy",
  auc: "AUC",
  logLoss: "log loss (nats)",
};

/** What each method is, by name, for the report. */
const METHOD_NOTES: Record<string, string> = {
  majority: "predicts the most frequent class of everything learned so far, pooled over all regions (the analogue of popularity); its AUC is 0.5 by construction",
  "zero-shot": "no training: the softmax over classes of the cosine between the text's vector and the label name's vector, from the same encoder; only meaningful when the labels are words that say what the class is (\"positive\", \"sports\"), not codes (\"1\", \"other\")",
  centralized: "one head trained on every region's texts pooled, with replay: the upper bound federation gives up for privacy",
  "local-only": "one head per region trained on that region's texts only (with replay); a region's test texts are classified by its own head",
  federated: "the real system: a coordinator and one edge agent per region over loopback HTTP; each edge trains on its region's new texts plus a replay sample of its own history and pushes only the delta; every region is served by the production model",
  naive: "the centralized head after the warm-up, then fine-tuned on each window without replay (what forgetting is measured against)",
};

/** The input of {@link writeTextReport}. */
export interface TextReportInput {
  readonly config: SimulateConfig;
  readonly result: TextSimulationResult;
  readonly summary: TextSimulationSummary;
  readonly wallSeconds: number;
}

/** Writes report.md, metrics.json (config, result and summary) and one SVG chart per metric (accuracy, AUC, log loss) into `dir`. */
export async function writeTextReport(dir: string, input: TextReportInput): Promise<ReportFiles> {
  await mkdir(path.join(dir, "charts"), { recursive: true });
  const charts = await writeMetricCharts(dir, input.result, METRIC_TITLES);
  const metricsFile = path.join(dir, "metrics.json");
  await writeFile(metricsFile, `${JSON.stringify({ config: input.config, result: input.result, summary: input.summary, wallSeconds: input.wallSeconds }, null, 2)}\n`);
  const reportFile = path.join(dir, "report.md");
  await writeFile(reportFile, textReportMarkdown(input));
  return { report: reportFile, metrics: metricsFile, charts };
}

/** The report's Markdown. */
export function textReportMarkdown(input: TextReportInput): string {
  const { config, result, summary } = input;
  const f = (v: number) => (Number.isFinite(v) ? v.toFixed(4) : "-");
  const g = (v: number) => (Number.isFinite(v) ? v.toFixed(3) : "-");
  const binary = result.classes.length === 2;
  const lines: string[] = [];
  lines.push("# Tributary simulation report: text classification", "");
  lines.push(
    `Data: ${result.source}; ${result.records} labeled texts in ${result.classes.length} classes (${result.classes.join(", ")}), ${result.order === "timestamp" ? "in timestamp order" : "in file order (not every record has a timestamp)"}; ${result.regions.length} regions; warm-up ${result.warmup} texts (${Math.round(config.warmupFraction * 100)}%), then ${result.windows.length} windows.`,
  );
  lines.push(
    `Model: classification head, an MLP with hidden ${JSON.stringify(config.hidden)} and ${binary ? "one sigmoid output" : "a softmax output"}, over the default encoder's ${result.encoder.dim}-d text vectors (encoder ${result.encoder.id.slice(0, 12)}); batch ${CLASSIFICATION_TRAINING.batchSize}, L2 ${CLASSIFICATION_TRAINING.l2}, dropout ${CLASSIFICATION_TRAINING.dropout}.`,
  );
  lines.push(...federationLines(config, result.regions.length, result.stats["federated"]));
  lines.push(`Wall time: ${input.wallSeconds.toFixed(1)} s.`, "");
  lines.push(
    `Protocol (prequential): each window is evaluated before any method learns it, then every method learns it. A window's test cases are its texts (at most ${config.maxTestCases}, a seeded draw). Accuracy: the most probable class is the label. AUC: ${binary ? `ROC AUC of P("${result.classes[1]}")` : "the macro mean of the one-vs-rest ROC AUCs"}. Log loss: mean cross-entropy in nats. Forgetting = accuracy on window 1's test cases right after learning window 1, minus the same at the end.`,
    "",
  );
  lines.push("## Methods", "");
  for (const m of result.methods) lines.push(`- **${m.name}** (${m.label}): ${METHOD_NOTES[m.name] ?? ""}`);
  lines.push("", "## Summary (mean over windows)", "");
  lines.push(...markdownTable(["method", "accuracy", "AUC", "log loss", "forgetting"], summary.methods.map((m) => [m.method, f(m.accuracy), f(m.auc), f(m.logLoss), f(m.forgetting)])));
  lines.push("", "## Per window (accuracy / AUC)", "");
  lines.push(
    ...markdownTable(
      ["window", "dates", "texts", "test cases", ...result.methods.map((m) => m.name)],
      result.windows.map((w, i) => [w.index + 1, w.from === "-" ? "-" : `${w.from} – ${w.to}`, w.records, w.testCases, ...result.methods.map((m) => `${g(result.metrics[m.name]![i]!.accuracy)} / ${g(result.metrics[m.name]![i]!.auc)}`)]),
    ),
  );
  lines.push("", "## Charts", "");
  for (const metric of Object.keys(METRIC_TITLES) as ClassificationMetricName[]) lines.push(`![${METRIC_TITLES[metric]}](charts/${metric}.svg)`);
  lines.push("", "## Regions", "");
  lines.push(`A text's region is its record's \`region\`; texts without one are assigned by a seeded hash of the text to region-0 … region-${config.regions - 1}.`, "");
  lines.push(...markdownTable(["region", "texts"], result.regions.map((r) => [r.name, r.records])));
  lines.push("", "## Time (seconds)", "");
  lines.push(...markdownTable(["step", "seconds"], Object.entries(result.seconds).map(([step, s]) => [step, s.toFixed(1)])));
  return `${lines.join("\n")}\n`;
}
