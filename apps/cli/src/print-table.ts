/** Prints rows as an aligned text table with the given columns (dates as ISO, objects as JSON). */
export function printTable(rows: readonly Record<string, unknown>[], columns: readonly string[], out: (line: string) => void = console.log): void {
  const cell = (v: unknown): string =>
    v === null || v === undefined ? "-" : v instanceof Date ? v.toISOString() : typeof v === "object" ? JSON.stringify(v) : typeof v === "number" && !Number.isInteger(v) ? v.toFixed(4) : String(v);
  const body = rows.map((r) => columns.map((c) => cell(r[c])));
  const widths = columns.map((c, i) => Math.max(c.length, ...body.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join("  ").trimEnd();
  out(line(columns));
  out(line(widths.map((w) => "-".repeat(w))));
  for (const r of body) out(line(r));
}
