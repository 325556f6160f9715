/**
 * The inbox-ingest queue's worker and its schedules: process stored webhook deliveries, sweep the ones
 * left unprocessed (and queue first polls for channels just connected) every 15 s, poll every channel
 * every INBOX_POLL_SECONDS, and mark overdue conversations every minute.
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

export async function startInboxIngestWorker(deps: Deps, options: { concurrency?: number } = {}) {
  const queue = createQueue(deps, queueNames.inboxIngest);
  await queue.upsertJobScheduler(SWEEP_DELIVERIES_JOB, { every: SWEEP_EVERY_MS }, { name: SWEEP_DELIVERIES_JOB, opts: keep });
  await queue.upsertJobScheduler(POLL_CHANNELS_JOB, { every: deps.config.inbox.pollIntervalMs }, { name: POLL_CHANNELS_JOB, opts: keep });
  await queue.upsertJobScheduler(MARK_OVERDUE_JOB, { every: OVERDUE_EVERY_MS }, { name: MARK_OVERDUE_JOB, opts: keep });
  const worker: RunningWorker = createWorker(
    deps,
    queueNames.inboxIngest,
    async (job: Job) => {
      switch (job.name) {
        case PROCESS_DELIVERIES_JOB:
          return processDeliveries(deps, (job.data as ProcessDeliveriesData).deliveryIds);
        case SWEEP_DELIVERIES_JOB: {
          const swept = await sweepDeliveries(deps, queue);
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
    worker,
    queue,
    async close() {
      await worker.close();
      await queue.close();
    },
  };
}
