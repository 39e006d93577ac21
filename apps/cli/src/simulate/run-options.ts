import type { TextEncoder } from "@tributary/model";
import type { SimulateConfig } from "./simulate-config.js";

/** What every simulation runner (ranking, text classification) takes; `W` describes a window, `R` is one method's metrics on it. */
export interface RunOptions<W, R> {
  readonly config: SimulateConfig;
  /** Gets each window's rows for the per-window table. */
  readonly onWindow?: (window: W, metrics: Record<string, R>) => void;
  readonly quiet?: boolean;
  /** An encoder instead of the cached default (tests). */
  readonly encoder?: TextEncoder;
}
