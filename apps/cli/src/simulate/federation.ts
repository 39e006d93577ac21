import { randomBytes } from "node:crypto";
import { startCoordinator } from "@tributary/coordinator";
import { createScratchDatabase, openDatabase } from "@tributary/db";
import { mulberry32 } from "@tributary/datasets";
import { EdgeAgent, type PendingUpdate, type PushedEvent, createCoordinatorClient } from "@tributary/edge";
import type { TrainConfig, Trainable } from "@tributary/model";
import { decodeVector, encodeVector } from "@tributary/protocol";
import { byzantineModel } from "./methods/byzantine-model.js";
import { closeConnectionsTo } from "./methods/close-connections-fetch.js";
import type { SimulateConfig } from "./simulate-config.js";

/** How much a Byzantine edge scales its sign-flipped delta. */
export const BYZANTINE_SCALE = 4;

/** What a federation takes from the run's config. */
export type FederationSettings = Pick<SimulateConfig, "strategy" | "mode" | "codec" | "byzantine" | "edgeEpochs" | "edgeLearningRate" | "asyncBuffer" | "maxStaleness" | "seed" | "databaseUrl">;

/** Options of {@link startFederation}; `E` is the model's example type. */
export interface FederationOptions<E> {
  readonly settings: FederationSettings;
  /** One edge per region, named after it. */
  readonly regionNames: readonly string[];
  /** A fresh honest model instance (the federation wraps the Byzantine edges' ones). */
  readonly createModel: () => Promise<Trainable<E>>;
  /** The first production version's parameters (the spec is the models'). */
  readonly initialParams: Float32Array;
  /** What an edge trains on when a step gives it none (an empty set). */
  readonly emptyExamples: E;
  /** Number of examples in a set (an edge with none sits the step out). */
  readonly countExamples: (examples: E) => number;
  /** Training settings beyond what the round prescribes (batch size, l2, …); each edge gets its own seed. */
  readonly training?: Partial<TrainConfig>;
}

/** A coordinator and one edge agent per region, driven step by step by the simulation. */
export interface Federation<E> {
  /** Regions whose edges attack (sign-flipped, scaled deltas). */
  readonly byzantine: ReadonlySet<number>;
  /** How the report names it, e.g. "fedavg, 8 edges over HTTP, sync". */
  readonly label: string;
  /**
   * One step. Sync: one round in which every edge with examples trains on
   * `examples[r]` from production and pushes; the round closes on the last
   * push (closed by the admin API when some edges had nothing to train on). Async (FedBuff): every edge with examples trains from the version
   * it serves now, then the pushes arrive in a seeded order and the coordinator
   * aggregates every K of them (K = asyncBuffer), so later pushes are stale.
   * Resolves once every edge serves the resulting production version.
   * @throws Error when `examples` does not have one entry per edge, or an edge fails
   * @returns the production parameters after the step
   */
  step(examples: readonly (E | null)[]): Promise<Float32Array>;
  /** What the coordinator has done so far: versions released, pushes, mean staleness of the accepted pushes. */
  stats(): FederationStats;
  close(): Promise<void>;
}

/** Counters of a federation's run, for the report. */
export interface FederationStats {
  readonly releases: number;
  readonly pushes: number;
  readonly meanStaleness: number;
}

/**
 * Starts the coordinator (on PGlite in memory, or on a new database of its own on the
 * Postgres server of settings.databaseUrl, dropped by close) and the edges; imports
 * `initialParams` as version 1.
 */
