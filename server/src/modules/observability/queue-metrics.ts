import type { Queue } from 'bullmq';
import { Gauge } from 'prom-client';
import type { Deps } from '../../deps';
import { createQueue, queueNames } from '../../jobs/queues';
import { registry } from './metrics';

const STATES = ['waiting', 'delayed', 'active', 'failed', 'completed', 'prioritized'] as const;
/** The queues of every app this process serves (one in production; several in a test process), by Redis prefix. */
const served = new Map<string, Queue[]>();

/**
 * Queue depths and the age of the oldest waiting job, read from Redis when Prometheus scrapes (so every
 * process shows the cluster's queues).
 */
export function registerQueueMetrics(deps: Deps): void {
  if (!served.has(deps.redisPrefix))
    served.set(
      deps.redisPrefix,
      Object.values(queueNames).map((name) => createQueue(deps, name)),
    );
  if (registry.getSingleMetric('sotong_queue_jobs')) return;
  new Gauge({
    name: 'sotong_queue_jobs',
    help: 'Jobs per queue and state',
    labelNames: ['queue', 'state'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const queues of served.values()) {
        for (const queue of queues) {
          const counts = await queue.getJobCounts(...STATES);
          for (const state of STATES) this.inc({ queue: queue.name, state }, counts[state] ?? 0);
        }
      }
    },
  });
  new Gauge({
    name: 'sotong_queue_oldest_waiting_age_seconds',
    help: 'Age of the oldest job waiting to run, per queue (0 when none waits)',
    labelNames: ['queue'] as const,
    registers: [registry],
    async collect() {
      const oldest = new Map<string, number>();
      for (const queues of served.values()) {
        for (const queue of queues) {
          const [job] = await queue.getJobs(['waiting'], -1, -1, true);
          const age = job ? Math.max(0, (Date.now() - job.timestamp) / 1000) : 0;
          oldest.set(queue.name, Math.max(oldest.get(queue.name) ?? 0, age));
        }
      }
      this.reset();
      for (const [queue, age] of oldest) this.set({ queue }, age);
    },
  });
}
