/**
 * JSON Lines (one JSON object per line) loaders for a user's own data:
 *   interactions: {"userId": "u1", "itemId": "i9", "rating": 4, "timestamp": 1700000000, "region": "eu"}
 *   labeled texts: {"text": "…", "label": "great", "region": "eu", "timestamp": "2024-05-01T10:00:00Z"}
 * Ids and labels may be strings or numbers; `rating` (default 1), `region` and
 * `timestamp` are optional. Timestamps are seconds since the epoch, or ISO 8601 strings.
 * Blank lines are skipped.
 */
import { readFile } from "node:fs/promises";
import { writeFileAtomic } from "./atomic-write.js";
import { DatasetError, DatasetErrorCode } from "./dataset-error.js";
import type { Interaction } from "./interaction.js";
import type { LabeledText } from "./labeled-text.js";

type Fields = Record<string, unknown>;

function* records(text: string, label: string): Generator<[Fields, number, number]> {
  let index = 0;
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === "") continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (cause) {
      throw new DatasetError(DatasetErrorCode.BadData, `${label}: line ${i + 1} is not JSON (${(cause as Error).message})`, { cause });
    }
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      throw new DatasetError(DatasetErrorCode.BadData, `${label}: line ${i + 1} is not a JSON object`);
    }
    yield [value as Fields, i + 1, index++];
  }
}

function bad(label: string, line: number, why: string): DatasetError {
  return new DatasetError(DatasetErrorCode.BadData, `${label}: line ${line}: ${why}`);
}

function id(fields: Fields, name: string, label: string, line: number): string {
  const value = fields[name];
  if (typeof value === "string" && value !== "") return value;
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  if (typeof value === "boolean") return String(value);
  throw bad(label, line, `${name} must be a non-empty string or a number`);
}

function timestampOf(fields: Fields, label: string, line: number): number | undefined {
  const value = fields["timestamp"];
  if (value === undefined || value === null) return undefined;
  if (typeof value === "number" && Number.isFinite(value)) return value;
  if (typeof value === "string") {
    const ms = Date.parse(value);
    if (!Number.isNaN(ms)) return ms / 1000;
  }
  throw bad(label, line, "timestamp must be seconds since the epoch or an ISO 8601 string");
}

function regionOf(fields: Fields, label: string, line: number): string | undefined {
  const value = fields["region"];
  if (value === undefined || value === null) return undefined;
  if (typeof value === "string" || typeof value === "number") return String(value);
  throw bad(label, line, "region must be a string or a number");
}

/**
 * Parses interactions from JSONL text. A record without `timestamp` gets its
 * 0-based record number, so file order stands for time order.
 * @throws DatasetError BAD_DATA naming the line of the first bad record
 */
export function parseInteractionsJsonl(text: string, label = "interactions JSONL"): Interaction[] {
  const out: Interaction[] = [];
  for (const [fields, line, index] of records(text, label)) {
    const rating = fields["rating"] ?? 1;
    if (typeof rating !== "number" || !Number.isFinite(rating)) throw bad(label, line, "rating must be a number");
    const region = regionOf(fields, label, line);
    const interaction: Interaction = {
      userId: id(fields, "userId", label, line),
      itemId: id(fields, "itemId", label, line),
      rating,
      timestamp: timestampOf(fields, label, line) ?? index,
    };
    out.push(region === undefined ? interaction : { ...interaction, region });
  }
  return out;
}

/**
 * Parses labeled texts from JSONL text.
 * @throws DatasetError BAD_DATA naming the line of the first bad record
 */
export function parseLabeledTextsJsonl(text: string, label = "labeled texts JSONL"): LabeledText[] {
  const out: LabeledText[] = [];
  for (const [fields, line] of records(text, label)) {
    const body = fields["text"];
    if (typeof body !== "string") throw bad(label, line, "text must be a string");
    const region = regionOf(fields, label, line);
    const timestamp = timestampOf(fields, label, line);
    out.push({
      text: body,
      label: id(fields, "label", label, line),
      ...(region === undefined ? {} : { region }),
      ...(timestamp === undefined ? {} : { timestamp }),
    });
  }
  return out;
}

/**
 * Reads a JSONL file of interactions (see {@link parseInteractionsJsonl}).
 * @throws node's file errors; DatasetError BAD_DATA
 */
export async function loadInteractionsJsonl(file: string): Promise<Interaction[]> {
  return parseInteractionsJsonl(await readFile(file, "utf8"), file);
}

/**
 * Reads a JSONL file of labeled texts (see {@link parseLabeledTextsJsonl}).
 * @throws node's file errors; DatasetError BAD_DATA
 */
export async function loadLabeledTextsJsonl(file: string): Promise<LabeledText[]> {
  return parseLabeledTextsJsonl(await readFile(file, "utf8"), file);
}

/** Writes records as JSONL, atomically (temporary file, then rename). */
export async function writeJsonl(file: string, records: readonly object[]): Promise<void> {
  await writeFileAtomic(file, records.map((r) => `${JSON.stringify(r)}\n`).join(""));
}
