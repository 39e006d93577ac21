/** A text with a class label, for the classification head (e.g. a review and "great"/"other"). */
export interface LabeledText {
  readonly text: string;
  readonly label: string;
  /** The region the source assigned, when it did (JSONL). */
  readonly region?: string;
  /** Seconds since the Unix epoch, when the source has times. */
  readonly timestamp?: number;
}
