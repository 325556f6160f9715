/**
 * The metrics queue's jobs. Ids are deterministic — variant + checkpoint, channel + local day — so
 * adding a job twice never duplicates it; the handlers re-check the database and exit when the
 * reading exists already.
 */
import type { Queue } from 'bullmq';
import type { Deps } from '../../deps';
import { createQueue, queueNames } from '../../jobs/queues';
import type { Checkpoint } from './checkpoints';

export const COLLECT_METRICS_JOB = 'collect-metrics';
export const COLLECT_FOLLOWERS_JOB = 'collect-followers';
/** Every hour: one follower job per channel without today's reading. */
export const FAN_OUT_FOLLOWERS_JOB = 'fan-out-followers';
/** Every few minutes: readings that are overdue (their job was lost with Redis, or failed) get a job. */
export const RECONCILE_METRICS_JOB = 'reconcile-metrics';

export interface MetricsJobData {
  variantId: string;
  checkpoint: Checkpoint;
}
export interface FollowersJobData {
  channelAccountId: string;
  /** The workspace-zone day (YYYY-MM-DD) the reading is for. */
  day: string;
}

// BullMQ refuses ':' in custom ids: dots separate the parts.
export const metricsJobId = (variantId: string, checkpoint: Checkpoint, retry?: string) =>
  retry ? `metrics.${variantId}.${checkpoint}.${retry}` : `metrics.${variantId}.${checkpoint}`;
export const followersJobId = (channelAccountId: string, day: string) => `followers.${channelAccountId}.${day}`;

const keep = { removeOnComplete: { age: 86_400, count: 10_000 }, removeOnFail: { age: 7 * 86_400 } };

/** A metrics reading job, for `queue.add` or `queue.addBulk`. */
export function metricsJob(data: MetricsJobData, at: Date, retry?: string) {
  return {
    name: COLLECT_METRICS_JOB,
    data,
    opts: {
      ...keep,
      jobId: metricsJobId(data.variantId, data.checkpoint, retry),
      delay: Math.max(0, at.getTime() - Date.now()),
      attempts: 3,
      backoff: { type: 'exponential' as const, delay: 30_000 },
    },
  };
}

export async function enqueueMetrics(queue: Queue, data: MetricsJobData, at: Date, retry?: string) {
  const job = metricsJob(data, at, retry);
  await queue.add(job.name, job.data, job.opts);
}

export async function enqueueFollowers(queue: Queue, data: FollowersJobData) {
  await queue.add(COLLECT_FOLLOWERS_JOB, data, {
    ...keep,
    jobId: followersJobId(data.channelAccountId, data.day),
    attempts: 3,
    backoff: { type: 'exponential', delay: 60_000 },
  });
}

const queues = new WeakMap<Deps, Queue>();
/** The process's handle on the metrics queue, one per set of deps. */
export function metricsQueue(deps: Deps): Queue {
  let queue = queues.get(deps);
  if (!queue) {
    queue = createQueue(deps, queueNames.metrics);
    queues.set(deps, queue);
  }
  return queue;
}
