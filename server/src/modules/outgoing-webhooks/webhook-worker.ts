/** The outgoing-webhooks worker: deliveries (each mostly waits on the receiver), the relay and the purge. */
import type { Job } from 'bullmq';
import type { Deps } from '../../deps';
import { createWorker, queueNames, type RunningWorker } from '../../jobs/queues';
import { type DeliverContext, deliverWebhook } from './deliver-webhook';
import { purgeOldDeliveries, relayDeliveries } from './relay-deliveries';
import {
  DELIVER_WEBHOOK_JOB,
  type DeliverWebhookData,
  PURGE_EVERY_MS,
  PURGE_WEBHOOKS_JOB,
  RELAY_EVERY_MS,
  RELAY_WEBHOOKS_JOB,
  webhookQueue,
} from './webhook-jobs';

const keep = { removeOnComplete: 100, removeOnFail: 100 };

export async function startWebhookWorker(deps: Deps, options: { concurrency?: number; resolve?: DeliverContext['resolve'] } = {}) {
  const queue = webhookQueue(deps);
  await queue.upsertJobScheduler(RELAY_WEBHOOKS_JOB, { every: RELAY_EVERY_MS }, { name: RELAY_WEBHOOKS_JOB, opts: keep });
  await queue.upsertJobScheduler(PURGE_WEBHOOKS_JOB, { every: PURGE_EVERY_MS }, { name: PURGE_WEBHOOKS_JOB, opts: keep });
  const ctx: DeliverContext = { deps, queue, resolve: options.resolve };
  const worker: RunningWorker = createWorker(
    deps,
    queueNames.outgoingWebhooks,
    async (job: Job) => {
      switch (job.name) {
        case DELIVER_WEBHOOK_JOB:
          return deliverWebhook(ctx, (job.data as DeliverWebhookData).deliveryId);
        case RELAY_WEBHOOKS_JOB:
          return relayDeliveries(deps, queue);
        case PURGE_WEBHOOKS_JOB:
          return purgeOldDeliveries(deps);
        default:
          throw new Error(`unknown outgoing-webhooks job ${job.name}`);
      }
    },
    options.concurrency ?? 16,
    { lockDuration: 30_000, stalledInterval: 15_000, maxStalledCount: 3 },
  );
  return { worker, queue };
}
