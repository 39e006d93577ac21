import { readFile } from "node:fs/promises";
import path from "node:path";
import { writeFileAtomic } from "./atomic-write.js";

/**
 * `source.json`, written last into a cached data set's folder: its presence
 * means every other file of the folder is complete.
 */
export interface SourceManifest {
  /** Where the data came from, e.g. "Debian package r-cran-dslabs 0.7.4-1, object movielens". */
  readonly source: string;
  /** ISO 8601 time of the fetch. */
  readonly fetchedAt: string;
  /** Seconds the fetch took (download, extraction, decoding, writing). */
  readonly fetchSeconds: number;
  /** Row counts by table, e.g. { ratings: 100004, movies: 9066 }. */
  readonly rows: Readonly<Record<string, number>>;
}

const FILE = "source.json";

/** Reads a folder's manifest, or null when it is missing or unreadable (an incomplete cache). */
export async function readSourceManifest(dir: string): Promise<SourceManifest | null> {
  try {
    const parsed = JSON.parse(await readFile(path.join(dir, FILE), "utf8")) as Partial<SourceManifest>;
    if (typeof parsed.source !== "string" || typeof parsed.fetchedAt !== "string" || typeof parsed.rows !== "object" || parsed.rows === null) return null;
    return { source: parsed.source, fetchedAt: parsed.fetchedAt, fetchSeconds: Number(parsed.fetchSeconds ?? 0), rows: parsed.rows };
  } catch {
    return null;
  }
}

/** Writes a folder's manifest atomically; call it after every other file is in place. */
export async function writeSourceManifest(dir: string, manifest: SourceManifest): Promise<void> {
  await writeFileAtomic(path.join(dir, FILE), `${JSON.stringify(manifest, null, 2)}\n`);
}
