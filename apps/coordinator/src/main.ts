/**
 * `tributary coordinator` / `npm start -w @tributary/coordinator`: runs the
 * coordinator from the environment (see env.ts and infra/README.md).
 * Exit codes: 0 clean shutdown, 1 failed to start, 2 bad configuration.
 */
import { type StrategyConfig, strategyConfigSchema } from "@tributary/aggregation";
import { openDatabase } from "@tributary/db";
import { readCoordinatorEnv } from "./env.js";
import { startCoordinator } from "./http-server.js";
import { createLogger } from "./logger.js";

let env;
let strategy: StrategyConfig | undefined;
try {
  env = readCoordinatorEnv();
  if (env.TRIBUTARY_STRATEGY !== undefined) strategy = strategyConfigSchema.parse(env.TRIBUTARY_STRATEGY);
} catch (error) {
  console.error((error as Error).message);
  process.exit(2);
}
const log = createLogger(env.TRIBUTARY_LOG_LEVEL);
try {
  const database = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.TRIBUTARY_PGLITE_DIR });
  const coordinator = await startCoordinator({
    database,
    logger: log,
    host: env.TRIBUTARY_HOST,
    port: env.TRIBUTARY_PORT,
    bootstrapSecret: env.TRIBUTARY_BOOTSTRAP_SECRET ?? null,
    adminToken: env.TRIBUTARY_ADMIN_TOKEN ?? null,
    settings: {
      minUpdates: env.TRIBUTARY_MIN_UPDATES,
      localEpochs: env.TRIBUTARY_LOCAL_EPOCHS,
      learningRate: env.TRIBUTARY_LEARNING_RATE,
      mode: env.TRIBUTARY_ROUND_MODE,
      ...(env.TRIBUTARY_ROUND_DEADLINE_SECONDS ? { deadlineSeconds: env.TRIBUTARY_ROUND_DEADLINE_SECONDS } : {}),
      ...(strategy ? { strategy } : {}),
    },
    maxBodyBytes: env.TRIBUTARY_MAX_BODY_BYTES,
    computeBackend: { kind: env.TRIBUTARY_COMPUTE_BACKEND },
  });
  // The line supervisors and tests wait for: the coordinator is ready at this URL.
  console.log(`READY ${coordinator.url}`);
  const stop = async () => {
    await coordinator.close();
    await database.close();
    process.exit(0);
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
} catch (error) {
  log.fatal({ err: error }, "coordinator failed to start");
  process.exit(1);
}
