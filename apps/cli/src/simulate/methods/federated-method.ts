import { mulberry32 } from "@tributary/datasets";
import type { Trainable } from "@tributary/model";
import { startFederation } from "../federation.js";
import { ReplayBuffer, replayCount } from "../replay-buffer.js";
import type { SimulateConfig } from "../simulate-config.js";
import type { LearningTask } from "./learning-task.js";
import type { Method, Stage } from "./method.js";

/** Options of {@link createFederatedMethod}. */
export interface FederatedMethodOptions<E, H extends Trainable<E>, S> {
  /** What is learned: ranking a catalog, or classifying texts. */
  readonly task: LearningTask<E, H, S>;
  /** One edge per region, named after it. */
  readonly regionNames: readonly string[];
  readonly config: SimulateConfig;
}

/**
 * An edge in async mode pushes once it has collected this share of an average
 * region's part of a step's new records; smaller regions wait, and their data
 * carries over to the next step (the data-volume trigger of seed §4).
 */
const ASYNC_TRIGGER_SHARE = 0.5;

/**
 * The federated method through the real system (federation.ts): a coordinator
 * and one edge agent per region over loopback HTTP; every region is served by
 * the production model (all regions share it).
 *
 * Sync: every round each edge trains on its region's new records of the stage
 * plus a fresh replay sample of its own history (an edge with neither sits the
 * round out). Async (FedBuff): a window's records reach the edges in
 * `roundsPerWindow` slices in time order; an edge trains and pushes when its
 * unlearned records pass the trigger, the coordinator steps every K pushes, and
 * pushes that land after a step are stale. The warm-up runs as rounds over the
 * whole warm-up history in both modes.
 * @throws whatever starting the federation throws
 */
export async function createFederatedMethod<E extends { readonly y: ArrayLike<number> }, H extends Trainable<E>, S>(options: FederatedMethodOptions<E, H, S>): Promise<Method<S>> {
  const { task, config } = options;
  const regions = options.regionNames.length;
  const global = await task.createHead(task.settings.seed);
  const federation = await startFederation<E>({
    settings: config,
    regionNames: options.regionNames,
    createModel: () => task.createHead(task.settings.seed),
    initialParams: global.getParams(),
    emptyExamples: task.examples([], mulberry32(0)),
    countExamples: (examples) => examples.y.length,
    training: task.training,
  }).catch((error: unknown) => {
    global.dispose();
    throw error;
  });
  const buffers = Array.from({ length: regions }, () => new ReplayBuffer());
  const rngs = Array.from({ length: regions }, (_, r) => mulberry32(task.settings.seed * 31 + r));
  const pending: number[][] = Array.from({ length: regions }, () => []);
  const scorer = task.scorer(global);

  /** Region r's examples: `fresh` plus (after the warm-up) a replay sample of what it learned before; null when it has neither. */
  const examplesOf = (r: number, fresh: ArrayLike<number>, stage: number): E | null => {
    const replay = stage < 0 ? new Int32Array(0) : buffers[r]!.sample(replayCount(fresh.length, task.replayRatio), rngs[r]!);
    return fresh.length + replay.length === 0 ? null : task.examples([...Array.from(fresh), ...replay], rngs[r]!);
  };

  const learnInRounds = async (stage: Stage, rounds: number) => {
    const fresh = Array.from({ length: regions }, (_, r) => task.inRegion(stage.interactions, r));
    for (let round = 0; round < rounds; round++) {
      global.setParams(await federation.step(fresh.map((f, r) => examplesOf(r, f, stage.index))));
    }
    for (let r = 0; r < regions; r++) buffers[r]!.add(fresh[r]!);
  };

  const learnAsync = async (stage: Stage) => {
    const slices = config.roundsPerWindow;
    const records = stage.interactions;
    const trigger = Math.max(1, Math.ceil((ASYNC_TRIGGER_SHARE * records.length) / (regions * slices)));
    for (let s = 0; s < slices; s++) {
      const slice = records.subarray(Math.floor((s * records.length) / slices), Math.floor(((s + 1) * records.length) / slices));
      const examples = Array.from({ length: regions }, (_, r) => {
        pending[r]!.push(...task.inRegion(slice, r));
        return pending[r]!.length >= trigger ? examplesOf(r, pending[r]!, stage.index) : null;
      });
      if (examples.every((e) => e === null)) continue;
      global.setParams(await federation.step(examples));
      examples.forEach((e, r) => {
        if (e === null) return;
        buffers[r]!.add(pending[r]!);
        pending[r] = [];
      });
    }
  };

  return {
    name: "federated",
    label: `federated (${federation.label})`,
    async learn(stage: Stage) {
      if (stage.index < 0) await learnInRounds(stage, config.warmupRounds);
      else if (config.mode === "async") await learnAsync(stage);
      else await learnInRounds(stage, config.roundsPerWindow);
    },
    scorer: () => scorer,
    stats: () => ({ ...federation.stats() }),
    async dispose() {
      await federation.close();
      global.dispose();
    },
  };
}
