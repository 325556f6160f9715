import { Gauge } from 'prom-client';
import type { Deps } from '../../deps';
import { createQueue, queueNames } from '../../jobs/queues';
import { registry } from './metrics';

const STATES = ['waiting', 'delayed', 'active', 'failed', 'completed', 'prioritized'] as const;

/**
 * Queue depths and the age of the oldest waiting job, read from Redis when Prometheus scrapes (so every
 * process shows the cluster's queues). Registered once per process, for the first set of deps.
 */
export function registerQueueMetrics(deps: Deps): void {
  if (registry.getSingleMetric('sotong_queue_jobs')) return;
  const queues = Object.values(queueNames).map((name) => createQueue(deps, name));
  new Gauge({
    name: 'sotong_queue_jobs',
    help: 'Jobs per queue and state',
    labelNames: ['queue', 'state'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const queue of queues) {
        const counts = await queue.getJobCounts(...STATES);
        for (const state of STATES) this.set({ queue: queue.name, state }, counts[state] ?? 0);
      }
    },
  });
  new Gauge({
    name: 'sotong_queue_oldest_waiting_age_seconds',
    help: 'Age of the oldest job waiting to run, per queue (0 when none waits)',
    labelNames: ['queue'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const queue of queues) {
        const [oldest] = await queue.getJobs(['waiting'], -1, -1, true);
        this.set({ queue: queue.name }, oldest ? Math.max(0, (Date.now() - oldest.timestamp) / 1000) : 0);
      }
    },
  });
}
