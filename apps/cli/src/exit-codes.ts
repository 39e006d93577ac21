/** What `tributary` exits with. Scripts may rely on these values. */
export const ExitCode = {
  /** The command did what it was asked. */
  Ok: 0,
  /** It ran and failed (an error was printed). */
  Failed: 1,
  /** Bad usage: unknown command or option, or an invalid value. */
  Usage: 2,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
