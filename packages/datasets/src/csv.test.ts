import { describe, expect, it } from "vitest";
import { forEachCsvRow, formatCsvRow, parseCsv } from "./csv.js";
import { DatasetErrorCode } from "./dataset-error.js";

describe("csv", () => {
  it("parses quoted fields with commas, doubled quotes, line breaks and CRLF", () => {
    const text = 'movieId,title,genres\r\n1,"City of Lost Children, The (1995)",Drama\r\n2,"Say ""Hi""\nthere",\r\n3,plain,x|y\n';
    expect(parseCsv(text)).toEqual([
      ["movieId", "title", "genres"],
      ["1", "City of Lost Children, The (1995)", "Drama"],
      ["2", 'Say "Hi"\nthere', ""],
      ["3", "plain", "x|y"],
    ]);
  });

  it("takes the fast path for unquoted text with the same result", () => {
    const text = "a,b,c\r\n1,,3\n4,5,6";
    const rows: string[][] = [];
    forEachCsvRow(text, (fields, line) => rows.push([String(line), ...fields]));
    expect(rows).toEqual([["1", "a", "b", "c"], ["2", "1", "", "3"], ["3", "4", "5", "6"]]);
    expect(parseCsv(text)).toEqual(rows.map((r) => r.slice(1)));
  });

  it("round-trips what formatCsvRow writes", () => {
    const rows = [["x", 'he said "no", twice', "line\nbreak", "1.5"], ["", "plain", "a|b", "-3"]];
    expect(parseCsv(rows.map((r) => formatCsvRow(r)).join(""))).toEqual(rows);
  });

  it("reports an unterminated quote with its line", () => {
    expect(() => parseCsv('a,b\n1,"open\n2,3\n', "movies.csv")).toThrow(expect.objectContaining({ code: DatasetErrorCode.BadData, message: "movies.csv: quoted field starting on line 2 is not closed" }));
  });
});
