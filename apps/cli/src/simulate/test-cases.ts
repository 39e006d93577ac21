import { mulberry32, sampleNegatives } from "@tributary/datasets";
import { drawWithoutReplacement } from "./draw-without-replacement.js";
import type { ItemFeatures } from "./item-features.js";
import type { StreamPlan } from "./stream-plan.js";

/**
 * One prequential test case: a held-out interaction of a window, ranked by a
 * model trained only on what came before the window. The user vector uses the
 * user's history up to the interaction (what the edge knows when it serves).
 */
export interface TestCase {
  /** The interaction's index in the stream plan. */
  readonly interaction: number;
  readonly region: number;
  /** User vector in the projected space (plan.dim) and in the encoder's space (features.rawDim). */
  readonly q: Float32Array;
  readonly qRaw: Float32Array;
  /** Catalog rows: the positive first, then the 99 sampled negatives. */
  readonly candidates: Int32Array;
  /** Items the user interacted with before (left out of the full-catalog ranking, as is usual). */
  readonly seen: Int32Array;
  /** Also ranked against the whole catalog. */
  readonly fullCatalog: boolean;
}

/** Options of {@link buildTestCases}. */
export interface TestCaseOptions {
  readonly plan: StreamPlan;
  readonly features: ItemFeatures;
  readonly window: number;
  /** Users need at least this much history for a test case. Default 3. */
  readonly minHistory?: number;
  readonly perUser: number;
  readonly max: number;
  readonly fullCatalog: number;
  readonly seed: number;
}

/**
 * The test cases of one window: for each user active in it, up to `perUser`
 * of their interactions (seeded draw among those with enough history), at most
 * `max` in all; each positive gets 99 negatives the user never touched up to the
 * end of the window (packages/datasets' sampleNegatives, the NCF protocol).
 */
export function buildTestCases(options: TestCaseOptions): TestCase[] {
  const { plan, features } = options;
  const minHistory = options.minHistory ?? 3;
  const rng = mulberry32(options.seed * 7919 + options.window);
  const window = plan.windows[options.window]!;
  const byUser = new Map<string, number[]>();
  for (const i of window) {
    if (plan.historyLength[i]! < minHistory) continue;
    const user = plan.interactions[i]!.userId;
    byUser.set(user, [...(byUser.get(user) ?? []), i]);
  }
  let chosen: number[] = [];
  for (const [, mine] of [...byUser].sort((a, b) => a[1][0]! - b[1][0]!)) chosen.push(...drawWithoutReplacement(mine, options.perUser, rng));
  if (chosen.length > options.max) chosen = drawWithoutReplacement(chosen, options.max, rng);
  chosen.sort((a, b) => a - b);
  const end = window[window.length - 1]! + 1;
  const users = new Set(chosen.map((i) => plan.interactions[i]!.userId));
  const history = plan.interactions.slice(0, end).filter((interaction) => users.has(interaction.userId));
  const samples = sampleNegatives({ positives: chosen.map((i) => plan.interactions[i]!), catalog: features.ids, history, seed: options.seed + options.window });
  const full = new Set(drawWithoutReplacement(chosen, options.fullCatalog, rng));
  return chosen.map((i, k) => {
    const user = plan.interactions[i]!.userId;
    const earlier = plan.byUser.get(user)!.filter((j) => j < i).map((j) => plan.item[j]!);
    const sample = samples[k]!;
    return {
      interaction: i,
      region: plan.region[i]!,
      q: plan.userVectors.slice(i * plan.dim, (i + 1) * plan.dim),
      qRaw: meanRows(features.raw, features.rawDim, earlier),
      candidates: Int32Array.from([plan.item[i]!, ...sample.negatives.map((id) => features.indexOf.get(id)!)]),
      seen: Int32Array.from(earlier),
      fullCatalog: full.has(i),
    };
  });
}

function meanRows(matrix: Float32Array, dim: number, rows: readonly number[]): Float32Array {
  const out = new Float32Array(dim);
  for (const r of rows) for (let j = 0; j < dim; j++) out[j]! += matrix[r * dim + j]! / rows.length;
  return out;
}
