export { DatasetError, DatasetErrorCode, isDatasetError } from "./dataset-error.js";
export { unserializeR, type UnserializeOptions, type UnserializedR } from "./r-unserialize.js";
export type { RSerializationHeader } from "./r-serialization-header.js";
export type * from "./r-value.js";
export { LazyLoadDatabase, parseLazyLoadIndex, type LazyLoadEntry, type LazyLoadIndex } from "./lazy-load-database.js";
export { toDataFrame, requireColumn, type DataFrame, type DataFrameColumn } from "./r-data-frame.js";
export { decodeLzma2 } from "./lzma2-decoder.js";
