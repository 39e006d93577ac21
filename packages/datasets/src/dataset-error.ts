/**
 * Stable error codes of @tributary/datasets. Never rename a value: callers
 * (the CLI's exit codes, tests) match on them.
 */
export const DatasetErrorCode = {
  /** Fewer bytes than a length field or a fixed-size read needs. */
  Truncated: "TRUNCATED",
  /** Bytes that break the format's rules (bad header, bad length, bad reference). */
  Malformed: "MALFORMED",
  /** Valid input that uses a feature this reader does not implement. */
  Unsupported: "UNSUPPORTED",
  /** A named object is not in the lazy-load database, or a column is missing. */
  NotFound: "NOT_FOUND",
  /** The data could not be fetched (no apt-get/dpkg-deb, download failed). */
  FetchFailed: "FETCH_FAILED",
  /** A data file (CSV, JSONL, data frame) has rows or columns of the wrong shape. */
  BadData: "BAD_DATA",
} as const;

/** One of the values of {@link DatasetErrorCode}. */
export type DatasetErrorCode = (typeof DatasetErrorCode)[keyof typeof DatasetErrorCode];

/**
 * A failure to read or fetch a data set, with a stable {@link DatasetErrorCode}.
 * Errors from binary readers carry the byte `offset` where the problem was found
 * (relative to the start of the decompressed stream), or null when there is none.
 */
export class DatasetError extends Error {
  override readonly name = "DatasetError";
  readonly code: DatasetErrorCode;
  readonly offset: number | null;

  constructor(code: DatasetErrorCode, message: string, options?: { cause?: unknown; offset?: number }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.offset = options?.offset ?? null;
  }
}

/** True when `error` is a {@link DatasetError}, optionally with the given code. */
export function isDatasetError(error: unknown, code?: DatasetErrorCode): error is DatasetError {
  return error instanceof DatasetError && (code === undefined || error.code === code);
}
