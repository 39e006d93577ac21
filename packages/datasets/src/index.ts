export { DatasetError, DatasetErrorCode, isDatasetError } from "./dataset-error.js";

export type { Interaction } from "./interaction.js";
export { compareInteractions } from "./interaction.js";
export { movieItem, movieText, parseGenres, type Item } from "./item.js";
export type { LabeledText } from "./labeled-text.js";
export { compareIds } from "./compare-ids.js";

export { loadMovieLens, type MovieLens, type MovieLensOptions } from "./movielens.js";
export { loadFineFoods, type FineFoods, type FineFoodsOptions } from "./fine-foods.js";
export { fetchFineFoods, fetchMovieLens, importMovieLensFolder, type FetchOptions, type FetchResult } from "./fetch-datasets.js";
export { describeCache, type CachedDataset } from "./cache-status.js";
export { cachePaths, defaultCacheDir, type CachePaths } from "./cache-dir.js";
export type { SourceManifest } from "./source-manifest.js";
export { readGroupLensFolder, writeGroupLensFolder, type MovieLensTables } from "./grouplens-folder.js";
export {
  loadInteractionsJsonl,
  loadLabeledTextsJsonl,
  parseInteractionsJsonl,
  parseLabeledTextsJsonl,
  writeJsonl,
} from "./jsonl.js";

export { partitionUsersByRegion, regionSizes, type RegionPartition, type RegionPartitionOptions, type RegionSize } from "./partition-users-by-region.js";
export { splitStream, streamCuts, type StreamCut, type StreamSplit, type StreamSplitOptions, type StreamWindow } from "./split-stream.js";
export { leaveLastOut, type LeaveLastOutSplit } from "./leave-last-out.js";
export { sampleNegatives, type NegativeSample, type NegativeSamplingOptions } from "./sample-negatives.js";
export { mulberry32, randomInt, type Rng } from "./mulberry32.js";
export { sampleGamma, sampleSymmetricDirichlet } from "./dirichlet.js";
export { stableHash32 } from "./stable-hash.js";

export { unserializeR, type UnserializeOptions, type UnserializedR } from "./r-unserialize.js";
export type { RSerializationHeader } from "./r-serialization-header.js";
export type * from "./r-value.js";
export { LazyLoadDatabase, parseLazyLoadIndex, type LazyLoadEntry, type LazyLoadIndex } from "./lazy-load-database.js";
export { decompressLazyLoadEntry, decompressRdsFile } from "./compressed-stream.js";
export { toDataFrame, requireColumn, type DataFrame, type DataFrameColumn } from "./r-data-frame.js";
export { decodeLzma2 } from "./lzma2-decoder.js";
export { fetchDebianPackage, type DebianPackageOptions, type ExtractedDebianPackage } from "./debian-package.js";
