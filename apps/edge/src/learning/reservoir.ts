/**
 * Reservoir sampling, Algorithm R (J. S. Vitter, "Random Sampling with a
 * Reservoir", ACM TOMS 11(1), 1985): after n offers each item seen is in the
 * reservoir with probability capacity/n, with O(1) work per offer. The edge's
 * replay buffer: a uniform sample of all its history in bounded space.
 */
export class Reservoir {
  /**
   * @param capacity slots (a positive integer)
   * @param seen items offered so far (restored from the store)
   * @throws RangeError on a bad capacity or count
   */
  constructor(readonly capacity: number, private seenCount = 0) {
    if (!(Number.isInteger(capacity) && capacity > 0)) throw new RangeError(`capacity must be a positive integer, got ${capacity}`);
    if (!(Number.isInteger(seenCount) && seenCount >= 0)) throw new RangeError(`seen must be an integer ≥ 0, got ${seenCount}`);
  }

  /** Items offered so far. */
  get seen(): number {
    return this.seenCount;
  }

  /**
   * Offers the next item of the stream.
   * @param random uniform [0, 1)
   * @returns the slot the item goes into (replacing what was there), or null when it is not kept
   */
  offer(random: () => number): number | null {
    const n = this.seenCount++;
    if (n < this.capacity) return n;
    const j = Math.floor(random() * (n + 1));
    return j < this.capacity ? j : null;
  }
}
