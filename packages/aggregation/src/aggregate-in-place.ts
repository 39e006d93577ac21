import type { Strategy } from "./strategy.js";

/**
 * Ends a round with the least memory the strategy allows: Strategy.aggregateInPlace
 * where it has it (the result written over its running sum, valid until the next
 * begin() or dispose(); the strategy takes nothing but begin() and dispose()
 * afterwards), else aggregate(). Null when nothing usable arrived (the model stays).
 */
export function aggregateInPlace(strategy: Strategy): Float32Array | null {
  return strategy.aggregateInPlace ? strategy.aggregateInPlace() : strategy.aggregate();
}
