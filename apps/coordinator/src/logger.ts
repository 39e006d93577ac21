import { pino, type Logger } from "pino";

export type { Logger };

/**
 * The coordinator's structured logger (JSON lines on stdout).
 * @param level pino level; "silent" turns logging off (tests, the demo)
 */
export function createLogger(level: string = "info"): Logger {
  return pino({ name: "coordinator", level });
}
