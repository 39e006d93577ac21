import { mkdir, rm, stat } from "node:fs/promises";
import { setTimeout as delay } from "node:timers/promises";
import { DatasetError, DatasetErrorCode } from "./dataset-error.js";

/** Options of {@link withFileLock}. */
export interface FileLockOptions {
  /** Give up waiting after this many milliseconds. Default 10 minutes. */
  readonly timeoutMs?: number;
  /** A lock older than this many milliseconds is taken to be left by a dead process. Default 15 minutes. */
  readonly staleMs?: number;
  /** Called once when the lock is busy and we start waiting. */
  readonly onWait?: () => void;
}

/**
 * Runs `task` while holding a lock between processes (a directory created with
 * mkdir, which is atomic), so two test workers or two CLI runs do not fetch the
 * same data at once. Waits, polling every 250 ms, while another process holds it.
 * @throws DatasetError FETCH_FAILED when the lock is still held after `timeoutMs`
 */
export async function withFileLock<T>(lockDir: string, task: () => Promise<T>, options: FileLockOptions = {}): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 10 * 60_000;
  const staleMs = options.staleMs ?? 15 * 60_000;
  const started = Date.now();
  let waited = false;
  for (;;) {
    try {
      await mkdir(lockDir);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const age = await stat(lockDir).then((s) => Date.now() - s.mtimeMs, () => 0);
    if (age > staleMs) {
      await rm(lockDir, { recursive: true, force: true });
      continue;
    }
    if (Date.now() - started > timeoutMs) {
      throw new DatasetError(DatasetErrorCode.FetchFailed, `another process has held ${lockDir} for over ${Math.round(timeoutMs / 1000)} s; remove it if no fetch is running`);
    }
    if (!waited) options.onWait?.();
    waited = true;
    await delay(250);
  }
  try {
    return await task();
  } finally {
    await rm(lockDir, { recursive: true, force: true });
  }
}
