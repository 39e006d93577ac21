/**
 * Mulberry32 (Tommy Ettinger, 2017): a 32-bit-state pseudo-random generator, small,
 * fast and good enough for sampling and shuffling (not for cryptography).
 */

/** A function returning uniform numbers in [0, 1), deterministic for its seed. */
export type Rng = () => number;

/**
 * A Mulberry32 generator. Equal seeds give equal sequences on every platform.
 * @param seed any number; only its low 32 bits matter (non-integers are truncated)
 */
export function mulberry32(seed: number): Rng {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A uniform integer in [0, n) from `rng`. */
export function randomInt(rng: Rng, n: number): number {
  return Math.floor(rng() * n);
}
