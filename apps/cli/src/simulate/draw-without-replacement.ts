/**
 * `k` values drawn uniformly without replacement (all of them when there are
 * fewer), in draw order: a partial Fisher–Yates shuffle of a copy, so the input
 * is left as it is. Deterministic for `rng`'s state.
 */
export function drawWithoutReplacement<T>(values: readonly T[], k: number, rng: () => number): T[] {
  const pool = values.slice();
  const n = Math.min(k, pool.length);
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(rng() * (pool.length - i));
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  return pool.slice(0, n);
}
