import { asyncBufferSize } from "../federation.js";
import type { SimulateConfig } from "../simulate-config.js";

/**
 * The report's lines on how the federated method ran: its settings (sync
 * rounds, or FedBuff's buffer, staleness bound and data trigger) and, when the
 * run kept them, its counters (versions, pushes, mean staleness).
 */
export function federationLines(config: SimulateConfig, regions: number, stats: Record<string, number> | undefined): string[] {
  const mode =
    config.mode === "async"
      ? `async rounds (FedBuff: the coordinator steps every ${asyncBufferSize(config.asyncBuffer, regions)} pushes, updates more than ${config.maxStaleness} versions behind are refused; a window reaches the edges in ${config.roundsPerWindow} slices and an edge pushes once it holds enough unlearned records)`
      : "sync rounds";
  const lines = [
    `Federated: strategy ${config.strategy.name}, ${mode}, codec ${config.codec}, ${config.warmupRounds} warm-up rounds and ${config.roundsPerWindow} round(s) per window, edges: ${config.edgeEpochs} local epochs at learning rate ${config.edgeLearningRate} (centralized, local-only, naive: ${config.localEpochs} epochs at ${config.learningRate}), replay ratio ${config.replayRatio}, Byzantine share ${config.byzantine}, seed ${config.seed}.`,
  ];
  if (stats) {
    const staleness = stats.meanStaleness ?? 0;
    lines.push(`Federation: ${stats.releases ?? 0} versions released from ${stats.pushes ?? 0} pushes; mean staleness of the pushes ${staleness.toFixed(2)} versions.`);
  }
  return lines;
}
