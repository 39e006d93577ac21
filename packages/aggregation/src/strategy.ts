import type { VectorExpectation } from "@tributary/protocol";

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

/**
 * An update still in its wire encoding (the vector codec of @tributary/protocol):
 * everything of {@link ClientUpdate} but the delta, which is in the bytes.
 */
export interface EncodedUpdateMeta extends Omit<ClientUpdate, "delta"> {
  /**
   * What the bytes must hold beyond a valid vector (spec hash, base version, kind),
   * checked as decodeVector checks it. The length is always the round base's.
   */
  readonly expect?: VectorExpectation;
}

/**
 * What a strategy is told when a round begins. The base θ_base comes either as
 * the vector itself or as a loader with the model's length. Strategies call the
 * loader at most once a round (once it returned), and only when they form the
 * result (aggregate, aggregateInPlace, applyDelta; never when nothing usable
 * arrived), so a round begun with a loader holds its running sum and one
 * update at a time, and the base only after the last update. A caller that reads
 * every update and then the base into one buffer (the coordinator) closes a
 * FedAvg round in 2× the model instead of 3× (issue 5); a base read into fresh
 * memory instead lies beside the last update's bytes, which the garbage
 * collector has usually not freed by then.
 *
 * The loader is synchronous because aggregate() is: the arithmetic runs
 * synchronously (the threads backend waits on Atomics), and an asynchronous
 * aggregate would change every caller of every strategy for the sake of one
 * read. A caller whose base lives in an asynchronous store (the coordinator's
 * database) awaits it after the last update and returns it from the loader.
 */
export type RoundContext = {
  readonly baseVersion: number;
  readonly roundId: number;
} & (
  | {
      /** The round's base parameters (the strategy must not modify them). */
      readonly base: Float32Array;
      readonly length?: undefined;
    }
  | {
      /**
       * Returns the round's base parameters, `length` of them (the strategy must
       * not modify them). May throw: the round stays open, and the next
       * aggregate() calls it again.
       */
      readonly base: () => Float32Array;
      /** The number of parameters, which updates are checked against before the base is read. */
      readonly length: number;
    }
);

/**
 * A server-side aggregation strategy that takes updates one at a time
 * (NVFlare's accept/aggregate shape), so weighted-mean strategies hold O(model)
 * memory whatever the number of edges.
 */
export interface Strategy {
  /** Stable name, recorded with every round (e.g. "fedavg"). */
  readonly name: string;
  /**
   * Starts a round on `context.base` (not read yet when it is a loader); forgets anything accepted before.
   * @throws Error when a base loader comes without a valid length
   */
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
   * @throws what a base loader throws (the round stays as it was)
   */
  aggregate(): Float32Array | null;
  /**
   * Optional. Takes one update straight from its wire bytes, decoding and
   * accumulating in one pass without a decoded model-sized copy of the delta.
   * Equivalent to `accept({ ...meta, delta: decodeVector(bytes, { ...meta.expect, length }).values })`.
   * Every check decodeVector makes (format, size, checksum, spec hash, finiteness…)
   * happens before anything is accumulated: when it throws, the round's state is
   * as it was. Keeps no reference to `bytes` once it returns, so a caller may read
   * the next update into the same memory. Use the `acceptEncoded` function to fall
   * back to decode-then-accept for strategies without it.
   * @throws TributaryError with decodeVector's code (LENGTH_MISMATCH when the length is not the base's)
   * @throws Error when called before {@link Strategy.begin} or after {@link Strategy.aggregateInPlace}
   */
  acceptEncoded?(bytes: Uint8Array, meta: EncodedUpdateMeta): void;
  /**
   * Optional. {@link Strategy.aggregate}, but the result may be written over the
   * strategy's own working memory (the running sum) and returned as a view of it,
   * so a round needs no separate result vector. Ends the round: accept,
   * acceptEncoded and aggregate throw until the next {@link Strategy.begin}. The
   * returned vector is valid until the next begin() or dispose() (copy it to keep
   * it) and may lie in shared memory. Same values as aggregate() would have returned.
   * Use the `aggregateInPlace` function to fall back to aggregate() for strategies without it.
   * @throws what a base loader throws (the round is not ended then)
   */
  aggregateInPlace?(): Float32Array | null;
  /**
   * The fewest accepted updates with which {@link Strategy.aggregate} can return a
   * result (e.g. 2f + 3 for Krum); absent means 1. Lets the coordinator wait long enough.
   */
  readonly minUpdates?: number;
  /** Releases what the strategy holds (worker memory, spill files). Safe to call twice. */
  dispose?(): void;
}

/**
 * A strategy whose result is the base moved by a weighted mean of the deltas
 * through a server update rule (plain addition for FedAvg, an optimizer step for
 * FedAdam…). Central DP adds its noise between the two steps.
 */
export interface MeanDeltaStrategy extends Strategy {
  /** The weighted mean delta Σwₖ·Δₖ / normalizer of the updates so far, or null when there is none. */
  meanDelta(): Float32Array | null;
  /**
   * The parameters that `meanDelta` leads to from the round's base. Pure with
   * respect to the strategy's persistent state (see the server-optimizer strategies).
   * @throws Error when called before {@link Strategy.begin} or with a wrong length; what a base loader throws
   */
  applyDelta(meanDelta: Float32Array): Float32Array;
}

/** One client's complete parameter vector, the input of the pure-function forms (`fedAvg`, `fedMedian`…). */
export interface ClientParams {
  readonly params: Float32Array;
  readonly numExamples: number;
}
