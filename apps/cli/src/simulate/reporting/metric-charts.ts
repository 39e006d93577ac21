import { writeFile } from "node:fs/promises";
import path from "node:path";
import { lineChartSvg } from "./line-chart-svg.js";

/** Per method and window, the metrics a chart is drawn from (a run's result). */
export interface MethodWindowMetrics<K extends string> {
  readonly windows: readonly { readonly index: number }[];
  readonly methods: readonly { readonly name: string }[];
  /** metrics[method][window] */
  readonly metrics: Readonly<Record<string, readonly Readonly<Record<K, number>>[]>>;
}

/**
 * Writes one SVG line chart per metric of `titles` into `<dir>/charts/<metric>.svg`:
 * the metric by window, one line per method. `dir/charts` must exist.
 * @returns the files written, in the order of `titles`
 */
export async function writeMetricCharts<K extends string>(dir: string, result: MethodWindowMetrics<K>, titles: Readonly<Record<K, string>>): Promise<string[]> {
  const xLabels = result.windows.map((w) => String(w.index + 1));
  const charts: string[] = [];
  for (const metric of Object.keys(titles) as K[]) {
    const file = path.join(dir, "charts", `${metric}.svg`);
    const series = result.methods.map((m) => ({ name: m.name, values: result.metrics[m.name]!.map((r) => r[metric]) }));
    await writeFile(file, lineChartSvg({ title: `${titles[metric]} by window`, xLabels, yLabel: titles[metric], series }));
    charts.push(file);
  }
  return charts;
}
