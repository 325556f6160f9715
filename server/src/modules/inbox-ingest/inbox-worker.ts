/**
 * The inbox's workers and schedules. Stored webhook deliveries are processed on a queue of their own
 * (queueNames.inboxDeliveries): a poll waits on a network for a second or more, and with one shared set
 * of job slots a fan-out to every channel held live messages back behind it. The inbox-ingest queue
 * sweeps deliveries left unprocessed (and queues first polls for channels just connected) every 15 s,
 * polls every channel every INBOX_POLL_SECONDS, and marks overdue conversations every minute.
 */
import type { Job } from 'bullmq';
import type { Deps } from '../../deps';
import { createQueue, createWorker, queueNames, type RunningWorker } from '../../jobs/queues';
import {
  MARK_OVERDUE_JOB,
  POLL_CHANNEL_JOB,
  POLL_CHANNELS_JOB,
  type PollChannelData,
  PROCESS_DELIVERIES_JOB,
  type ProcessDeliveriesData,
  SWEEP_DELIVERIES_JOB,
} from './job-names';
import { markOverdue } from './mark-overdue';
import { fanOutPolls, pollChannel } from './poll-channels';
import { processDeliveries } from './process-deliveries';
import { SWEEP_EVERY_MS, sweepDeliveries } from './sweep-deliveries';

const keep = { removeOnComplete: 100, removeOnFail: 100 };
export const OVERDUE_EVERY_MS = 60_000;
/** Two at once: one job's statements overlap the other's round trips; each takes its own rows (SKIP LOCKED). */
const DELIVERY_CONCURRENCY = 2;

export async function startInboxIngestWorker(deps: Deps, options: { concurrency?: number } = {}) {
  const queue = createQueue(deps, queueNames.inboxIngest);
  const deliveriesQueue = createQueue(deps, queueNames.inboxDeliveries);
  await queue.upsertJobScheduler(SWEEP_DELIVERIES_JOB, { every: SWEEP_EVERY_MS }, { name: SWEEP_DELIVERIES_JOB, opts: keep });
  await queue.upsertJobScheduler(POLL_CHANNELS_JOB, { every: deps.config.inbox.pollIntervalMs }, { name: POLL_CHANNELS_JOB, opts: keep });
  await queue.upsertJobScheduler(MARK_OVERDUE_JOB, { every: OVERDUE_EVERY_MS }, { name: MARK_OVERDUE_JOB, opts: keep });
  const deliveries: RunningWorker = createWorker(
    deps,
    queueNames.inboxDeliveries,
    async (job: Job) => {
      if (job.name !== PROCESS_DELIVERIES_JOB) throw new Error(`unknown inbox-deliveries job ${job.name}`);
      return processDeliveries(deps, (job.data as ProcessDeliveriesData).deliveryIds);
    },
    DELIVERY_CONCURRENCY,
  );
  const ingest: RunningWorker = createWorker(
    deps,
    queueNames.inboxIngest,
    async (job: Job) => {
      switch (job.name) {
        case SWEEP_DELIVERIES_JOB: {
          const swept = await sweepDeliveries(deps, deliveriesQueue);
          const backfills = await fanOutPolls(deps, queue, { onlyNew: true });
          return { swept, backfills };
        }
        case POLL_CHANNELS_JOB:
          return fanOutPolls(deps, queue);
        case POLL_CHANNEL_JOB:
          return pollChannel(deps, (job.data as PollChannelData).channelAccountId);
        case MARK_OVERDUE_JOB:
          return markOverdue(deps);
        default:
          throw new Error(`unknown inbox-ingest job ${job.name}`);
      }
    },
    options.concurrency ?? 4,
  );
  return {
    workers: [deliveries, ingest],
    queue,
    deliveriesQueue,
    async close() {
      await Promise.all([deliveries.close(), ingest.close()]);
      await queue.close();
      await deliveriesQueue.close();
    },
  };
}
