/**
 * `npm start -w @tributary/edge`: runs an edge from the environment (env.ts).
 * Exit codes: 0 clean shutdown (SIGINT/SIGTERM), 1 failed to start, 2 bad configuration.
 * `tributary edge` imports {@link runEdge} from the package entry instead.
 */
import { readEdgeEnv } from "./env.js";
import { runEdge } from "./run-edge.js";

export { runEdge } from "./run-edge.js";

let env;
try {
  env = readEdgeEnv();
} catch (error) {
  console.error((error as Error).message);
  process.exit(2);
}
try {
  const edge = await runEdge(env);
  const stop = async () => {
    await edge.close();
    process.exit(0);
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
} catch (error) {
  console.error(`edge failed to start: ${(error as Error).stack}`);
  process.exit(1);
}
