import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

/**
 * The edge's Prometheus metrics, on a registry of its own (several edges can
 * live in one process, as in tests). Exposed at GET /metrics.
 */
export class EdgeMetrics {
  readonly registry = new Registry();
  /** Serving requests by route and outcome (ok | client_error | server_error). */
  readonly requests = new Counter({ name: "tributary_edge_requests_total", help: "Serving requests", labelNames: ["route", "outcome"], registers: [this.registry] });
  /** Serving latency, seconds. */
  readonly latency = new Histogram({
    name: "tributary_edge_request_seconds",
    help: "Serving latency in seconds",
    labelNames: ["route"],
    buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.5, 1],
    registers: [this.registry],
  });
  readonly feedback = new Counter({ name: "tributary_edge_feedback_events_total", help: "Feedback events stored, by kind", labelNames: ["kind"], registers: [this.registry] });
  readonly liveLoss = new Gauge({ name: "tributary_edge_live_loss", help: "Mean log loss of recent live feedback under the served model", registers: [this.registry] });
  readonly localLoss = new Gauge({ name: "tributary_edge_local_loss", help: "Training loss of the last local training run", registers: [this.registry] });
  readonly trainings = new Counter({ name: "tributary_edge_trainings_total", help: "Local training runs, by trigger", labelNames: ["trigger"], registers: [this.registry] });
  readonly drift = new Counter({ name: "tributary_edge_drift_events_total", help: "Drift alarms, by detector", labelNames: ["detector"], registers: [this.registry] });
  readonly outboxDepth = new Gauge({ name: "tributary_edge_outbox_depth", help: "Deltas waiting in the outbox", registers: [this.registry] });
  readonly outboxResults = new Counter({ name: "tributary_edge_outbox_results_total", help: "Outbox send results", labelNames: ["result"], registers: [this.registry] });
  readonly modelVersion = new Gauge({ name: "tributary_edge_model_version", help: "Global model version served (0 before the first)", registers: [this.registry] });
  readonly localRevision = new Gauge({ name: "tributary_edge_local_revision", help: "Local training runs applied on top of the served version", registers: [this.registry] });
  readonly connected = new Gauge({ name: "tributary_edge_coordinator_connected", help: "1 when the last call to the coordinator succeeded", registers: [this.registry] });

  /** @param processMetrics also collect Node's default process metrics (one edge per process) */
  constructor(processMetrics = false) {
    if (processMetrics) collectDefaultMetrics({ register: this.registry });
  }
}
