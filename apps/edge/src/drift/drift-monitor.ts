import { EventEmitter } from "node:events";
import type { DriftDetector } from "./drift-detector.js";

/** A detector's alarm. */
export interface DriftAlarm {
  readonly detector: string;
  readonly statistic: number;
  readonly threshold: number;
  /** Observations seen by the monitor when it fired. */
  readonly observation: number;
  readonly at: string;
}

/**
 * Feeds the live loss and error of each feedback event (under the model that
 * served it) to its detectors and emits `drift` when one fires. Loss-fed
 * detectors take the log loss; error-fed ones the 0/1 error (ADWIN needs [0, 1]).
 */
export class DriftMonitor extends EventEmitter<{ drift: [DriftAlarm] }> {
  private observations = 0;

  constructor(private readonly detectors: readonly { detector: DriftDetector; input: "loss" | "error" }[]) {
    super();
  }

  /** One labelled observation. */
  observe(loss: number, error: number): void {
    this.observations++;
    for (const { detector, input } of this.detectors) {
      if (detector.update(input === "loss" ? loss : error)) {
        this.emit("drift", { detector: detector.name, statistic: detector.statistic, threshold: detector.threshold, observation: this.observations, at: new Date().toISOString() });
      }
    }
  }
}
