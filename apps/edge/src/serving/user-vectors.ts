import type { UserTable } from "../store/interaction-table.js";
import { normalise } from "./catalog-index.js";

/** A user's state in memory: the unit user vector, liked item indices (this process's view), positives counted. */
export interface UserState {
  readonly vector: Float32Array;
  readonly liked: Set<number>;
  readonly positives: number;
}

/**
 * User vectors: the running mean of the embeddings of items a user liked,
 * then an exponential moving average (weight ≥ `minRate` on the newest), kept
 * unit length. Stored in the edge's store; never sent anywhere.
 */
export class UserVectors {
  private readonly cache = new Map<string, UserState>();

  constructor(private readonly table: UserTable, private readonly minRate = 0.1) {}

  /** A user's state, or null for a user without positive feedback. */
  get(userId: string): UserState | null {
    const hit = this.cache.get(userId);
    if (hit) return hit;
    const row = this.table.get(userId);
    if (!row) return null;
    const state = { vector: row.vector, liked: new Set<number>(), positives: row.positives };
    this.cache.set(userId, state);
    return state;
  }

  /** Moves a user's vector toward a liked item's (unit) vector and persists it. */
  like(userId: string, itemIndex: number, itemVector: Float32Array): void {
    const before = this.get(userId);
    const positives = (before?.positives ?? 0) + 1;
    const rate = Math.max(1 / positives, this.minRate);
    const vector = new Float32Array(itemVector.length);
    for (let k = 0; k < vector.length; k++) vector[k] = (1 - rate) * (before?.vector[k] ?? 0) + rate * itemVector[k]!;
    normalise(vector);
    const liked = before?.liked ?? new Set<number>();
    liked.add(itemIndex);
    this.cache.set(userId, { vector, liked, positives });
    this.table.put(userId, vector, positives);
  }
}
