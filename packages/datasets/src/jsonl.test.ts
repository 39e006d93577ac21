import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DatasetErrorCode } from "./dataset-error.js";
import { loadInteractionsJsonl, loadLabeledTextsJsonl, parseInteractionsJsonl, parseLabeledTextsJsonl, writeJsonl } from "./jsonl.js";

describe("JSONL loaders", () => {
  it("reads interactions with optional rating, region and timestamp", () => {
    const text = [
      '{"userId": "u1", "itemId": 42, "rating": 4.5, "timestamp": 1700000000, "region": "eu"}',
      "",
      '{"userId": 7, "itemId": "book-9", "timestamp": "2024-05-01T00:00:00Z"}',
      '{"userId": "u2", "itemId": "x"}',
    ].join("\n");
    expect(parseInteractionsJsonl(text)).toEqual([
      { userId: "u1", itemId: "42", rating: 4.5, timestamp: 1700000000, region: "eu" },
      { userId: "7", itemId: "book-9", rating: 1, timestamp: 1714521600 },
      { userId: "u2", itemId: "x", rating: 1, timestamp: 2 },
    ]);
  });

  it("reads labeled texts", () => {
    const text = '{"text": "tasty", "label": "great", "region": 3}\n{"text": "meh", "label": 0, "timestamp": 5}\n';
    expect(parseLabeledTextsJsonl(text)).toEqual([
      { text: "tasty", label: "great", region: "3" },
      { text: "meh", label: "0", timestamp: 5 },
    ]);
  });

  it("names the line of a bad record", () => {
    const bad = (run: () => unknown, message: string) => expect(run).toThrow(expect.objectContaining({ code: DatasetErrorCode.BadData, message: expect.stringContaining(message) }));
    bad(() => parseInteractionsJsonl('{"userId":"a","itemId":"b"}\n{"userId":"a"}', "f.jsonl"), "f.jsonl: line 2: itemId must be");
    bad(() => parseInteractionsJsonl('{"userId":"a","itemId":"b","rating":"5"}'), "line 1: rating must be a number");
    bad(() => parseInteractionsJsonl('{"userId":"a","itemId":"b","timestamp":"yesterday"}'), "line 1: timestamp must be");
    bad(() => parseLabeledTextsJsonl("[1,2]"), "line 1 is not a JSON object");
    bad(() => parseLabeledTextsJsonl('{"text": "x", "label": "y"}\n{oops'), "line 2 is not JSON");
    bad(() => parseLabeledTextsJsonl('{"label": "y"}'), "text must be a string");
  });

  it("round-trips through writeJsonl and the file loaders", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "tributary-jsonl-"));
    try {
      const texts = [{ text: 'quote " and\nnewline', label: "other" }];
      await writeJsonl(path.join(dir, "t.jsonl"), texts);
      expect(await loadLabeledTextsJsonl(path.join(dir, "t.jsonl"))).toEqual(texts);
      const interactions = [{ userId: "1", itemId: "2", rating: 3, timestamp: 4 }];
      await writeJsonl(path.join(dir, "i.jsonl"), interactions);
      expect(await loadInteractionsJsonl(path.join(dir, "i.jsonl"))).toEqual(interactions);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
