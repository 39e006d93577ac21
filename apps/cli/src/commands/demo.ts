import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import { startCoordinator } from "@tributary/coordinator";
import { openDatabase } from "@tributary/db";
import { EdgeAgent, createCoordinatorClient } from "@tributary/edge";
import { createClassificationHead } from "@tributary/model";
import { decodeVector, encodeVector } from "@tributary/protocol";
import { generateSyntheticTask } from "../demo/synthetic-task.js";
import { ExitCode } from "../exit-codes.js";

const options = {
  edges: { type: "string", default: "4" },
  rounds: { type: "string", default: "3" },
  seed: { type: "string", default: "7" },
  epochs: { type: "string", default: "3" },
  "learning-rate": { type: "string", default: "0.1" },
  "database-url": { type: "string" },
  verbose: { type: "boolean", default: false },
} as const;

/**
 * `tributary demo`: `tributary simulate` with its defaults (and any simulate
 * options given). `tributary demo --synthetic` runs the walking skeleton
 * instead — a coordinator on in-memory PGlite, N edge agents talking tRPC over
 * loopback HTTP, R federated rounds on a generated task, a line per round.
 */
export async function demoCommand(argv: string[]): Promise<number> {
  if (!argv.includes("--synthetic")) {
    const { simulateCommand } = await import("./simulate.js");
    return simulateCommand(argv);
  }
  return syntheticDemo(argv.filter((a) => a !== "--synthetic"));
}

async function syntheticDemo(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options, strict: true });
  const edges = positiveInt(values.edges, "--edges");
  const rounds = positiveInt(values.rounds, "--rounds");
  const seed = positiveInt(values.seed, "--seed");
  const epochs = positiveInt(values.epochs, "--epochs");
  const learningRate = Number(values["learning-rate"]);
  if (!(learningRate > 0)) throw usageError("--learning-rate must be a positive number");
  const quiet = values.verbose ? undefined : () => undefined;
  const started = performance.now();

  const task = generateSyntheticTask({ edges, dim: 8, seed });
  const database = await openDatabase({ databaseUrl: values["database-url"] });
  const adminToken = randomBytes(16).toString("hex");
  const bootstrapSecret = randomBytes(16).toString("hex");
  const coordinator = await startCoordinator({
    database,
    bootstrapSecret,
    adminToken,
    settings: { minUpdates: edges, localEpochs: epochs, learningRate },
    logLevel: values.verbose ? "info" : "silent",
  });
  const createModel = () => createClassificationHead({ inputDim: task.dim, numClasses: 2, seed });
  const evaluator = await createModel();
  const agents: EdgeAgent[] = [];
  try {
    console.log(`tributary demo: coordinator ${coordinator.url} on ${database.driver}, ${edges} edges, ${rounds} rounds, FedAvg`);
    const admin = createCoordinatorClient(coordinator.url, () => adminToken);
    const form = new FormData();
    form.set("spec", JSON.stringify(evaluator.spec));
    form.set("params", new Blob([encodeVector(evaluator.getParams(), { kind: "params", specHash: evaluator.spec.hash, baseVersion: 0 })]));
    form.set("reason", "demo: initial model");
    const genesis = await admin.admin.versions.import.mutate(form);
    const before = evaluator.evaluate(task.test);
    console.log(`version ${genesis.version} (initial)  test loss ${before.loss.toFixed(4)}  accuracy ${pct(before.accuracy)}`);

    const target = genesis.version + rounds;
    const losses = new Map<number, number[]>();
    const done = new Promise<void>((resolve, reject) => {
      for (let i = 0; i < edges; i++) {
        const data = task.edges[i]!;
        const agent = new EdgeAgent({
          coordinatorUrl: coordinator.url,
          name: `edge-${i + 1}`,
          region: `region-${i + 1}`,
          bootstrapSecret,
          createModel,
          data: { trainingExamples: () => data },
          training: { seed: seed * 100 + i, batchSize: 32 },
          log: quiet,
        });
        agent.on("error", reject);
        agent.on("pushed", (e) => losses.set(e.roundId, [...(losses.get(e.roundId) ?? []), e.metrics.loss ?? Number.NaN]));
        agents.push(agent);
      }
      void (async () => {
        for await (const { event } of coordinator.services.events.subscribe(coordinator.services.events.latestId())) {
          if (event.type !== "release" || event.roundId === null) continue;
          const params = await fetchParams(coordinator.url, adminToken, event.version, event.specHash);
          evaluator.setParams(params);
          const m = evaluator.evaluate(task.test);
          const edgeLoss = mean(losses.get(event.roundId) ?? []);
          const elapsed = ((performance.now() - started) / 1000).toFixed(1);
          console.log(
            `round ${event.roundId}/${rounds} → version ${event.version}  edges' train loss ${edgeLoss.toFixed(4)}  test loss ${m.loss.toFixed(4)}  accuracy ${pct(m.accuracy)}  (${elapsed}s)`,
          );
          if (event.version >= target) return resolve();
        }
      })().catch(reject);
    });
    await Promise.all(agents.map((a) => a.start()));
    await done;
    const after = evaluator.evaluate(task.test);
    console.log(`done: test accuracy ${pct(before.accuracy)} → ${pct(after.accuracy)}, loss ${before.loss.toFixed(4)} → ${after.loss.toFixed(4)}`);
    console.log(JSON.stringify({ rounds, edges, finalVersion: target, testLoss: after.loss, testAccuracy: after.accuracy, seconds: (performance.now() - started) / 1000 }));
    return ExitCode.Ok;
  } finally {
    await Promise.all(agents.map((a) => a.stop()));
    evaluator.dispose();
    await coordinator.close();
    await database.close();
  }
}

async function fetchParams(baseUrl: string, token: string, version: number, specHash: string): Promise<Float32Array> {
  const res = await fetch(new URL(`/v1/models/${version}/params`, baseUrl), { headers: { authorization: `Bearer ${token}` } });
  if (!res.ok) throw new Error(`downloading version ${version}: HTTP ${res.status}`);
  return decodeVector(new Uint8Array(await res.arrayBuffer()), { specHash, kind: "params" }).values;
}

function positiveInt(value: string | undefined, name: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw usageError(`${name} must be a positive integer, got "${value}"`);
  return n;
}

function usageError(message: string): Error {
  return Object.assign(new Error(message), { exitCode: ExitCode.Usage });
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
