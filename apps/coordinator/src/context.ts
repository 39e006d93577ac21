import type { Repository } from "@tributary/db";
import type { Logger } from "./logger.js";
import type { CoordinatorSettings, SettingsPatch } from "./services/coordinator-settings.js";
import type { EventBus } from "./services/event-bus.js";
import type { CoordinatorMetrics } from "./services/metrics.js";
import type { ReleaseManager } from "./services/release-manager.js";
import type { RoundEngine } from "./services/round-engine.js";

/** Settings the procedures need at request time. */
export interface CoordinatorRuntimeConfig {
  /** Secret edges present to register; null → registration is closed. */
  readonly bootstrapSecret: string | null;
  /** Admin bearer token; null → the admin API refuses every call. */
  readonly adminToken: string | null;
}

/** Long-lived services shared by every request. */
export interface CoordinatorServices {
  readonly repo: Repository;
  readonly engine: RoundEngine;
  readonly releases: ReleaseManager;
  readonly events: EventBus;
  readonly metrics: CoordinatorMetrics;
  readonly log: Logger;
  readonly config: CoordinatorRuntimeConfig;
  settings(): CoordinatorSettings;
  /** Validates, stores and audits a settings change. @throws ZodError for invalid settings */
  updateSettings(patch: SettingsPatch, actor: string): Promise<CoordinatorSettings>;
}

/** The tRPC context of one request. */
export interface CoordinatorContext {
  readonly services: CoordinatorServices;
  /** The raw Authorization header, if any. */
  readonly authorization: string | null;
}
