import type { Job, Queue } from 'bullmq';
import type { Deps } from '../../deps';
import { createWorker, queueNames, type RunningWorker } from '../../jobs/queues';
import {
  digestQueue,
  FAN_OUT_DIGESTS_JOB,
  type FanOutData,
  RECONCILE_DIGESTS_EVERY_MS,
  RECONCILE_DIGESTS_JOB,
  SEND_DIGEST_JOB,
  type SendDigestData,
} from './digest-jobs';
import { declareDigestSchedulers, fanOutDigests, reconcileDigests } from './schedule-digests';
import { sendDigest } from './send-digest';

const keep = { removeOnComplete: 50, removeOnFail: 50 };

/** Runs one digest job (exported for tests that drive two workers at once). */
export async function runDigestJob(deps: Deps, queue: Queue, job: Pick<Job, 'name' | 'data'>) {
  switch (job.name) {
    case SEND_DIGEST_JOB: {
      const result = await sendDigest(deps, job.data as SendDigestData);
      // Mails the SMTP server refused were given back: fail the job so BullMQ retries them with backoff.
      if (result.failed > 0) throw new Error(`${result.failed} digest e-mails failed; retrying`);
      return result;
    }
    case FAN_OUT_DIGESTS_JOB:
      return fanOutDigests(deps, queue, job.data as FanOutData);
    case RECONCILE_DIGESTS_JOB:
      return reconcileDigests(deps, queue);
    default:
      throw new Error(`unknown digest job ${job.name}`);
  }
}

/**
 * The digest worker: the per-zone schedulers' fan-outs, the send jobs and the reconciler. The
 * reconciler's own scheduler is declared again every few minutes, so a Redis wipe never stops it.
 */
export async function startDigestWorker(deps: Deps): Promise<{ worker: RunningWorker; queue: Queue }> {
  const queue = digestQueue(deps);
  const declare = () =>
    queue.upsertJobScheduler(RECONCILE_DIGESTS_JOB, { every: RECONCILE_DIGESTS_EVERY_MS }, { name: RECONCILE_DIGESTS_JOB, opts: keep });
  await declare();
  // The per-zone schedulers exist once any worker has started (the reconciler keeps them in step after).
  await declareDigestSchedulers(deps, queue);
  const redeclare = setInterval(
    () => void declare().catch((error) => deps.logger.warn({ err: error }, 'could not declare the digest scheduler')),
    RECONCILE_DIGESTS_EVERY_MS,
  );
  redeclare.unref();
  const worker = createWorker(deps, queueNames.digest, (job: Job) => runDigestJob(deps, queue, job), 2);
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
