import type { Job, Queue } from 'bullmq';
import { providerFor } from '../../channels/providers/registry';
import type { Deps } from '../../deps';
import { createWorker, queueNames, type RunningWorker } from '../../jobs/queues';
import { deliverReply, type ReplyContext } from './deliver-reply';
import { mailEscalations } from './mail-escalations';
import { closeOnlineProbe } from './online-members';
import {
  DELIVER_REPLY_JOB,
  type DeliverReplyData,
  MAIL_ESCALATIONS_EVERY_MS,
  MAIL_ESCALATIONS_JOB,
  outboundQueue,
  RECONCILE_REPLIES_EVERY_MS,
  RECONCILE_REPLIES_JOB,
} from './outbound-jobs';
import { reconcileReplies } from './reconcile-replies';

const keep = { removeOnComplete: 100, removeOnFail: 100 };

/**
 * The inbox's outbound worker: replies (each mostly waits on the network), the reconciler of replies stuck
 * in `sending`, and the departments' mail outbox. Stalled jobs are noticed within seconds; a stalled reply
 * is never sent blind (its claim makes the next run ask the network first).
 */
export async function startInboxOutboundWorker(deps: Deps, options: { concurrency?: number } = {}): Promise<{ worker: RunningWorker; queue: Queue }> {
  const queue = outboundQueue(deps);
  await queue.upsertJobScheduler(RECONCILE_REPLIES_JOB, { every: RECONCILE_REPLIES_EVERY_MS }, { name: RECONCILE_REPLIES_JOB, opts: keep });
  await queue.upsertJobScheduler(MAIL_ESCALATIONS_JOB, { every: MAIL_ESCALATIONS_EVERY_MS }, { name: MAIL_ESCALATIONS_JOB, opts: keep });
  const ctx: ReplyContext = { deps, queue, providers: (name) => providerFor(deps.config, name), keys: deps.config.decryptionKeys };
  const worker = createWorker(
    deps,
    queueNames.inboxOutbound,
    async (job: Job) => {
      switch (job.name) {
        case DELIVER_REPLY_JOB:
          return deliverReply(ctx, job.data as DeliverReplyData);
        case RECONCILE_REPLIES_JOB:
          return reconcileReplies(deps, queue);
        case MAIL_ESCALATIONS_JOB:
          return mailEscalations(deps);
        default:
          throw new Error(`unknown inbox job ${job.name}`);
      }
    },
    options.concurrency ?? 50,
    { lockDuration: 20_000, stalledInterval: 10_000, maxStalledCount: 3 },
  );
  return {
    worker: {
      worker: worker.worker,
      close: async () => {
        await worker.close();
        await closeOnlineProbe(deps);
      },
    },
    queue,
  };
}
