import { TRPCClientError } from "@trpc/client";

/**
 * How the outbox treats the answer to one push:
 * - delivered: acknowledged (also a repeated idempotency key: the first answer);
 * - stale: the delta's base or round moved on (or this edge was not sampled into
 *   the round); its data is retrained into a new delta;
 * - refused: the coordinator will never take it (bad shape, already submitted);
 * - retry: transport failure, server error, auth trouble, or training paused; try again later.
 */
export const PushOutcome = { delivered: "delivered", stale: "stale", refused: "refused", retry: "retry" } as const;
export type PushOutcomeName = (typeof PushOutcome)[keyof typeof PushOutcome];

// ROUND_NOT_OPEN is final: a retried push whose round closed after storing it gets its first answer instead.
const STALE_CODES = new Set(["BASE_VERSION_MISMATCH", "ROUND_NOT_OPEN", "STALE_UPDATE", "NOT_A_PARTICIPANT"]);
const REFUSED_CODES = new Set(["ALREADY_SUBMITTED", "NORM_BOUND_EXCEEDED", "FORBIDDEN", "SPEC_HASH_MISMATCH", "LENGTH_MISMATCH", "NON_FINITE", "BAD_MAGIC", "CHECKSUM_MISMATCH", "TRUNCATED", "UNSUPPORTED_FORMAT_VERSION", "UNKNOWN_DTYPE", "BAD_REQUEST"]);

/** The Tributary error code of a tRPC client error, or null. */
export function tributaryCodeOf(error: unknown): string | null {
  if (!(error instanceof TRPCClientError)) return null;
  const code = (error.data as { tributaryCode?: unknown } | undefined)?.tributaryCode;
  return typeof code === "string" ? code : null;
}

/** Classifies a failed push (see {@link PushOutcome}); PAUSED and unknown codes are retried. */
export function classifyPushError(error: unknown): { outcome: PushOutcomeName; code: string | null } {
  const code = tributaryCodeOf(error);
  if (code && STALE_CODES.has(code)) return { outcome: PushOutcome.stale, code };
  if (code && REFUSED_CODES.has(code)) return { outcome: PushOutcome.refused, code };
  return { outcome: PushOutcome.retry, code };
}
