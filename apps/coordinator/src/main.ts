/**
 * `tributary coordinator` / `npm start -w @tributary/coordinator`: runs the
 * coordinator from the environment (see env.ts and infra/README.md).
 * Exit codes: 0 clean shutdown, 1 failed to start, 2 bad configuration.
 */
import { openDatabase } from "@tributary/db";
import { readCoordinatorEnv } from "./env.js";
import { startCoordinator } from "./http-server.js";

let env;
try {
  env = readCoordinatorEnv();
} catch (error) {
  console.error((error as Error).message);
  process.exit(2);
}
try {
  const database = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.TRIBUTARY_PGLITE_DIR });
  const coordinator = await startCoordinator({
    database,
    host: env.TRIBUTARY_HOST,
    port: env.TRIBUTARY_PORT,
    bootstrapSecret: env.TRIBUTARY_BOOTSTRAP_SECRET ?? null,
    adminToken: env.TRIBUTARY_ADMIN_TOKEN ?? null,
    settings: { minUpdates: env.TRIBUTARY_MIN_UPDATES, localEpochs: 1, learningRate: 0.05 },
    maxBodyBytes: env.TRIBUTARY_MAX_BODY_BYTES,
  });
  const stop = async () => {
    await coordinator.close();
    await database.close();
    process.exit(0);
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
} catch (error) {
  console.error(`coordinator failed to start: ${(error as Error).stack}`);
  process.exit(1);
}
