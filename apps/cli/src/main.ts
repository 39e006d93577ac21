/**
 * `tributary <command>`: the one command-line entry point.
 * Exit codes are in exit-codes.ts.
 */
import { ExitCode } from "./exit-codes.js";

const usage = `usage: tributary <command> [options]

commands:
  simulate      federated continual learning on MovieLens across regions, beside its baselines, with a report
  demo          the main job on embedded defaults: "simulate" with its defaults (--synthetic: the small walking-skeleton run)
  coordinator   run the coordinator server (configured by environment, see infra/README.md)
  edge          run an edge agent (configured by environment, see apps/edge/src/env.ts)
  admin         the coordinator's admin API: versions, promote, rollback, rounds, edges, audit (tributary admin --help)
  data          fetch and inspect the real data sets (tributary data fetch | info)
  help          this text
`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case "demo": {
      const { demoCommand } = await import("./commands/demo.js");
      return demoCommand(rest);
    }
    case "simulate": {
      const { simulateCommand } = await import("./commands/simulate.js");
      return simulateCommand(rest);
    }
    case "coordinator": {
      await import("@tributary/coordinator/main");
      return new Promise<number>(() => undefined); // runs until a signal stops it
    }
    case "edge": {
      await import("@tributary/edge/main");
      return new Promise<number>(() => undefined); // runs until a signal stops it
    }
    case "admin": {
      const { adminCommand } = await import("./commands/admin.js");
      return adminCommand(rest);
    }
    case "data": {
      const { dataCommand } = await import("./commands/data.js");
      const { readCliEnv } = await import("./env.js");
      return dataCommand(rest, undefined, { cacheDir: readCliEnv().TRIBUTARY_CACHE_DIR });
    }
    case undefined:
    case "help":
    case "--help":
    case "-h":
      process.stdout.write(usage);
      return command === undefined ? ExitCode.Usage : ExitCode.Ok;
    default:
      process.stderr.write(`tributary: unknown command "${command}"\n\n${usage}`);
      return ExitCode.Usage;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`tributary: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(ExitCode.Failed);
  },
);
