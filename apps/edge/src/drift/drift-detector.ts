/** A streaming change detector fed one observation at a time (loss or error of live feedback). */
export interface DriftDetector {
  /** Short stable name, reported to the coordinator ("page-hinkley", "adwin"). */
  readonly name: string;
  /**
   * Adds one observation.
   * @returns true when a change is detected at this observation (the detector then restarts its statistic)
   */
  update(x: number): boolean;
  /** The current test statistic and the threshold it is compared with. */
  readonly statistic: number;
  readonly threshold: number;
  /** Forgets everything seen. */
  reset(): void;
}
