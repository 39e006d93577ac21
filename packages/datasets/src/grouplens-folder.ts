/**
 * The GroupLens MovieLens folder layout (ml-latest-small README): `ratings.csv`
 * (userId,movieId,rating,timestamp) and `movies.csv` (movieId,title,genres, the
 * title ending in " (year)" and genres pipe-separated). Users with their own copy
 * pass such a folder; the Debian-sourced cache is written in the same layout.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { writeFileAtomic } from "./atomic-write.js";
import { forEachCsvRow, formatCsvRow, parseCsv } from "./csv.js";
import { DatasetError, DatasetErrorCode } from "./dataset-error.js";
import type { Interaction } from "./interaction.js";
import { movieItem, parseGenres, type Item } from "./item.js";

/** Interactions and items of a MovieLens folder. */
export interface MovieLensTables {
  readonly interactions: Interaction[];
  readonly items: Item[];
}

/**
 * Reads `ratings.csv` and `movies.csv` from `dir`. Items are every row of
 * movies.csv (rated or not), in file order; interactions are in file order.
 * @throws node's ENOENT error when a file is missing; DatasetError BAD_DATA for a
 *   missing column or a value that is not a number, naming file and line
 */
export async function readGroupLensFolder(dir: string): Promise<MovieLensTables> {
  const [ratingsText, moviesText] = await Promise.all([readFile(path.join(dir, "ratings.csv"), "utf8"), readFile(path.join(dir, "movies.csv"), "utf8")]);
  return { interactions: parseRatings(ratingsText, path.join(dir, "ratings.csv")), items: parseMovies(moviesText, path.join(dir, "movies.csv")) };
}

/** Writes `ratings.csv` and `movies.csv` into `dir`, each atomically. */
export async function writeGroupLensFolder(dir: string, tables: MovieLensTables): Promise<void> {
  const ratings = ["userId,movieId,rating,timestamp\n"];
  for (const r of tables.interactions) ratings.push(formatCsvRow([r.userId, r.itemId, r.rating, r.timestamp]));
  const movies = ["movieId,title,genres\n"];
  for (const m of tables.items) {
    const title = m.year === null ? m.title : `${m.title} (${m.year})`;
    movies.push(formatCsvRow([m.itemId, title, m.genres.length === 0 ? "(no genres listed)" : m.genres.join("|")]));
  }
  await writeFileAtomic(path.join(dir, "ratings.csv"), ratings.join(""));
  await writeFileAtomic(path.join(dir, "movies.csv"), movies.join(""));
}

function columns(header: readonly string[], file: string, names: readonly string[]): number[] {
  return names.map((name) => {
    const index = header.indexOf(name);
    if (index < 0) throw new DatasetError(DatasetErrorCode.BadData, `${file}: header has no column ${name} (has ${header.join(",")})`);
    return index;
  });
}

function parseRatings(text: string, file: string): Interaction[] {
  const out: Interaction[] = [];
  let u = 0;
  let m = 0;
  let r = 0;
  let t = 0;
  forEachCsvRow(
    text,
    (row, line) => {
      if (line === 1) {
        [u, m, r, t] = columns(row, file, ["userId", "movieId", "rating", "timestamp"]) as [number, number, number, number];
        return;
      }
      const rating = Number(row[r]);
      const timestamp = Number(row[t]);
      const userId = row[u] ?? "";
      const itemId = row[m] ?? "";
      if (!Number.isFinite(rating) || !Number.isFinite(timestamp) || userId === "" || itemId === "" || row[r] === "" || row[t] === "") {
        throw new DatasetError(DatasetErrorCode.BadData, `${file}: line ${line} is not userId,movieId,rating,timestamp: ${row.join(",")}`);
      }
      out.push({ userId, itemId, rating, timestamp });
    },
    file,
  );
  return out;
}

const YEAR_SUFFIX = /\s*\((\d{4})(?:[–-]\d{0,4})?\)\s*$/;

function parseMovies(text: string, file: string): Item[] {
  const rows = parseCsv(text, file);
  const [m, title, genres] = columns(rows[0] ?? [], file, ["movieId", "title", "genres"]) as [number, number, number];
  const out: Item[] = [];
  for (let i = 1; i < rows.length; i++) {
    const row = rows[i]!;
    const itemId = row[m] ?? "";
    if (itemId === "") throw new DatasetError(DatasetErrorCode.BadData, `${file}: line ${i + 1} has no movieId`);
    const fullTitle = (row[title] ?? "").trim();
    const match = YEAR_SUFFIX.exec(fullTitle);
    const year = match ? Number(match[1]) : null;
    const bare = match ? fullTitle.slice(0, match.index) : fullTitle;
    out.push(movieItem(itemId, bare, year, parseGenres(row[genres] ?? "")));
  }
  return out;
}
