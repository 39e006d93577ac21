import path from "node:path";
import { isDatasetError } from "@tributary/datasets";
import type { TextEncoder } from "@tributary/model";
import { ExitCode } from "../../exit-codes.js";
import { printTable } from "../../print-table.js";
import type { SimulateConfig } from "../simulate-config.js";
import { runTextSimulation, type TextSimulationResult } from "./run-text-simulation.js";
import { summarizeTexts } from "./summarize-texts.js";
import { writeTextReport } from "./text-report.js";

/** Options of {@link simulateTexts}. */
export interface SimulateTextsOptions {
  readonly quiet: boolean;
  /** Where tables and the closing JSON line go (default stdout). */
  readonly log?: (line: string) => void;
  /** An encoder instead of the cached default (tests). */
  readonly encoder?: TextEncoder;
  /** Run the federated method (default true). */
  readonly federated?: boolean;
}

/**
 * `tributary simulate --texts FILE`: the classification run of a JSONL file of
 * labeled texts (run-text-simulation.ts), printed as the ranking run is — a
 * table per window, a summary table, the report folder, and a last stdout line
 * that is one JSON object: { report, seconds, methods }.
 * @returns ExitCode.Ok; ExitCode.Failed when the file is unreadable or bad (the
 *   message on stderr names the line), with nothing written
 */
export async function simulateTexts(config: SimulateConfig & { readonly textsFile: string }, options: SimulateTextsOptions): Promise<number> {
  const log = options.log ?? ((line: string) => console.log(line));
  const started = performance.now();
  log(`tributary simulate: texts ${config.textsFile}, ${config.windows} windows, strategy ${config.strategy.name}, seed ${config.seed}; report → ${path.resolve(config.outDir)}`);
  let result: TextSimulationResult;
  try {
    result = await runTextSimulation({
      config,
      quiet: options.quiet,
      ...(options.federated === undefined ? {} : { federated: options.federated }),
      ...(options.encoder ? { encoder: options.encoder } : {}),
      onWindow: (window, metrics) => {
        const dates = window.from === "-" ? "" : `${window.from} – ${window.to}, `;
        log(`\nwindow ${window.index + 1}/${config.windows} (${dates}${window.records} texts, ${window.testCases} test cases):`);
        printTable(
          Object.entries(metrics).map(([method, m]) => ({ method, accuracy: m.accuracy, AUC: m.auc })),
          ["method", "accuracy", "AUC"],
          log,
        );
      },
    });
  } catch (error) {
    if (!isDatasetError(error)) throw error;
    process.stderr.write(`tributary simulate: ${error.message}\n`);
    return ExitCode.Failed;
  }
  const summary = summarizeTexts(result);
  const wallSeconds = (performance.now() - started) / 1000;
  const files = await writeTextReport(config.outDir, { config, result, summary, wallSeconds });
  log("\nsummary (mean over windows):");
  printTable(
    summary.methods.map((m) => ({ method: m.method, accuracy: m.accuracy, AUC: m.auc, "log loss": m.logLoss, forgetting: m.forgetting })),
    ["method", "accuracy", "AUC", "log loss", "forgetting"],
    log,
  );
  log(`\nreport: ${files.report} (${wallSeconds.toFixed(1)} s)`);
  log(JSON.stringify({ report: files.report, seconds: Math.round(wallSeconds * 10) / 10, methods: summary.methods }));
  return ExitCode.Ok;
}
