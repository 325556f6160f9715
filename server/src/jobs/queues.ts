import { type Processor, Queue, Worker, type WorkerOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Deps } from '../deps';

/** Every queue's name, in one place. */
export const queueNames = {
  housekeeping: 'housekeeping',
  /** Inbox ingestion: polling, the delivery sweep, deadlines (modules/inbox-ingest/). */
  inboxIngest: 'inbox-ingest',
  /** Stored webhook deliveries to process: a queue of their own, so a slow poll never holds a live message back. */
  inboxDeliveries: 'inbox-deliveries',
  metrics: 'metrics',
  notifications: 'notifications',
  publish: 'publish',
  /** Inbox replies going out through the networks, and department e-mails of escalations. */
  inboxOutbound: 'inbox-outbound',
  /** Signed event deliveries to admins' webhook endpoints (modules/outgoing-webhooks/). */
  outgoingWebhooks: 'outgoing-webhooks',
  /** The morning digest: per-zone schedulers, one send job per workspace and day (modules/digest/). */
  digest: 'digest',
} as const;
export type QueueName = (typeof queueNames)[keyof typeof queueNames];

/** BullMQ wants its own connection per worker, with no per-command retry limit. */
export function queueConnection(deps: Deps): Redis {
  return deps.redis.duplicate({ maxRetriesPerRequest: null });
}

export function createQueue(deps: Deps, name: QueueName): Queue {
  return new Queue(name, { connection: deps.redis, prefix: deps.redisPrefix });
}

export interface RunningWorker {
  worker: Worker;
  /** Waits for jobs in progress to finish, then closes the worker's connection. */
  close(): Promise<void>;
}

export function createWorker(
  deps: Deps,
  name: QueueName,
  processor: Processor,
  concurrency = 1,
  options: Pick<WorkerOptions, 'lockDuration' | 'stalledInterval' | 'maxStalledCount'> = {},
): RunningWorker {
  const connection = queueConnection(deps);
  const worker = new Worker(name, processor, { connection, prefix: deps.redisPrefix, concurrency, autorun: true, ...options });
  worker.on('failed', (job, error) => deps.logger.warn({ queue: name, jobId: job?.id, err: error }, 'job failed'));
  worker.on('error', (error) => deps.logger.error({ queue: name, err: error }, 'worker error'));
  return {
    worker,
    async close() {
      await worker.close();
      await connection.quit().catch(() => undefined);
    },
  };
}