export async function startFederation<E>(options: FederationOptions<E>): Promise<Federation<E>> {
  const { settings, regionNames } = options;
  const regions = regionNames.length;
  const buffer = settings.mode === "async" ? asyncBufferSize(settings.asyncBuffer, regions) : regions;
  // On a server, every run gets a database of its own (created here, dropped at the end): a run
  // starts from nothing, whatever earlier runs left, and runs side by side never share versions.
  const scratch = settings.databaseUrl === undefined ? null : await createScratchDatabase(settings.databaseUrl, "tributary_simulate");
  const database = await openDatabase(scratch ? { databaseUrl: scratch.url } : {}).catch(async (error: unknown) => {
    await scratch?.drop();
    throw error;
  });
  const adminToken = randomBytes(16).toString("hex");
  const bootstrapSecret = randomBytes(16).toString("hex");
  const coordinator = await startCoordinator({
    database,
    bootstrapSecret,
    adminToken,
    // Sync: the simulation opens each round when the edges have their data. Async: a buffer round is always open.
    autoOpen: settings.mode === "async",
    logLevel: "silent",
    settings: {
      strategy: settings.strategy,
      round: {
        mode: settings.mode,
        minUpdates: settings.mode === "async" ? buffer : 1,
        targetUpdates: buffer,
        maxStaleness: settings.maxStaleness,
        localEpochs: settings.edgeEpochs,
        learningRate: settings.edgeLearningRate,
      },
    },
  }).catch(async (error: unknown) => {
    await database.close();
    await scratch?.drop();
    throw error;
  });
  const restoreFetch = closeConnectionsTo(coordinator.url);
  const admin = createCoordinatorClient(coordinator.url, () => adminToken);
  const agents: EdgeAgent<E>[] = [];
  const shutdown = async () => {
    await Promise.all(agents.map((a) => a.stop()));
    await coordinator.close();
    await database.close();
    await scratch?.drop();
    restoreFetch();
  };
  try {
    const probe = await options.createModel();
    const spec = probe.spec;
    probe.dispose();
    const form = new FormData();
    form.set("spec", JSON.stringify(spec));
    form.set("params", new Blob([encodeVector(options.initialParams, { kind: "params", specHash: spec.hash, baseVersion: 0 })]));
    form.set("reason", "tributary simulate: initial model");
    await admin.admin.versions.import.mutate(form);

    const byzantine = chooseByzantine(regions, settings.byzantine, settings.seed);
    const current: (E | null)[] = Array.from({ length: regions }, () => null);
    for (let r = 0; r < regions; r++) {
      const createModel = async (): Promise<Trainable<E>> => {
        const model = await options.createModel();
        return byzantine.has(r) ? byzantineModel(model, BYZANTINE_SCALE) : model;
      };
      agents.push(
        new EdgeAgent<E>({
          coordinatorUrl: coordinator.url,
          name: `edge-${regionNames[r]}`,
          region: regionNames[r]!,
          bootstrapSecret,
          createModel,
          data: { trainingExamples: () => current[r] ?? options.emptyExamples },
          dtype: settings.codec,
          training: { ...options.training, seed: settings.seed + 7 * (r + 1) },
          log: () => undefined,
        }),
      );
    }
    await Promise.all(agents.map((a) => a.start()));

    const productionOf = async (): Promise<number> => {
      const id = await admin.admin.aliases.get.query({ name: "production" });
      if (id === null) throw new Error("the coordinator has no production version");
      return id;
    };
    const order = mulberry32(settings.seed ^ 0xa5a5);
    // Release index of every version: staleness = releases between an update's base and production at its push.
    const releaseIndex = new Map<number, number>();
    let production = await productionOf();
    releaseIndex.set(production, 0);
    let pushes = 0;
    let stalenessSum = 0;

    /** Waits until every edge serves production, then downloads it. */
    const settle = async (): Promise<Float32Array> => {
      production = await productionOf();
      if (!releaseIndex.has(production)) releaseIndex.set(production, releaseIndex.size);
      await Promise.all(agents.map((a) => servesVersion(a, production)));
      return fetchParams(coordinator.url, adminToken, production, spec.hash);
    };

    const syncStep = async (examples: readonly (E | null)[]): Promise<Float32Array> => {
      examples.forEach((e, r) => (current[r] = e));
      // Edges without examples sit the round out; the round then closes with what arrived, as on a deadline.
      const taking = agents.filter((_, r) => examples[r] !== null && options.countExamples(examples[r]!) > 0);
      if (taking.length === 0) return settle();
      const pushed = taking.map((agent) => nextPush(agent));
      const round = await admin.admin.rounds.open.mutate();
      const results = await Promise.all(pushed);
      for (const p of results) if (p.roundId !== round.id) throw new Error(`edge pushed to round ${p.roundId}, expected ${round.id}`);
      if (taking.length < regions) await admin.admin.rounds.close.mutate({ round: round.id });
      pushes += results.length;
      return settle();
    };

    const asyncStep = async (examples: readonly (E | null)[]): Promise<Float32Array> => {
      const ready: { region: number; update: PendingUpdate }[] = [];
      for (const [r, e] of examples.entries()) {
        if (e === null || options.countExamples(e) === 0) continue;
        current[r] = e;
        ready.push({ region: r, update: await agents[r]!.trainUpdate() });
      }
      // Edges finish at different times: the pushes land in a seeded order.
      for (let i = ready.length - 1; i > 0; i--) {
        const j = Math.floor(order() * (i + 1));
        [ready[i], ready[j]] = [ready[j]!, ready[i]!];
      }
      for (const { region, update } of ready) {
        const result = await agents[region]!.submit(update);
        if (result === null) continue;
        pushes++;
        stalenessSum += releaseIndex.size - 1 - (releaseIndex.get(update.baseVersion) ?? 0);
        if (result.newVersion !== null) {
          const now = await productionOf();
          if (!releaseIndex.has(now)) releaseIndex.set(now, releaseIndex.size);
        }
      }
      return settle();
    };

    const strategyName = settings.strategy.name;
    return {
      byzantine,
      label: `${strategyName}, ${regions} edges over HTTP, ${settings.mode === "async" ? `async (buffer ${buffer})` : "sync"}${byzantine.size > 0 ? `, ${byzantine.size} Byzantine` : ""}`,
      step: async (examples) => {
        if (examples.length !== regions) throw new Error(`step needs examples for ${regions} edges, got ${examples.length}`);
        return settings.mode === "async" ? asyncStep(examples) : syncStep(examples);
      },
      stats: () => ({ releases: releaseIndex.size - 1, pushes, meanStaleness: pushes === 0 ? 0 : stalenessSum / pushes }),
      close: shutdown,
    };
  } catch (error) {
    await shutdown();
    throw error;
  }
}

