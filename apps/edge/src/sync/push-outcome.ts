import { TRPCClientError } from "@trpc/client";

/**
 * How the outbox treats the answer to one push:
 * - delivered: acknowledged (also a repeated idempotency key: the first answer);
 * - stale: the delta's base or round moved on; its data is retrained into a new delta;
 * - refused: the coordinator will never take it (bad shape, already submitted);
 * - retry: transport failure, server error or auth trouble; try again later.
 */
export const PushOutcome = { delivered: "delivered", stale: "stale", refused: "refused", retry: "retry" } as const;
export type PushOutcomeName = (typeof PushOutcome)[keyof typeof PushOutcome];

const STALE_CODES = new Set(["BASE_VERSION_MISMATCH", "ROUND_NOT_OPEN"]);
const REFUSED_CODES = new Set(["ALREADY_SUBMITTED", "SPEC_HASH_MISMATCH", "LENGTH_MISMATCH", "NON_FINITE", "BAD_MAGIC", "CHECKSUM_MISMATCH", "TRUNCATED", "UNSUPPORTED_FORMAT_VERSION", "UNKNOWN_DTYPE", "BAD_REQUEST"]);

/** The Tributary error code of a tRPC client error, or null. */
export function tributaryCodeOf(error: unknown): string | null {
  if (!(error instanceof TRPCClientError)) return null;
  const code = (error.data as { tributaryCode?: unknown } | undefined)?.tributaryCode;
  return typeof code === "string" ? code : null;
}

/** Classifies a failed push (see {@link PushOutcome}); codes starting with STALE are stale too. */
export function classifyPushError(error: unknown): { outcome: PushOutcomeName; code: string | null } {
  const code = tributaryCodeOf(error);
  if (code && (STALE_CODES.has(code) || code.startsWith("STALE"))) return { outcome: PushOutcome.stale, code };
  if (code && REFUSED_CODES.has(code)) return { outcome: PushOutcome.refused, code };
  return { outcome: PushOutcome.retry, code };
}
