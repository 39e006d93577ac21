import type { Scorer } from "../scorer.js";
import type { StreamPlan } from "../stream-plan.js";
import type { TestCase } from "../test-cases.js";
import type { Method, Stage } from "./method.js";

/**
 * Popularity: every user gets the items with the most interactions so far,
 * pooled over all regions (the usual non-personalised baseline; it needs the
 * pooled counts, which a privacy-preserving system would not have).
 */
export function createPopularityMethod(plan: StreamPlan, catalogSize: number): Method {
  const counts = new Float32Array(catalogSize);
  const scorer: Scorer = {
    scoreCandidates: (cases: readonly TestCase[]) => cases.map((c) => Float32Array.from(c.candidates, (item) => counts[item]!)),
    scoreCatalog: () => counts.slice(),
  };
  return {
    name: "popularity",
    label: "popularity",
    async learn(stage: Stage) {
      for (const i of stage.interactions) counts[plan.item[i]!]!++;
    },
    scorer: () => scorer,
    async dispose() {},
  };
}
