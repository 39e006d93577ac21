import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readGroupLensFolder, writeGroupLensFolder } from "./grouplens-folder.js";
import { movieItem } from "./item.js";
import { loadMovieLens } from "./movielens.js";
import { DatasetErrorCode } from "./dataset-error.js";

let dir = "";
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "tributary-grouplens-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("GroupLens folder", () => {
  it("reads the ml-latest-small layout: year from the title, pipe genres, quoted titles", async () => {
    await writeFile(path.join(dir, "ratings.csv"), "userId,movieId,rating,timestamp\n1,31,2.5,1260759144\n1,1029,3.0,1260759179\n2,31,4.0,835355493\n");
    await writeFile(
      path.join(dir, "movies.csv"),
      'movieId,title,genres\n31,Dangerous Minds (1995),Drama\n1029,"City of Lost Children, The (Cité des enfants perdus, La) (1995)",Adventure|Drama|Fantasy\n5,Untitled,(no genres listed)\n',
    );
    const movielens = await loadMovieLens({ movielensDir: dir });
    expect(movielens.interactions).toEqual([
      { userId: "1", itemId: "31", rating: 2.5, timestamp: 1260759144 },
      { userId: "1", itemId: "1029", rating: 3, timestamp: 1260759179 },
      { userId: "2", itemId: "31", rating: 4, timestamp: 835355493 },
    ]);
    expect(movielens.items).toEqual([
      movieItem("31", "Dangerous Minds", 1995, ["Drama"]),
      movieItem("1029", "City of Lost Children, The (Cité des enfants perdus, La)", 1995, ["Adventure", "Drama", "Fantasy"]),
      movieItem("5", "Untitled", null, []),
    ]);
    expect(movielens.items[1]!.text).toBe("City of Lost Children, The (Cité des enfants perdus, La) (1995) — Adventure, Drama, Fantasy");
    expect(movielens.userIds).toEqual(["1", "2"]);
    expect(movielens.source).toContain("GroupLens folder");
  });

  it("round-trips what it writes", async () => {
    const tables = {
      interactions: [{ userId: "10", itemId: "7", rating: 0.5, timestamp: 1 }],
      items: [movieItem("7", 'A "quoted", title', 2001, ["Comedy", "Drama"]), movieItem("8", "No year", null, [])],
    };
    await writeGroupLensFolder(dir, tables);
    expect(await readGroupLensFolder(dir)).toEqual(tables);
  });

  it("names the file and line of a bad row", async () => {
    await writeFile(path.join(dir, "ratings.csv"), "userId,movieId,rating,timestamp\n1,31,abc,5\n");
    await writeFile(path.join(dir, "movies.csv"), "movieId,title,genres\n");
    await expect(readGroupLensFolder(dir)).rejects.toMatchObject({ code: DatasetErrorCode.BadData, message: expect.stringContaining("ratings.csv: line 2") });
    await writeFile(path.join(dir, "ratings.csv"), "user,movie\n");
    await expect(readGroupLensFolder(dir)).rejects.toMatchObject({ message: expect.stringContaining("header has no column userId") });
  });

  it("does not fetch when told not to and the cache is empty", async () => {
    await expect(loadMovieLens({ cacheDir: dir, fetch: false })).rejects.toMatchObject({ code: DatasetErrorCode.NotFound });
  });
});
