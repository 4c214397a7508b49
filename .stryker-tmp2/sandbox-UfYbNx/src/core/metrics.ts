// @ts-nocheck
import { Counter, Gauge, Histogram, Registry } from "prom-client";
import type { TransportHooks } from "./theta/transport.js";

/** Prometheus metrics of one process (served on /metrics). */
export class Metrics {
  readonly registry = new Registry();
  readonly queueDepth = new Gauge({
    name: "theta_bot_queue_jobs",
    help: "Jobs in the queue by state",
    labelNames: ["state"],
    registers: [this.registry],
  });
  readonly jobDuration = new Histogram({
    name: "theta_bot_job_duration_seconds",
    help: "Time from submit to final state, by kind, service and outcome",
    labelNames: ["kind", "service", "outcome"],
    buckets: [1, 2, 5, 10, 20, 30, 60, 120, 300, 600, 1800],
    registers: [this.registry],
  });
  readonly thetaLatency = new Histogram({
    name: "theta_bot_theta_request_seconds",
    help: "Theta API request latency by family, method and status",
    labelNames: ["family", "method", "status"],
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60],
    registers: [this.registry],
  });
  readonly thetaErrors = new Counter({
    name: "theta_bot_theta_errors_total",
    help: "Theta API answers with status >= 400, by family and status",
    labelNames: ["family", "status"],
    registers: [this.registry],
  });
  readonly spend = new Counter({
    name: "theta_bot_spend_usd_total",
    help: "Cost Theta reported for finished jobs, by tenant",
    labelNames: ["tenant"],
    registers: [this.registry],
  });

  /** Transport hooks that feed the Theta latency and error metrics. */
  thetaHooks(): TransportHooks {
    return {
      onResponse: (e) => {
        this.thetaLatency.observe(
          { family: e.family, method: e.method, status: String(e.status) },
          e.ms / 1000,
        );
        if (e.status >= 400) this.thetaErrors.inc({ family: e.family, status: String(e.status) });
      },
    };
  }

  jobFinished(e: {
    kind: string;
    service: string;
    outcome: string;
    seconds: number;
    tenant: string;
    costUsd?: number;
  }) {
    this.jobDuration.observe({ kind: e.kind, service: e.service, outcome: e.outcome }, e.seconds);
    if (e.costUsd) this.spend.inc({ tenant: e.tenant }, e.costUsd);
  }
}
