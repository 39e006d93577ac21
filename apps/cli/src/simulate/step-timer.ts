/** Wall-clock seconds per named step of a run, summed over the step's calls (the report's time table). */
export interface StepTimer {
  /** Seconds by step name, in the order the steps first ran. */
  readonly seconds: Record<string, number>;
  /** Runs `fn` and adds its wall time to `key`, whether it resolves or throws. */
  timed<T>(key: string, fn: () => Promise<T>): Promise<T>;
}

/** A fresh {@link StepTimer}. */
export function createStepTimer(): StepTimer {
  const seconds: Record<string, number> = {};
  return {
    seconds,
    async timed(key, fn) {
      const t = performance.now();
      try {
        return await fn();
      } finally {
        seconds[key] = (seconds[key] ?? 0) + (performance.now() - t) / 1000;
      }
    },
  };
}
