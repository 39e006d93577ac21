import { randomBytes } from "node:crypto";
import { startCoordinator } from "@tributary/coordinator";
import { openDatabase } from "@tributary/db";
import { mulberry32 } from "@tributary/datasets";
import { EdgeAgent, createCoordinatorClient } from "@tributary/edge";
import type { RankingExamples, RankingHead } from "@tributary/model";
import { decodeVector, encodeVector } from "@tributary/protocol";
import { createCatalogHead, headScorer, TRAINING_DEFAULTS } from "../ranking-learner.js";
import { ReplayBuffer, replayCount } from "../replay-buffer.js";
import type { SimulateConfig } from "../simulate-config.js";
import { inRegion } from "../stream-plan.js";
import { rankingExamples } from "../training-examples.js";
import { byzantineModel } from "./byzantine-model.js";
import { closeConnectionsTo } from "./close-connections-fetch.js";
import type { Method, Stage } from "./method.js";
import type { ReplayLearnerOptions } from "./replay-learner.js";

/** How much a Byzantine edge scales its sign-flipped delta. */
export const BYZANTINE_SCALE = 4;

/** Options of {@link createFederatedMethod}. */
export interface FederatedMethodOptions extends ReplayLearnerOptions {
  readonly config: SimulateConfig;
}

/**
 * The federated method through the real system: a coordinator (PGlite in memory,
 * or `databaseUrl`) and one edge agent per region talking tRPC over loopback
 * HTTP. For each round the simulation gives every edge its region's new
 * interactions plus a replay sample of its own history, opens the round through
 * the admin API, and waits for the release; edges train from the production
 * version, push deltas, and hot-swap. A region's users are served by the
 * production model (all regions share it).
 */
export async function createFederatedMethod(options: FederatedMethodOptions): Promise<Method> {
  const { plan, features, settings, config } = options;
  const regions = plan.partition.names.length;
  const database = await openDatabase(config.databaseUrl === undefined ? {} : { databaseUrl: config.databaseUrl });
  const adminToken = randomBytes(16).toString("hex");
  const bootstrapSecret = randomBytes(16).toString("hex");
  const coordinator = await startCoordinator({
    database,
    bootstrapSecret,
    adminToken,
    autoOpen: false,
    logLevel: "silent",
    settings: {
      strategy: config.strategy,
      round: { mode: config.mode, minUpdates: regions, targetUpdates: regions, localEpochs: config.edgeEpochs, learningRate: config.edgeLearningRate },
    },
  });
  const restoreFetch = closeConnectionsTo(coordinator.url);
  const admin = createCoordinatorClient(coordinator.url, () => adminToken);
  const global = await createCatalogHead(features, settings);
  const agents: EdgeAgent<RankingExamples>[] = [];
  try {
    const form = new FormData();
    form.set("spec", JSON.stringify(global.spec));
    form.set("params", new Blob([encodeVector(global.getParams(), { kind: "params", specHash: global.spec.hash, baseVersion: 0 })]));
    form.set("reason", "tributary simulate: initial model");
    await admin.admin.versions.import.mutate(form);

    const byzantine = chooseByzantine(regions, config.byzantine, config.seed);
    const current: RankingExamples[] = Array.from({ length: regions }, () => ({ q: new Float32Array(0), dim: plan.dim, items: new Int32Array(0), y: new Int32Array(0) }));
    for (let r = 0; r < regions; r++) {
      const createModel = async (): Promise<RankingHead> => {
        const head = await createCatalogHead(features, settings);
        return byzantine.has(r) ? byzantineModel(head, BYZANTINE_SCALE) : head;
      };
      agents.push(
        new EdgeAgent({
          coordinatorUrl: coordinator.url,
          name: `edge-${plan.partition.names[r]}`,
          region: plan.partition.names[r]!,
          bootstrapSecret,
          createModel,
          data: { trainingExamples: () => current[r]! },
          dtype: config.codec,
          training: { ...TRAINING_DEFAULTS, seed: settings.seed + 7 * (r + 1) },
          log: () => undefined,
        }),
      );
    }
    await Promise.all(agents.map((a) => a.start()));

    const buffers = Array.from({ length: regions }, () => new ReplayBuffer());
    const rngs = Array.from({ length: regions }, (_, r) => mulberry32(settings.seed * 31 + r));
    const scorer = headScorer(global);
    let events = coordinator.services.events.latestId();

    const runRound = async (): Promise<void> => {
      const round = await admin.admin.rounds.open.mutate();
      const roundId = (round as { id: number }).id;
      for await (const { id, event } of coordinator.services.events.subscribe(events)) {
        events = id;
        if (event.type === "release" && event.roundId === roundId) {
          global.setParams(await fetchParams(coordinator.url, adminToken, event.version, event.specHash));
          return;
        }
      }
    };

    return {
      name: "federated",
      label: `federated (${config.strategy.name}, ${regions} edges over HTTP${byzantine.size > 0 ? `, ${byzantine.size} Byzantine` : ""})`,
      async learn(stage: Stage) {
        const rounds = stage.index < 0 ? config.warmupRounds : config.roundsPerWindow;
        const fresh = Array.from({ length: regions }, (_, r) => inRegion(plan, stage.interactions, r));
        for (let round = 0; round < rounds; round++) {
          for (let r = 0; r < regions; r++) {
            const replay = stage.index < 0 ? new Int32Array(0) : buffers[r]!.sample(replayCount(fresh[r]!.length, options.replayRatio), rngs[r]!);
            current[r] = rankingExamples(plan, [...fresh[r]!, ...replay], options.negatives, rngs[r]!, features.ids.length);
          }
          await runRound();
        }
        for (let r = 0; r < regions; r++) buffers[r]!.add(fresh[r]!);
      },
      scorer: () => scorer,
      async dispose() {
        await Promise.all(agents.map((a) => a.stop()));
        global.dispose();
        await coordinator.close();
        await database.close();
        restoreFetch();
      },
    };
  } catch (error) {
    await Promise.all(agents.map((a) => a.stop()));
    global.dispose();
    await coordinator.close();
    await database.close();
    restoreFetch();
    throw error;
  }
}

/** The regions whose edges attack: ⌊share·regions⌋ of them, a seeded choice. */
function chooseByzantine(regions: number, share: number, seed: number): Set<number> {
  const count = Math.floor(share * regions + 1e-9);
  const rng = mulberry32(seed ^ 0x5eed);
  const order = Array.from({ length: regions }, (_, i) => i);
  for (let i = regions - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return new Set(order.slice(0, count));
}

async function fetchParams(baseUrl: string, token: string, version: number, specHash: string): Promise<Float32Array> {
  const res = await fetch(new URL(`/v1/models/${version}/params`, baseUrl), { headers: { authorization: `Bearer ${token}` } });
  if (!res.ok) throw new Error(`downloading version ${version}: HTTP ${res.status}`);
  return decodeVector(new Uint8Array(await res.arrayBuffer()), { specHash, kind: "params" }).values;
}
