export type { AppRouter } from "./router.js";
export { appRouter } from "./router.js";
export { type CoordinatorOptions, type RunningCoordinator, startCoordinator } from "./http-server.js";
export { type CoordinatorSettings, type RoundSettings, type SettingsPatch, coordinatorSettingsSchema } from "./services/coordinator-settings.js";
export { CANDIDATE, PRODUCTION, type ServerEvaluator } from "./services/engine-context.js";
export { type CoordinatorEnv, readCoordinatorEnv } from "./env.js";
export { createLogger } from "./logger.js";