/** FedBuff's K for `regions` edges: the setting, or half the edges rounded up when it is 0. */
export function asyncBufferSize(setting: number, regions: number): number {
  return Math.max(1, Math.min(regions, setting > 0 ? setting : Math.ceil(regions / 2)));
}

/** The regions whose edges attack: ⌊share·regions⌋ of them, a seeded choice. */
export function chooseByzantine(regions: number, share: number, seed: number): Set<number> {
  const count = Math.floor(share * regions + 1e-9);
  const rng = mulberry32(seed ^ 0x5eed);
  const order = Array.from({ length: regions }, (_, i) => i);
  for (let i = regions - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return new Set(order.slice(0, count));
}

/** Resolves with the agent's next push, rejects on its next error. */
function nextPush<E>(agent: EdgeAgent<E>): Promise<PushedEvent> {
  return new Promise((resolve, reject) => {
    const onPushed = (event: PushedEvent) => {
      agent.off("error", onError);
      resolve(event);
    };
    const onError = (error: Error) => {
      agent.off("pushed", onPushed);
      reject(error);
    };
    agent.once("pushed", onPushed);
    agent.once("error", onError);
  });
}

/** Resolves once the agent serves `version` (it swaps on the release event). */
async function servesVersion<E>(agent: EdgeAgent<E>, version: number): Promise<void> {
  while (agent.version !== version) {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, 200);
      function done() {
        clearTimeout(timer);
        agent.off("swapped", done);
        resolve();
      }
      agent.once("swapped", done);
    });
  }
}

async function fetchParams(baseUrl: string, token: string, version: number, specHash: string): Promise<Float32Array> {
  const res = await fetch(new URL(`/v1/models/${version}/params`, baseUrl), { headers: { authorization: `Bearer ${token}` } });
  if (!res.ok) throw new Error(`downloading version ${version}: HTTP ${res.status}`);
  return decodeVector(new Uint8Array(await res.arrayBuffer()), { kind: "params", specHash }).values;
}
