import { decodeVector } from "@tributary/protocol";
import type { EncodedUpdateMeta, Strategy } from "./strategy.js";

/**
 * Hands one update in its wire encoding to `strategy`: through
 * Strategy.acceptEncoded where the strategy has it (decode-and-accumulate, no
 * decoded copy of the delta), else decodeVector then accept (one decoded copy,
 * garbage afterwards). Either way a payload that fails validation throws before
 * the strategy's state changes, and `bytes` may be reused once this returns.
 * @throws TributaryError with decodeVector's code, or LENGTH_MISMATCH when the length is not the base's
 * @throws Error when the strategy refuses (before begin(), after aggregateInPlace())
 */
export function acceptEncoded(strategy: Strategy, bytes: Uint8Array, meta: EncodedUpdateMeta): void {
  if (strategy.acceptEncoded) {
    strategy.acceptEncoded(bytes, meta);
    return;
  }
  const { expect, ...update } = meta;
  strategy.accept({ ...update, delta: decodeVector(bytes, expect).values });
}
