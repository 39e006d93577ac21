/** A Markdown table's lines: the header, the separator, one line per row (cells as given; a pipe in a cell is escaped). */
export function markdownTable(headers: readonly string[], rows: readonly (readonly (string | number)[])[]): string[] {
  const line = (cells: readonly (string | number)[]) => `| ${cells.map((c) => String(c).replaceAll("|", "\\|")).join(" | ")} |`;
  return [line(headers), `|${headers.map(() => "---|").join("")}`, ...rows.map(line)];
}
