import { parseArgs } from "node:util";
import { TRPCClientError } from "@trpc/client";
import { createCoordinatorClient } from "@tributary/edge";
import { createRankingHead } from "@tributary/model";
import { encodeVector } from "@tributary/protocol";
import { readCliEnv } from "../env.js";
import { ExitCode } from "../exit-codes.js";
import { printTable } from "../print-table.js";

const usage = `usage: tributary admin <command> [--url URL] [--token TOKEN] [--json]

  health                                coordinator health
  init-model [--dim 512] [--hidden 64] [--items 0] [--seed 1]
                                        create a fresh ranking head (the edges' EDGE_MODEL_* shape; dim = the
                                        encoder's: 512 for the default) and import it as the first version
  versions list [--limit N]             model versions, newest first
  versions get <id>                     one version with its evaluations and decisions
  versions compare <a> <b>              metrics of two versions side by side
  promote <id> --reason TEXT            move production to a version
  rollback <id> --reason TEXT           move production back to an earlier version
  rounds list [--limit N] | get <id> | open | close <id> | pause | resume
  edges list | health | revoke <id> --reason TEXT
  strategy get | set '<json>'           the strategy and round settings of the next rounds
  audit [--limit N]                     the audit log, newest first

URL and token default to TRIBUTARY_URL and TRIBUTARY_ADMIN_TOKEN.
`;

/** `tributary admin …`: the admin API from a terminal. Returns the exit code. */
export async function adminCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      url: { type: "string" },
      token: { type: "string" },
      reason: { type: "string" },
      limit: { type: "string", default: "20" },
      dim: { type: "string", default: "512" },
      hidden: { type: "string", default: "64" },
      items: { type: "string", default: "0" },
      seed: { type: "string", default: "1" },
      json: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help || positionals.length === 0) {
    process.stdout.write(usage);
    return values.help ? ExitCode.Ok : ExitCode.Usage;
  }
  const env = readCliEnv();
  const token = values.token ?? env.TRIBUTARY_ADMIN_TOKEN;
  if (!token) {
    process.stderr.write("tributary admin: no admin token (pass --token or set TRIBUTARY_ADMIN_TOKEN)\n");
    return ExitCode.Usage;
  }
  const client = createCoordinatorClient(values.url ?? env.TRIBUTARY_URL, () => token);
  const a = client.admin;
  const limit = Number(values.limit);
  const id = (i: number) => {
    const n = Number(positionals[i]);
    if (!Number.isInteger(n) || n <= 0) throw new UsageError(`expected a positive integer id, got "${positionals[i] ?? ""}"`);
    return n;
  };
  const reason = () => {
    if (!values.reason) throw new UsageError("--reason is required (it goes into the audit log)");
    return values.reason;
  };
  const [noun, verb] = positionals;
  const show = (value: unknown, columns?: string[]) => {
    if (values.json || !Array.isArray(value) || !columns) console.log(JSON.stringify(value, null, 2));
    else printTable(value as Record<string, unknown>[], columns);
  };
  try {
    switch (`${noun} ${verb ?? ""}`.trim()) {
      case "health":
        show(await a.health.query());
        break;
      case "init-model": {
        const int = (v: string | undefined, name: string, min: number) => {
          const n = Number(v);
          if (!Number.isInteger(n) || n < min) throw new UsageError(`--${name} must be an integer ≥ ${min}, got "${v}"`);
          return n;
        };
        const hidden = (values.hidden ?? "").split(",").map((h) => int(h.trim(), "hidden", 1));
        const head = await createRankingHead({ dim: int(values.dim, "dim", 1), hidden, numItems: int(values.items, "items", 0), seed: int(values.seed, "seed", 0) });
        const form = new FormData();
        form.set("spec", JSON.stringify(head.spec));
        form.set("params", new Blob([encodeVector(head.getParams(), { kind: "params", specHash: head.spec.hash, baseVersion: 0 })]));
        form.set("reason", `init-model dim ${values.dim} hidden ${values.hidden} items ${values.items} seed ${values.seed}`);
        head.dispose();
        show(await a.versions.import.mutate(form));
        break;
      }
      case "versions list":
        show(await a.versions.list.query({ limit }), ["id", "parentId", "roundId", "strategy", "status", "createdAt"]);
        break;
      case "versions get":
        show(await a.versions.get.query({ version: id(2) }));
        break;
      case "versions compare":
        show(await a.versions.compare.query({ a: id(2), b: id(3) }));
        break;
      case `promote ${verb}`:
        show(await a.versions.promote.mutate({ version: id(1), reason: reason() }));
        break;
      case `rollback ${verb}`:
        show(await a.versions.rollback.mutate({ to: id(1), reason: reason() }));
        break;
      case "rounds list":
        show(await a.rounds.list.query({ limit }), ["id", "status", "baseVersionId", "resultVersionId", "strategy", "openedAt", "closedAt"]);
        break;
      case "rounds get":
        show(await a.rounds.get.query({ round: id(2) }));
        break;
      case "rounds open":
        show(await a.rounds.open.mutate());
        break;
      case "rounds close":
        show(await a.rounds.close.mutate({ round: id(2) }));
        break;
      case "rounds pause":
        show(await a.rounds.pause.mutate());
        break;
      case "rounds resume":
        show(await a.rounds.resume.mutate());
        break;
      case "edges list":
        show(await a.edges.list.query(), ["id", "name", "region", "lastSeenAt", "revokedAt"]);
        break;
      case "edges health":
        show(await a.edges.health.query(), ["id", "name", "region", "alive", "secondsSinceSeen", "revoked"]);
        break;
      case "edges revoke":
        show(await a.edges.revoke.mutate({ edgeId: positionals[2] ?? "", reason: reason() }));
        break;
      case "strategy get":
        show(await a.strategy.get.query());
        break;
      case "strategy set":
        show(await a.strategy.set.mutate(JSON.parse(positionals[2] ?? "null")));
        break;
      case "audit":
        show(await a.audit.list.query({ limit }), ["id", "at", "actor", "action", "targetType", "targetId"]);
        break;
      default:
        throw new UsageError(`unknown admin command "${positionals.join(" ")}"`);
    }
    return ExitCode.Ok;
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`tributary admin: ${error.message}\n\n${usage}`);
      return ExitCode.Usage;
    }
    if (error instanceof TRPCClientError) {
      const code = (error.data as { tributaryCode?: string } | undefined)?.tributaryCode ?? error.data?.code ?? "ERROR";
      process.stderr.write(`tributary admin: ${code}: ${error.message}\n`);
      return ExitCode.Failed;
    }
    throw error;
  }
}

class UsageError extends Error {}
