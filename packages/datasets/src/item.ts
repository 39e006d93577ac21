/** An item of the catalog with the text an encoder reads. */
export interface Item {
  readonly itemId: string;
  /** Title, year and genres as one line, e.g. "Toy Story (1995) — Adventure, Animation, Children". */
  readonly text: string;
  readonly title: string;
  /** The release year, or null when the source has none. */
  readonly year: number | null;
  /** Genres in source order; empty for MovieLens' "(no genres listed)". */
  readonly genres: readonly string[];
}

/** The text of a movie: `title (year) — genre, genre`, leaving out what is missing. */
export function movieText(title: string, year: number | null, genres: readonly string[]): string {
  const head = year === null ? title : `${title} (${year})`;
  return genres.length === 0 ? head : `${head} — ${genres.join(", ")}`;
}

/** Splits MovieLens' pipe-separated genres; "(no genres listed)" and "" give []. */
export function parseGenres(field: string): string[] {
  if (field === "" || field === "(no genres listed)") return [];
  return field.split("|");
}

/** Builds an {@link Item} from a movie's parts. */
export function movieItem(itemId: string, title: string, year: number | null, genres: readonly string[]): Item {
  return { itemId, text: movieText(title, year, genres), title, year, genres };
}
