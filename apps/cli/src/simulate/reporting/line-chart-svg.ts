/** One line of a chart. */
export interface ChartSeries {
  readonly name: string;
  readonly values: readonly number[];
}

/** Options of {@link lineChartSvg}. */
export interface LineChartOptions {
  readonly title: string;
  readonly xLabels: readonly string[];
  readonly yLabel: string;
  readonly series: readonly ChartSeries[];
  readonly width?: number;
  readonly height?: number;
}

/** Distinguishable colours (Okabe & Ito, 2008, colour-blind safe), then greys. */
const COLOURS = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"];

const escape = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/**
 * A self-contained SVG line chart (no library): one polyline with markers per
 * series over the x labels, y from 0 to a rounded maximum, and a legend.
 * Non-finite values leave a gap.
 */
export function lineChartSvg(options: LineChartOptions): string {
  const width = options.width ?? 720;
  const height = options.height ?? 360;
  const margin = { left: 64, right: 210, top: 36, bottom: 48 };
  const plotW = width - margin.left - margin.right;
  const plotH = height - margin.top - margin.bottom;
  const all = options.series.flatMap((s) => s.values.filter(Number.isFinite));
  const top = niceCeiling(Math.max(1e-9, ...all));
  const n = options.xLabels.length;
  const x = (i: number) => margin.left + (n <= 1 ? plotW / 2 : (i * plotW) / (n - 1));
  const y = (v: number) => margin.top + plotH - (v / top) * plotH;
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`);
  parts.push(`<rect width="${width}" height="${height}" fill="#ffffff"/>`);
  parts.push(`<text x="${width / 2 - margin.right / 2}" y="20" text-anchor="middle" font-size="14" font-weight="bold">${escape(options.title)}</text>`);
  for (let t = 0; t <= 5; t++) {
    const v = (top * t) / 5;
    parts.push(`<line x1="${margin.left}" x2="${margin.left + plotW}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" stroke="#e0e0e0"/>`);
    parts.push(`<text x="${margin.left - 6}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end">${formatTick(v)}</text>`);
  }
  options.xLabels.forEach((label, i) => parts.push(`<text x="${x(i).toFixed(1)}" y="${margin.top + plotH + 18}" text-anchor="middle">${escape(label)}</text>`));
  parts.push(`<line x1="${margin.left}" x2="${margin.left}" y1="${margin.top}" y2="${margin.top + plotH}" stroke="#333"/>`);
  parts.push(`<line x1="${margin.left}" x2="${margin.left + plotW}" y1="${margin.top + plotH}" y2="${margin.top + plotH}" stroke="#333"/>`);
  parts.push(`<text x="${margin.left + plotW / 2}" y="${height - 8}" text-anchor="middle">window</text>`);
  parts.push(`<text transform="translate(16 ${margin.top + plotH / 2}) rotate(-90)" text-anchor="middle">${escape(options.yLabel)}</text>`);
  options.series.forEach((series, k) => {
    const colour = COLOURS[k % COLOURS.length]!;
    const segments: string[][] = [[]];
    series.values.forEach((v, i) => {
      if (Number.isFinite(v)) segments[segments.length - 1]!.push(`${x(i).toFixed(1)},${y(v).toFixed(1)}`);
      else segments.push([]);
    });
    for (const points of segments) if (points.length > 1) parts.push(`<polyline fill="none" stroke="${colour}" stroke-width="2" points="${points.join(" ")}"/>`);
    series.values.forEach((v, i) => {
      if (Number.isFinite(v)) parts.push(`<circle cx="${x(i).toFixed(1)}" cy="${y(v).toFixed(1)}" r="3" fill="${colour}"/>`);
    });
    const ly = margin.top + 8 + k * 20;
    parts.push(`<line x1="${width - margin.right + 16}" x2="${width - margin.right + 40}" y1="${ly}" y2="${ly}" stroke="${colour}" stroke-width="3"/>`);
    parts.push(`<text x="${width - margin.right + 46}" y="${ly + 4}">${escape(series.name)}</text>`);
  });
  parts.push("</svg>");
  return `${parts.join("\n")}\n`;
}

function niceCeiling(v: number): number {
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

function formatTick(v: number): string {
  return v === 0 ? "0" : v < 0.01 ? v.toExponential(1) : v.toFixed(v < 0.1 ? 3 : 2);
}
