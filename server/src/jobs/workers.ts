import type { Queue } from 'bullmq';
import type { Deps } from '../deps';
import { PURGE_EXPIRED_JOB, purgeExpired } from '../modules/auth/jobs/purge-expired';
import { REFRESH_X_EVERY_MS, REFRESH_X_TOKENS_JOB, runRefreshXTokens } from '../modules/channels/jobs/refresh-x-tokens';
import { startDigestWorker } from '../modules/digest/digest-worker';
import { startInboxOutboundWorker } from '../modules/inbox/outbound-worker';
import { startInboxIngestWorker } from '../modules/inbox-ingest/inbox-worker';
import { startMetricsWorker } from '../modules/metrics/metrics-worker';
import {
  MAIL_EVERY_MS,
  MAIL_NOTIFICATIONS_JOB,
  REMIND_EVERY_MS,
  REMIND_REVIEWERS_JOB,
  runMailNotifications,
  runReviewReminders,
} from '../modules/notifications/jobs/notification-jobs';
import { startWebhookWorker } from '../modules/outgoing-webhooks/webhook-worker';
import { startPublishWorker } from '../modules/publishing/publish-worker';
import {
  EXTEND_ALL_SERIES_JOB,
  EXTEND_EVERY_MS,
  EXTEND_SERIES_JOB,
  type ExtendSeriesData,
  fanOutSeriesExtension,
  runSeriesExtension,
} from '../modules/recurrence/jobs/extend-series-job';
import { createQueue, createWorker, queueNames, type RunningWorker } from './queues';

export interface Workers {
  workers: RunningWorker[];
  close(): Promise<void>;
}

const keep = { removeOnComplete: 100, removeOnFail: 100 };

/**
 * Starts every worker of this process. Repeatable jobs are declared with job schedulers, which
 * are idempotent: several worker processes declaring the same scheduler create it once.
 */
export async function startWorkers(deps: Deps): Promise<Workers> {
  const housekeeping: Queue = createQueue(deps, queueNames.housekeeping);
  await housekeeping.upsertJobScheduler(PURGE_EXPIRED_JOB, { every: 60 * 60_000 }, { name: PURGE_EXPIRED_JOB, opts: keep });
  await housekeeping.upsertJobScheduler(EXTEND_ALL_SERIES_JOB, { every: EXTEND_EVERY_MS }, { name: EXTEND_ALL_SERIES_JOB, opts: keep });
  await housekeeping.upsertJobScheduler(REFRESH_X_TOKENS_JOB, { every: REFRESH_X_EVERY_MS }, { name: REFRESH_X_TOKENS_JOB, opts: keep });
  const notifications: Queue = createQueue(deps, queueNames.notifications);
  await notifications.upsertJobScheduler(MAIL_NOTIFICATIONS_JOB, { every: MAIL_EVERY_MS }, { name: MAIL_NOTIFICATIONS_JOB, opts: keep });
  await notifications.upsertJobScheduler(REMIND_REVIEWERS_JOB, { every: REMIND_EVERY_MS }, { name: REMIND_REVIEWERS_JOB, opts: keep });

  const publishing = await startPublishWorker(deps);
  const inboxIngest = await startInboxIngestWorker(deps);
  const inboxOutbound = await startInboxOutboundWorker(deps);
  const metrics = await startMetricsWorker(deps);
  const webhooks = await startWebhookWorker(deps);
  const digest = await startDigestWorker(deps);
  const workers = [
    publishing.worker,
    ...inboxIngest.workers,
    inboxOutbound.worker,
    metrics.worker,
    webhooks.worker,
    digest.worker,
    createWorker(deps, queueNames.housekeeping, async (job) => {
      switch (job.name) {
        case PURGE_EXPIRED_JOB:
          return purgeExpired(deps);
        case EXTEND_ALL_SERIES_JOB:
          return fanOutSeriesExtension(deps, housekeeping);
        case EXTEND_SERIES_JOB:
          return runSeriesExtension(deps, job.data as ExtendSeriesData);
        case REFRESH_X_TOKENS_JOB:
          return runRefreshXTokens(deps);
        default:
          throw new Error(`unknown housekeeping job ${job.name}`);
      }
    }),
    createWorker(deps, queueNames.notifications, async (job) => {
      switch (job.name) {
        case MAIL_NOTIFICATIONS_JOB:
          return runMailNotifications(deps);
        case REMIND_REVIEWERS_JOB:
          return runReviewReminders(deps);
        default:
          throw new Error(`unknown notifications job ${job.name}`);
      }
    }),
  ];
  await Promise.all(workers.map((w) => w.worker.waitUntilReady()));
  deps.logger.info({ queues: Object.values(queueNames) }, 'workers started');
  return {
    workers,
    async close() {
      await Promise.all(workers.map((w) => w.close()));
      await housekeeping.close();
      await notifications.close();
      await publishing.queue.close();
      await inboxIngest.queue.close();
      await inboxIngest.deliveriesQueue.close();
      await inboxOutbound.queue.close();
      await metrics.queue.close();
      await webhooks.queue.close();
      await digest.queue.close();
    },
  };
}
