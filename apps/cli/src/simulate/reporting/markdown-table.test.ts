import { describe, expect, it } from "vitest";
import { markdownTable } from "./markdown-table.js";

describe("markdownTable", () => {
  it("writes the header, the separator and one line per row, escaping pipes", () => {
    expect(markdownTable(["a", "b"], [[1, "x|y"]])).toEqual(["| a | b |", "|---|---|", "| 1 | x\\|y |"]);
  });
});
