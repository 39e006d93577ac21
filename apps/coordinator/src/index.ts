export type { AppRouter } from "./router.js";
export { appRouter } from "./router.js";
export { type CoordinatorOptions, type RunningCoordinator, startCoordinator } from "./http-server.js";
export { type RoundSettings, PRODUCTION } from "./services/round-engine.js";
export { type CoordinatorEnv, readCoordinatorEnv } from "./env.js";
