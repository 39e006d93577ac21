/**
 * Progress output for long steps: a bar redrawn in place on a terminal, a line
 * per quarter otherwise (CI logs stay short). Everything goes to stderr, so
 * stdout keeps only tables and the closing JSON line.
 */

/** Reports the progress of one step. */
export interface Progress {
  /** Sets the amount done (0…total). */
  update(done: number): void;
  /** Ends the step with a line giving its time. */
  finish(note?: string): void;
}

/** Where progress and log lines go. */
export interface ProgressSink {
  readonly isTTY: boolean;
  write(text: string): void;
}

const stderrSink: ProgressSink = { isTTY: process.stderr.isTTY === true, write: (text) => void process.stderr.write(text) };

/** Starts a progress report for a step of `total` units; `quiet` reports nothing. */
export function startProgress(label: string, total: number, options: { sink?: ProgressSink; quiet?: boolean } = {}): Progress {
  const sink = options.sink ?? stderrSink;
  const started = performance.now();
  let lastQuarter = -1;
  const seconds = () => ((performance.now() - started) / 1000).toFixed(1);
  if (options.quiet) return { update: () => undefined, finish: () => undefined };
  return {
    update(done) {
      const share = total > 0 ? Math.min(1, done / total) : 1;
      if (sink.isTTY) {
        const width = 24;
        const filled = Math.round(share * width);
        sink.write(`\r${label} [${"#".repeat(filled)}${".".repeat(width - filled)}] ${done}/${total} ${seconds()}s`);
      } else {
        const quarter = Math.floor(share * 4);
        if (quarter > lastQuarter && quarter < 4) {
          lastQuarter = quarter;
          sink.write(`${label}: ${done}/${total} (${seconds()}s)\n`);
        }
      }
    },
    finish(note) {
      sink.write(`${sink.isTTY ? "\r\x1b[K" : ""}${label}: done in ${seconds()}s${note ? ` — ${note}` : ""}\n`);
    },
  };
}
