import type { Forgetting } from "../prequential-run.js";
import type { MethodWindowMetrics } from "./metric-charts.js";

/** One method's metrics averaged over the windows, and its forgetting (the drop; NaN when unknown). */
export type MethodMeans<K extends string> = { readonly method: string } & { readonly [key in K]: number } & { readonly forgetting: number };

const mean = (xs: readonly number[]) => (xs.length === 0 ? Number.NaN : xs.reduce((a, b) => a + b, 0) / xs.length);

/** Each method's mean of every metric in `keys` over the windows (keys in that order), then its forgetting. */
export function methodMeans<K extends string>(result: MethodWindowMetrics<K> & { readonly forgetting: Readonly<Record<string, Forgetting>> }, keys: readonly K[]): MethodMeans<K>[] {
  return result.methods.map(({ name }) => {
    const rows = result.metrics[name]!;
    const means = Object.fromEntries(keys.map((k) => [k, mean(rows.map((r) => r[k]))]));
    return { method: name, ...means, forgetting: result.forgetting[name]?.drop ?? Number.NaN } as MethodMeans<K>;
  });
}
