/**
 * A small seeded PRNG (mulberry32) so that initialisation, shuffling, the
 * validation split and dropout masks are identical for a given seed on every
 * machine and backend — TF.js's own random ops differ between backends.
 */
export interface SeededRandom {
  /** A uniform float in [0, 1). */
  next(): number;
  /** A new generator whose stream is independent of this one's future draws. */
  fork(): SeededRandom;
}

/** Creates a {@link SeededRandom}; any 32-bit integer seed (others are truncated). */
export function createSeededRandom(seed: number): SeededRandom {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, fork: () => createSeededRandom(Math.floor(next() * 4294967296)) };
}

/** A random permutation of 0..n-1 (Fisher–Yates). */
export function shuffledIndices(n: number, random: SeededRandom): Int32Array {
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random.next() * (i + 1));
    const t = order[i]!;
    order[i] = order[j]!;
    order[j] = t;
  }
  return order;
}
