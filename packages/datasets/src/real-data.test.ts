/**
 * Tests against the real data sets. They fetch into the cache when it is missing
 * (about 10 s: two Debian packages) and reuse it afterwards. The cache folder is
 * TRIBUTARY_CACHE_DIR when set, else ~/.cache/tributary.
 */
import { cp, mkdir, mkdtemp, readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DatasetErrorCode } from "./dataset-error.js";
import { fetchFineFoods, fetchMovieLens } from "./fetch-datasets.js";
import { loadFineFoods, type FineFoods } from "./fine-foods.js";
import { leaveLastOut } from "./leave-last-out.js";
import { loadMovieLens, type MovieLens } from "./movielens.js";
import { partitionUsersByRegion, regionSizes } from "./partition-users-by-region.js";
import { sampleNegatives } from "./sample-negatives.js";
import { splitStream } from "./split-stream.js";

const cacheDir = process.env["TRIBUTARY_CACHE_DIR"] || undefined;
const options = { ...(cacheDir ? { cacheDir } : {}), onProgress: (line: string) => console.log(line) };
let movielens: MovieLens;
let fineFoods: FineFoods;

beforeAll(async () => {
  movielens = await loadMovieLens(options);
  fineFoods = await loadFineFoods(options);
}, 300_000);

describe("MovieLens (ml-latest-small via r-cran-dslabs)", () => {
  it("has 100,004 ratings by 671 users of 9,066 movies, ratings in [0.5, 5]", () => {
    expect(movielens.interactions).toHaveLength(100_004);
    expect(movielens.userIds).toHaveLength(671);
    expect(movielens.items).toHaveLength(9_066);
    const ratings = new Set(movielens.interactions.map((i) => i.rating));
    expect([...ratings].sort((a, b) => a - b)).toEqual([0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5]);
    const catalog = new Set(movielens.items.map((i) => i.itemId));
    expect(movielens.interactions.every((i) => catalog.has(i.itemId))).toBe(true);
    const years = movielens.interactions.map((i) => new Date(i.timestamp * 1000).getUTCFullYear());
    expect([Math.min(...years), Math.max(...years)]).toEqual([1995, 2016]);
  });

  it("has items with title, year and genres as text", () => {
    const toyStory = movielens.items.find((i) => i.itemId === "1");
    expect(toyStory).toMatchObject({ title: "Toy Story", year: 1995, text: "Toy Story (1995) — Adventure, Animation, Children, Comedy, Fantasy" });
  });

  it("partitions users into 8 regions deterministically for a seed, each user in exactly one", () => {
    for (const seed of [0, 1]) {
      const a = partitionUsersByRegion(movielens.interactions, { regions: 8, seed });
      expect(partitionUsersByRegion(movielens.interactions, { regions: 8, seed })).toEqual(a);
      const all = a.usersByRegion.flat();
      expect(all).toHaveLength(671);
      expect(new Set(all).size).toBe(671);
      const sizes = regionSizes(a, movielens.interactions);
      expect(sizes.reduce((n, s) => n + s.interactions, 0)).toBe(100_004);
      console.log(`seed ${seed}: ${sizes.map((s) => `${s.name} ${s.users} users/${s.interactions} ratings`).join(", ")}`);
    }
    const nonIid = partitionUsersByRegion(movielens.interactions, { regions: 8, seed: 0, dirichletAlpha: 0.5, items: movielens.items });
    expect(new Set(nonIid.usersByRegion.flat()).size).toBe(671);
    expect(nonIid.usersByRegion.flat()).toHaveLength(671);
  });

  it("replays as a time-ordered stream and builds the 99-negative test protocol", () => {
    const split = splitStream(movielens.interactions, { windows: 10, warmupFraction: 0.5 });
    expect(split.warmup.length + split.windows.reduce((n, w) => n + w.interactions.length, 0)).toBe(100_004);
    for (let w = 1; w < split.windows.length; w++) expect(split.windows[w]!.startTime).toBeGreaterThanOrEqual(split.windows[w - 1]!.endTime);
    const { train, test } = leaveLastOut(movielens.interactions);
    expect(test).toHaveLength(671);
    const samples = sampleNegatives({ positives: test, catalog: movielens.items.map((i) => i.itemId), history: train, seed: 0 });
    expect(samples.every((s) => s.negatives.length === 99)).toBe(true);
  });

  it("is not fetched again once cached", async () => {
    const started = performance.now();
    expect((await fetchMovieLens(options)).fetched).toBe(false);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe("Amazon fine-food reviews (small_fine_foods via r-cran-modeldata)", () => {
  it("has 4,000 train and 1,000 test reviews with two labels", async () => {
    expect(fineFoods.train).toHaveLength(4_000);
    expect(fineFoods.test).toHaveLength(1_000);
    expect(fineFoods.labels).toEqual(["great", "other"]);
    for (const part of [fineFoods.train, fineFoods.test]) {
      expect(new Set(part.map((t) => t.label))).toEqual(new Set(["great", "other"]));
      expect(part.every((t) => t.text.length > 0)).toBe(true);
    }
    expect((await fetchFineFoods(options)).fetched).toBe(false);
  });
});

describe("cache safety", () => {
  let scratch = "";
  beforeAll(async () => {
    scratch = await mkdtemp(path.join(os.tmpdir(), "tributary-cache-"));
  });
  afterAll(async () => {
    await rm(scratch, { recursive: true, force: true });
  });

  it("treats a folder without its manifest (an interrupted fetch) as missing", async () => {
    const source = path.dirname((await fetchMovieLens(options)).dir);
    await cp(path.join(source, "movielens"), path.join(scratch, "movielens"), { recursive: true });
    expect((await loadMovieLens({ cacheDir: scratch, fetch: false })).interactions).toHaveLength(100_004);
    await rm(path.join(scratch, "movielens", "source.json"));
    await expect(loadMovieLens({ cacheDir: scratch, fetch: false })).rejects.toMatchObject({ code: DatasetErrorCode.NotFound });
  });

  it.runIf(process.getuid?.() === 0)("refreshes empty package lists itself (apt-get update) when running as root", async () => {
    const lists = path.join(scratch, "apt-lists");
    await mkdir(path.join(lists, "partial"), { recursive: true });
    const lines: string[] = [];
    const result = await fetchFineFoods({ cacheDir: path.join(scratch, "fresh"), aptOptions: [`Dir::State::Lists=${lists}`], onProgress: (l) => lines.push(l) });
    expect(lines.some((l) => l.includes("apt-get update"))).toBe(true);
    expect(result.manifest.rows).toEqual({ train: 4000, test: 1000 });
    expect((await readdir(path.join(scratch, "fresh"))).sort()).toEqual(["fine-foods"]);
  });

  it("tells the user to pass a GroupLens folder where apt-get is missing", async () => {
    const saved = process.env["PATH"];
    process.env["PATH"] = "/nonexistent";
    try {
      await expect(fetchMovieLens({ cacheDir: path.join(scratch, "empty") })).rejects.toMatchObject({
        code: DatasetErrorCode.FetchFailed,
        message: expect.stringMatching(/apt-get not found.*ml-latest-small.*--movielens-dir/),
      });
    } finally {
      process.env["PATH"] = saved;
    }
  });
});
