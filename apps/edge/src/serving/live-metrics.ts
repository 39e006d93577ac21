/** One window of live metrics, for one served global version. */
export interface LiveMetricsWindow {
  readonly version: number;
  readonly numExamples: number;
  /** Mean log loss and accuracy (threshold 0.5) of the global model on the live feedback. */
  readonly metrics: { readonly loss: number; readonly accuracy: number };
}

/**
 * Live metrics of the served global version on the feedback it receives, in
 * windows that never mix versions: the coordinator compares versions on them
 * to roll back a regression automatically. A window closes when it holds
 * `every` examples or when the served version changes.
 */
export class LiveMetrics {
  private version: number | null = null;
  private count = 0;
  private lossSum = 0;
  private correct = 0;
  private readonly closed: LiveMetricsWindow[] = [];

  /** @param every examples per window (a positive integer) */
  constructor(private readonly every: number) {
    if (!(Number.isInteger(every) && every > 0)) throw new RangeError(`every must be a positive integer, got ${every}`);
  }

  /** One labelled live example scored by `version`: its log loss and whether it was classified right. */
  add(version: number, loss: number, correct: boolean): void {
    if (this.version !== version) this.close();
    this.version = version;
    this.count++;
    this.lossSum += loss;
    if (correct) this.correct++;
    if (this.count >= this.every) this.close();
  }

  /** The windows closed since the last call (oldest first), to report. */
  take(): LiveMetricsWindow[] {
    return this.closed.splice(0);
  }

  private close(): void {
    if (this.version === null || this.count === 0) return;
    this.closed.push({ version: this.version, numExamples: this.count, metrics: { loss: this.lossSum / this.count, accuracy: this.correct / this.count } });
    this.count = 0;
    this.lossSum = 0;
    this.correct = 0;
  }
}
