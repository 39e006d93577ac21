/**
 * One edge's contribution to a round, handed to a strategy as it arrives.
 * `delta` is θ_local − θ_base over the flat parameter vector.
 */
export interface ClientUpdate {
  readonly edgeId: string;
  readonly delta: Float32Array;
  /** Number of training examples behind the delta; the usual aggregation weight. */
  readonly numExamples: number;
  /** The model version the delta was computed against. */
  readonly baseVersion: number;
  /** How many versions behind the current base the update is (0 = fresh). */
  readonly staleness: number;
}

/** What a strategy is told when a round begins. */
export interface RoundContext {
  /** The round's base parameters θ_base (the strategy must not modify them). */
  readonly base: Float32Array;
  readonly baseVersion: number;
  readonly roundId: number;
}

/**
 * A server-side aggregation strategy that takes updates one at a time
 * (NVFlare's accept/aggregate shape), so weighted-mean strategies hold O(model)
 * memory whatever the number of edges.
 */
export interface Strategy {
  /** Stable name, recorded with every round (e.g. "fedavg"). */
  readonly name: string;
  /** Starts a round on `context.base`; forgets anything accepted before. */
  begin(context: RoundContext): void;
  /**
   * Takes one update.
   * @throws TributaryError LENGTH_MISMATCH when the delta's length differs from the base's
   * @throws Error when called before {@link Strategy.begin}
   */
  accept(update: ClientUpdate): void;
  /** Number of updates accepted since {@link Strategy.begin}. */
  readonly accepted: number;
  /**
   * The new parameters θ_new, or null when nothing usable arrived (the model stays as it was).
   * Does not end the round: more updates may be accepted and aggregate called again.
   */
  aggregate(): Float32Array | null;
}
