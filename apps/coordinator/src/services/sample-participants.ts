import type { EdgeRow } from "@tributary/db";

/** Edges seen within this many milliseconds count as alive. */
export const ALIVE_WINDOW_MS = 120_000;

/**
 * Samples ⌈fraction × alive⌉ (at least `minParticipants`, at most all alive)
 * edges for a sync round, deterministically for a seed (the base version), so a
 * restarted coordinator would draw the same set.
 * @returns edge ids, or null when no edge is alive (every edge may then take part)
 */
export function sampleParticipants(edges: readonly EdgeRow[], settings: { fraction: number; minParticipants: number }, seed: number, now = Date.now()): string[] | null {
  const alive = edges
    .filter((e) => e.revokedAt === null && e.lastSeenAt !== null && now - e.lastSeenAt.getTime() <= ALIVE_WINDOW_MS)
    .map((e) => e.id)
    .sort();
  if (alive.length === 0) return null;
  const count = Math.min(alive.length, Math.max(settings.minParticipants, Math.ceil(settings.fraction * alive.length)));
  let state = seed >>> 0 || 1;
  const next = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
  for (let i = alive.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [alive[i], alive[j]] = [alive[j]!, alive[i]!];
  }
  return alive.slice(0, count);
}
