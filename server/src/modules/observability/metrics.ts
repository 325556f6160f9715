/**
 * What Sotong measures, in Prometheus terms (prom-client), one registry per process. The API serves it at
 * `GET /metrics`; a worker process started with METRICS_PORT serves it on that port. Counters and
 * histograms are this process's; the queue gauges read Redis when scraped, so they are cluster-wide.
 */
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

export const registry = new Registry();
collectDefaultMetrics({ register: registry, prefix: 'sotong_process_' });

export const httpDuration = new Histogram({
  name: 'sotong_http_request_duration_seconds',
  help: 'HTTP request latency by method, route template and status class',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [registry],
});

/** Lateness of the public call: when it was sent minus the scheduled instant (≥ 0: nothing goes out early). */
export const publishLateness = new Histogram({
  name: 'sotong_publish_lateness_seconds',
  help: 'Seconds between a variant’s scheduled instant and its publishing call',
  labelNames: ['provider'] as const,
  buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300],
  registers: [registry],
});

export const publishOutcomes = new Counter({
  name: 'sotong_publish_outcomes_total',
  help: 'Publish attempts by provider and outcome (published, rate_limited, transient, rejected, auth_expired, unknown_outcome, held)',
  labelNames: ['provider', 'outcome'] as const,
  registers: [registry],
});

export const inboxIngested = new Counter({
  name: 'sotong_inbox_messages_ingested_total',
  help: 'Inbound messages stored (new or changed) by provider and source (webhook, poll)',
  labelNames: ['provider', 'source'] as const,
  registers: [registry],
});

export const reconcilerRuns = new Counter({
  name: 'sotong_reconciler_runs_total',
  help: 'Publishing reconciler runs in this process',
  registers: [registry],
});

export const reconcilerLastRun = new Gauge({
  name: 'sotong_reconciler_last_run_timestamp_seconds',
  help: 'When this process last reconciled the publishing queue (unix seconds)',
  registers: [registry],
});
