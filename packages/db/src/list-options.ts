import { ErrorCode, TributaryError } from "@tributary/protocol";

/** Paging for the `list` lookups: `limit` omitted means every row. */
export interface ListOptions {
  /** Most rows to return, a positive integer. */
  limit?: number;
}

/**
 * The checked limit of `options`, or undefined for no limit.
 * @throws TributaryError BAD_REQUEST when `limit` is not a positive integer
 */
export function listLimit(options: ListOptions | undefined): number | undefined {
  const limit = options?.limit;
  if (limit === undefined) return undefined;
  if (!Number.isInteger(limit) || limit < 1) {
    throw new TributaryError(ErrorCode.BadRequest, `list limit must be a positive integer, got ${limit}`);
  }
  return limit;
}
