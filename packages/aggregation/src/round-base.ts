import { ErrorCode, TributaryError } from "@tributary/protocol";
import type { RoundContext } from "./strategy.js";

/**
 * The number of parameters of a round: the base's length, or the length given
 * beside a base loader.
 * @throws Error when a loader comes without a length that is a non-negative integer
 */
export function roundLength(context: RoundContext): number {
  if (typeof context.base !== "function") return context.base.length;
  const { length } = context;
  if (length === undefined || !Number.isSafeInteger(length) || length < 0) throw new Error(`a base loader needs the model's length, got ${length}`);
  return length;
}

/**
 * A round's base θ_base as a strategy holds it: its length at once, the vector
 * itself only when {@link RoundBase.get} is first called (through the loader,
 * when the round was begun with one). Strategies call get() only where they form
 * the result, so a round begun with a loader never holds the base beside an
 * update's bytes.
 */
export class RoundBase {
  readonly length: number;
  private base: Float32Array | null;
  private loader: (() => Float32Array) | null;

  /** @throws Error when a loader comes without a valid length */
  constructor(context: RoundContext) {
    this.length = roundLength(context);
    this.base = typeof context.base === "function" ? null : context.base;
    this.loader = typeof context.base === "function" ? context.base : null;
  }

  /**
   * θ_base; the first call of a lazy base runs the loader (once: later calls
   * return what it returned).
   * @throws TributaryError LENGTH_MISMATCH when the loader returns a vector of another length (it is called again next time)
   * @throws what the loader throws
   */
  get(): Float32Array {
    if (this.base) return this.base;
    const base = this.loader!();
    if (base.length !== this.length) {
      throw new TributaryError(ErrorCode.LengthMismatch, `the base loader returned ${base.length} elements, the round has ${this.length}`);
    }
    this.base = base;
    this.loader = null;
    return base;
  }
}
