/**
 * Exponential backoff with full jitter (M. Brooker, "Exponential Backoff And
 * Jitter", AWS Architecture Blog, 2015): the wait before retry `attempt`
 * (0-based) is uniform in [0, min(maxMs, baseMs·2^attempt)), so edges that
 * lost the coordinator at the same moment do not come back in lockstep.
 */
export interface BackoffPolicy {
  /** First ceiling, ms (> 0). */
  readonly baseMs: number;
  /** Largest ceiling, ms (≥ baseMs). */
  readonly maxMs: number;
}

/**
 * The delay in ms before retry `attempt`.
 * @param random a uniform [0, 1) source (Math.random by default; seeded in tests)
 */
export function backoffDelay(attempt: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.min(attempt, 30));
  return Math.floor(random() * ceiling);
}
