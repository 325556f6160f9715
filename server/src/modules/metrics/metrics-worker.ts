import type { Job, Queue } from 'bullmq';
import type { Deps } from '../../deps';
import { createWorker, queueNames, type RunningWorker } from '../../jobs/queues';
import { collectFollowers, FAN_OUT_FOLLOWERS_EVERY_MS, fanOutFollowers } from './collect-followers';
import { collectMetrics } from './collect-metrics';
import {
  COLLECT_FOLLOWERS_JOB,
  COLLECT_METRICS_JOB,
  FAN_OUT_FOLLOWERS_JOB,
  type FollowersJobData,
  type MetricsJobData,
  metricsQueue,
  RECONCILE_METRICS_JOB,
} from './metrics-jobs';
import { RECONCILE_METRICS_EVERY_MS, reconcileMetrics } from './reconcile-metrics';

const keep = { removeOnComplete: 50, removeOnFail: 50 };

/**
 * The metrics worker: readings per published variant, follower counts per channel, the reconciler.
 * The schedulers live in Redis: they are declared again every few minutes (idempotent), so a Redis
 * wipe never stops them.
 */
export async function startMetricsWorker(deps: Deps): Promise<{ worker: RunningWorker; queue: Queue }> {
  const queue = metricsQueue(deps);
  const declare = async () => {
    await queue.upsertJobScheduler(RECONCILE_METRICS_JOB, { every: RECONCILE_METRICS_EVERY_MS }, { name: RECONCILE_METRICS_JOB, opts: keep });
    await queue.upsertJobScheduler(FAN_OUT_FOLLOWERS_JOB, { every: FAN_OUT_FOLLOWERS_EVERY_MS }, { name: FAN_OUT_FOLLOWERS_JOB, opts: keep });
  };
  await declare();
  const redeclare = setInterval(
    () => void declare().catch((error) => deps.logger.warn({ err: error }, 'could not declare the metrics schedulers')),
    RECONCILE_METRICS_EVERY_MS,
  );
  redeclare.unref();
  const worker = createWorker(
    deps,
    queueNames.metrics,
    async (job: Job) => {
      switch (job.name) {
        case COLLECT_METRICS_JOB:
          return collectMetrics({ deps, queue }, job.data as MetricsJobData);
        case COLLECT_FOLLOWERS_JOB:
          return collectFollowers(deps, job.data as FollowersJobData);
        case RECONCILE_METRICS_JOB:
          return reconcileMetrics(deps, queue);
        case FAN_OUT_FOLLOWERS_JOB:
          return fanOutFollowers(deps, queue);
        default:
          throw new Error(`unknown metrics job ${job.name}`);
      }
    },
    4,
  );
  return {
    worker: {
      worker: worker.worker,
      close: async () => {
        clearInterval(redeclare);
        await worker.close();
      },
    },
    queue,
  };
}
