/**
 * One piece of user feedback on an item: a MovieLens rating, or a click/purchase
 * from a user's own log (rating 1 when the source has none).
 */
export interface Interaction {
  readonly userId: string;
  readonly itemId: string;
  /** The rating on the source's scale (MovieLens: 0.5–5 in half stars); 1 for implicit feedback. */
  readonly rating: number;
  /** Seconds since the Unix epoch; for sources without times, the record's 0-based position. */
  readonly timestamp: number;
  /** The region the source assigned, when it did (JSONL); partitioning decides otherwise. */
  readonly region?: string;
}

/**
 * Orders interactions by time, then user, then item, so sorting is deterministic
 * whatever the input order.
 */
export function compareInteractions(a: Interaction, b: Interaction): number {
  return a.timestamp - b.timestamp || compareStrings(a.userId, b.userId) || compareStrings(a.itemId, b.itemId);
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
