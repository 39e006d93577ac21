/**
 * Stable error codes shared by every workspace and exposed on the wire
 * (the coordinator's tRPC error formatter puts one in `data.tributaryCode`).
 * Never rename a value: clients match on them.
 */
export const ErrorCode = {
  /** The bytes do not start with the vector codec's magic. */
  BadMagic: "BAD_MAGIC",
  /** The codec's format version is not one this build reads. */
  UnsupportedFormatVersion: "UNSUPPORTED_FORMAT_VERSION",
  /** The dtype byte names no known element type. */
  UnknownDtype: "UNKNOWN_DTYPE",
  /** Fewer bytes than the header says, or trailing bytes. */
  Truncated: "TRUNCATED",
  /** The vector's length differs from the parameter spec's. */
  LengthMismatch: "LENGTH_MISMATCH",
  /** The payload's checksum does not match the header's. */
  ChecksumMismatch: "CHECKSUM_MISMATCH",
  /** The vector was built for another parameter spec. */
  SpecHashMismatch: "SPEC_HASH_MISMATCH",
  /** A NaN or ±Infinity in the values. */
  NonFinite: "NON_FINITE",
  /** The update was computed against another base version than the round's. */
  BaseVersionMismatch: "BASE_VERSION_MISMATCH",
  /** A missing, unknown or revoked token. */
  Unauthorized: "UNAUTHORIZED",
  /** No round is open to take the update. */
  RoundNotOpen: "ROUND_NOT_OPEN",
  /** The same edge already pushed to this round. */
  AlreadySubmitted: "ALREADY_SUBMITTED",
  /** A looked-up entity does not exist. */
  NotFound: "NOT_FOUND",
  /** Input that fails schema validation. */
  BadRequest: "BAD_REQUEST",
  /** The state changed under the request (e.g. a concurrent round close). */
  Conflict: "CONFLICT",
  /** Authenticated, but not allowed to act on that target (e.g. an edge acting as another edge). */
  Forbidden: "FORBIDDEN",
  /** The update's base version is further behind production than the round allows. */
  StaleUpdate: "STALE_UPDATE",
  /** The delta's L2 norm exceeds the configured bound. */
  NormBoundExceeded: "NORM_BOUND_EXCEEDED",
  /** Training is paused by an admin: no rounds open, no updates taken. */
  Paused: "PAUSED",
  /** The edge's token was revoked by an admin: it must not re-register on its own. */
  Revoked: "REVOKED",
  /** The edge is not among the round's sampled participants. */
  NotAParticipant: "NOT_A_PARTICIPANT",
} as const;

/** One of the values of {@link ErrorCode}. */
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/**
 * A domain error with a stable {@link ErrorCode}. Thrown by codecs and
 * services; apps convert it to their transport's error only at the edge.
 */
export class TributaryError extends Error {
  override readonly name = "TributaryError";
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/** True when `error` is a {@link TributaryError}, optionally with the given code. */
export function isTributaryError(error: unknown, code?: ErrorCode): error is TributaryError {
  return error instanceof TributaryError && (code === undefined || error.code === code);
}
