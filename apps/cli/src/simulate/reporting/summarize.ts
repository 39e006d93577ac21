import { METRIC_NAMES } from "../ranking-metrics-of.js";
import type { SimulationResult } from "../run-simulation.js";
import { methodMeans } from "./method-means.js";

/** One method's metrics averaged over the windows. */
export interface MethodSummary {
  readonly method: string;
  readonly ndcg10: number;
  readonly hr10: number;
  readonly fullNdcg10: number;
  /** NDCG@10 drop on the first window's test cases from right after learning it to the end. */
  readonly forgetting: number;
}

/** A goal of issue 8, checked on this run. */
export interface GoalCheck {
  readonly goal: string;
  readonly ratio: number | null;
  readonly target: number;
  /** For ≥ goals ratio ≥ target; for ≤ goals (forgetting) ratio ≤ target. */
  readonly met: boolean | null;
}

/** The run in one object: the closing JSON line and the report's summary. */
export interface SimulationSummary {
  readonly methods: MethodSummary[];
  readonly goals: GoalCheck[];
}

/** Averages each method's window metrics and checks the goals that concern the methods present. */
export function summarize(result: SimulationResult): SimulationSummary {
  const methods: MethodSummary[] = methodMeans(result, METRIC_NAMES);
  const of = (name: string) => methods.find((m) => m.method === name);
  const goals: GoalCheck[] = [];
  const ratioGoal = (goal: string, a: string, b: string, target: number) => {
    const x = of(a);
    const y = of(b);
    if (!x || !y) return;
    const ratio = y.ndcg10 > 0 ? x.ndcg10 / y.ndcg10 : null;
    goals.push({ goal, ratio, target, met: ratio === null ? null : ratio >= target });
  };
  ratioGoal("federated NDCG@10 ≥ 0.97 × centralized", "federated", "centralized", 0.97);
  ratioGoal("federated NDCG@10 ≥ 1.15 × local-only", "federated", "local-only", 1.15);
  ratioGoal("federated NDCG@10 ≥ 1.2 × popularity", "federated", "popularity", 1.2);
  const fed = of("federated");
  const naive = of("naive");
  if (fed && naive) {
    // Forgetting at or below zero meets the goal whatever naive's value.
    const ratio = naive.forgetting > 0 ? Math.max(0, fed.forgetting) / naive.forgetting : null;
    goals.push({ goal: "federated forgetting ≤ 0.5 × naive", ratio, target: 0.5, met: fed.forgetting <= 0 ? true : ratio === null ? null : ratio <= 0.5 });
  }
  return { methods, goals };
}
