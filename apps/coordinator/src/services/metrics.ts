import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

/**
 * The coordinator's Prometheus metrics, on a registry of its own (so several
 * coordinators in one process, as in tests, never collide).
 */
export class CoordinatorMetrics {
  readonly registry = new Registry();
  readonly rounds = new Counter({ name: "tributary_rounds_total", help: "Rounds ended, by outcome", labelNames: ["outcome"], registers: [this.registry] });
  readonly updatesAccepted = new Counter({ name: "tributary_updates_accepted_total", help: "Updates accepted and stored", registers: [this.registry] });
  readonly updatesRefused = new Counter({ name: "tributary_updates_refused_total", help: "Updates refused, by error code", labelNames: ["code"], registers: [this.registry] });
  readonly aggregationSeconds = new Histogram({
    name: "tributary_aggregation_seconds",
    help: "Time to aggregate a round and write its version",
    buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 120],
    registers: [this.registry],
  });
  readonly productionVersion = new Gauge({ name: "tributary_production_version", help: "The version the production alias points at", registers: [this.registry] });
  readonly edgesAlive: Gauge;

  /** @param countAlive returns the number of edges seen recently; read on every scrape */
  constructor(countAlive: () => Promise<number>) {
    this.edgesAlive = new Gauge({
      name: "tributary_edges_alive",
      help: "Edges seen in the last 2 minutes",
      registers: [this.registry],
      async collect() {
        this.set(await countAlive());
      },
    });
    collectDefaultMetrics({ register: this.registry, prefix: "tributary_coordinator_" });
  }
}
