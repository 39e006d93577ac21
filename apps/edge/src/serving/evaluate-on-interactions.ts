import type { Interaction } from "../store/interaction-table.js";
import type { RankingScorer } from "./ranking-scorer.js";

/**
 * Log loss and accuracy of a model on stored interactions (the edge's local
 * held-out data for federated evaluation); null when there are none.
 */
export function evaluateOnInteractions(scorer: RankingScorer, data: readonly Interaction[]): { numExamples: number; metrics: Record<string, number> } | null {
  if (data.length === 0) return null;
  let loss = 0;
  let correct = 0;
  for (const it of data) {
    const p = Math.min(1 - 1e-7, Math.max(1e-7, scorer.score(it.q, Int32Array.of(it.itemIdx))[0]!));
    loss -= it.label * Math.log(p) + (1 - it.label) * Math.log(1 - p);
    if (p >= 0.5 === it.label >= 0.5) correct++;
  }
  return { numExamples: data.length, metrics: { loss: loss / data.length, accuracy: correct / data.length } };
}
