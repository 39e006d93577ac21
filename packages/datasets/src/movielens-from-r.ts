/**
 * The `movielens` data frame of the R package dslabs (ml-latest-small ratings
 * joined with their movies: movieId, title, year, genres, userId, rating,
 * timestamp) as interactions and items.
 */
import { DatasetError, DatasetErrorCode } from "./dataset-error.js";
import { requireColumn, type DataFrame } from "./r-data-frame.js";
import type { Interaction } from "./interaction.js";
import { movieItem, parseGenres, type Item } from "./item.js";
import type { MovieLensTables } from "./grouplens-folder.js";

/**
 * Splits the joined frame into one interaction per row and one item per movie
 * (first row of each movieId; items in order of first appearance).
 * @throws DatasetError NOT_FOUND/BAD_DATA for a missing or mistyped column; BAD_DATA
 *   for a row with a missing id, rating or timestamp
 */
export function movieLensFromDataFrame(frame: DataFrame): MovieLensTables {
  const movieId = requireColumn(frame, "movieId", "integer").values;
  const title = requireColumn(frame, "title", "character", "factor").values;
  const year = requireColumn(frame, "year", "integer").values;
  const genres = requireColumn(frame, "genres", "factor", "character").values;
  const userId = requireColumn(frame, "userId", "integer").values;
  const rating = requireColumn(frame, "rating", "double").values;
  const timestamp = requireColumn(frame, "timestamp", "integer", "double");

  const interactions: Interaction[] = new Array(frame.rowCount);
  const items = new Map<number, Item>();
  for (let i = 0; i < frame.rowCount; i++) {
    const movie = movieId[i];
    const user = userId[i];
    const stars = rating[i]!;
    const time = timestamp.values[i];
    if (movie == null || user == null || Number.isNaN(stars) || time == null || Number.isNaN(time)) {
      throw new DatasetError(DatasetErrorCode.BadData, `movielens row ${i + 1} has a missing id, rating or timestamp`);
    }
    interactions[i] = { userId: String(user), itemId: String(movie), rating: stars, timestamp: time };
    if (!items.has(movie)) items.set(movie, movieItem(String(movie), title[i] ?? "", year[i] ?? null, parseGenres(genres[i] ?? "")));
  }
  return { interactions, items: [...items.values()] };
}
