/**
 * Minimal RFC 4180 CSV: comma-separated fields, double-quoted when they hold a
 * comma, quote or line break, quotes doubled inside. Enough for the GroupLens files.
 */
import { DatasetError, DatasetErrorCode } from "./dataset-error.js";

/**
 * Parses CSV text into rows of fields (a trailing newline adds no row; CRLF is accepted).
 * @throws DatasetError BAD_DATA for an unterminated quoted field, naming the line
 */
export function parseCsv(text: string, label = "CSV"): string[][] {
  if (!text.includes('"')) {
    const rows: string[][] = [];
    forEachUnquotedRow(text, (fields) => rows.push([...fields]));
    return rows;
  }
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  let line = 1;
  const n = text.length;
  while (i < n) {
    let field: string;
    if (text.charCodeAt(i) === 34) {
      const startLine = line;
      let value = "";
      i++;
      for (;;) {
        const q = text.indexOf('"', i);
        if (q < 0) throw new DatasetError(DatasetErrorCode.BadData, `${label}: quoted field starting on line ${startLine} is not closed`);
        value += text.slice(i, q);
        for (let k = i; k < q; k++) if (text.charCodeAt(k) === 10) line++;
        if (text.charCodeAt(q + 1) === 34) {
          value += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      field = value;
    } else {
      let end = i;
      while (end < n) {
        const c = text.charCodeAt(end);
        if (c === 44 || c === 10 || c === 13) break;
        end++;
      }
      field = text.slice(i, end);
      i = end;
    }
    row.push(field);
    const c = text.charCodeAt(i);
    if (c === 44) {
      i++;
      if (i === n) row.push("");
    } else if (c === 13 || c === 10 || i >= n) {
      if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
      if (i < n) i++;
      line++;
      rows.push(row);
      row = [];
    } else {
      throw new DatasetError(DatasetErrorCode.BadData, `${label}: unexpected character after a quoted field on line ${line}`);
    }
  }
  if (row.length > 0) rows.push(row);
  return rows;
}

/**
 * Calls `visit` with each row's fields (and its 1-based line number), without
 * building every row as a new array when the text has no quotes — the fields
 * array is then reused, so copy it to keep it. Same rules as {@link parseCsv}.
 * @throws DatasetError BAD_DATA as parseCsv does
 */
export function forEachCsvRow(text: string, visit: (fields: readonly string[], line: number) => void, label = "CSV"): void {
  if (text.includes('"')) parseCsv(text, label).forEach((row, i) => visit(row, i + 1));
  else forEachUnquotedRow(text, visit);
}

function forEachUnquotedRow(text: string, visit: (fields: readonly string[], line: number) => void): void {
  const fields: string[] = [];
  let pos = 0;
  let line = 1;
  while (pos < text.length) {
    let end = text.indexOf("\n", pos);
    if (end < 0) end = text.length;
    const lineEnd = text.charCodeAt(end - 1) === 13 ? end - 1 : end;
    fields.length = 0;
    let start = pos;
    for (;;) {
      const comma = text.indexOf(",", start);
      if (comma < 0 || comma >= lineEnd) break;
      fields.push(text.slice(start, comma));
      start = comma + 1;
    }
    fields.push(text.slice(start, lineEnd));
    visit(fields, line++);
    pos = end + 1;
  }
}

/** Formats one CSV row, quoting only the fields that need it, with a trailing "\n". */
export function formatCsvRow(fields: readonly (string | number)[]): string {
  return `${fields.map((f) => (typeof f === "number" ? String(f) : quote(f))).join(",")}\n`;
}

function quote(field: string): string {
  return /[",\r\n]/.test(field) ? `"${field.replaceAll('"', '""')}"` : field;
}
