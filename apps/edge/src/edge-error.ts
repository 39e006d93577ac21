/** Stable codes of the edge's serving API errors. */
export const EdgeErrorCode = {
  BadFeedback: "BAD_FEEDBACK",
  UnknownItem: "UNKNOWN_ITEM",
  BadRequest: "BAD_REQUEST",
  NoModel: "NO_MODEL",
} as const;
export type EdgeErrorCodeName = (typeof EdgeErrorCode)[keyof typeof EdgeErrorCode];

/** A refused serving request: a stable `code`, a message, and (for validation) the zod issues. */
export class EdgeError extends Error {
  constructor(
    readonly code: EdgeErrorCodeName,
    message: string,
    readonly issues: readonly { path: (string | number)[]; message: string }[] = [],
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "EdgeError";
  }
}
