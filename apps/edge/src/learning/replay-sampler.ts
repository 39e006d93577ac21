import type { ReplaySlot } from "../store/replay-table.js";

/**
 * How a replay sample is drawn from the reservoir:
 * - random: uniform without replacement;
 * - stratified: equal shares of positives (label ≥ 0.5) and negatives, so a
 *   click-sparse history still replays both classes;
 * - recency: weighted without replacement by 2^(−age/halfLife)
 *   (Efraimidis & Spirakis, "Weighted random sampling with a reservoir", IPL 2006: keys u^(1/w)).
 */
export const ReplayPolicy = { random: "random", stratified: "stratified", recency: "recency" } as const;
export type ReplayPolicyName = (typeof ReplayPolicy)[keyof typeof ReplayPolicy];

/** Options of {@link sampleReplay}. */
export interface ReplaySampleOptions {
  readonly policy: ReplayPolicyName;
  /** Uniform [0, 1). */
  readonly random: () => number;
  /** For "recency": now, epoch ms. */
  readonly now?: number;
  /** For "recency": half-life in ms (default one day). */
  readonly halfLifeMs?: number;
}

/** Draws up to `n` distinct slots by `policy` (all of them when n ≥ slots.length). */
export function sampleReplay(slots: readonly ReplaySlot[], n: number, options: ReplaySampleOptions): ReplaySlot[] {
  const count = Math.max(0, Math.min(n, slots.length));
  if (count === slots.length) return [...slots];
  const { random } = options;
  if (options.policy === ReplayPolicy.stratified) {
    const pos = slots.filter((s) => s.label >= 0.5);
    const neg = slots.filter((s) => s.label < 0.5);
    const half = Math.floor(count / 2);
    const fromPos = Math.min(pos.length, Math.max(half, count - neg.length));
    return [...uniform(pos, fromPos, random), ...uniform(neg, count - fromPos, random)];
  }
  if (options.policy === ReplayPolicy.recency) {
    const now = options.now ?? Date.now();
    const halfLife = options.halfLifeMs ?? 86_400_000;
    const keyed = slots.map((s) => {
      const weight = 2 ** (-Math.max(0, now - s.at) / halfLife);
      // log(u)/w orders like u^(1/w) and keeps tiny weights from underflowing to 0.
      return { s, key: Math.log(Math.max(random(), Number.MIN_VALUE)) / Math.max(weight, 1e-300) };
    });
    keyed.sort((a, b) => b.key - a.key);
    return keyed.slice(0, count).map((k) => k.s);
  }
  return uniform(slots, count, random);
}

function uniform<T>(items: readonly T[], n: number, random: () => number): T[] {
  const copy = [...items];
  const k = Math.min(n, copy.length);
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(random() * (copy.length - i));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy.slice(0, k);
}
