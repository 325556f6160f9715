/**
 * The digest queue's jobs. Ids are deterministic — workspace + day — so the scheduler's fan-out and the
 * reconciler never queue one day twice; the handler is idempotent anyway (claims in the database).
 */
import type { Queue } from 'bullmq';
import type { Deps } from '../../deps';
import { createQueue, queueNames } from '../../jobs/queues';

/** At a (zone, send time): one send-digest job per workspace that sends then. */
export const FAN_OUT_DIGESTS_JOB = 'fan-out-digests';
export const SEND_DIGEST_JOB = 'send-digest';
/** Every few minutes: schedulers for every (zone, time) in use, and any digest due but not composed. */
export const RECONCILE_DIGESTS_JOB = 'reconcile-digests';
export const RECONCILE_DIGESTS_EVERY_MS = 5 * 60_000;

export interface FanOutData {
  timeZone: string;
  sendTime: string;
}
export interface SendDigestData {
  workspaceId: string;
  day: string;
}

// BullMQ refuses ':' in custom ids.
export const sendDigestJobId = (workspaceId: string, day: string, retry?: string) =>
  retry ? `digest.${workspaceId}.${day}.${retry}` : `digest.${workspaceId}.${day}`;
/** One scheduler per zone and send time, e.g. `digest-at.Asia~Seoul.08~30`. */
export const schedulerId = (timeZone: string, sendTime: string) => `digest-at.${timeZone.replace(/[/:]/g, '~')}.${sendTime.replace(':', '~')}`;
export const SCHEDULER_PREFIX = 'digest-at.';

const keep = { removeOnComplete: { age: 3 * 86_400, count: 5_000 }, removeOnFail: { age: 7 * 86_400 } };

export async function enqueueSendDigest(queue: Queue, data: SendDigestData, retry?: string) {
  await queue.add(SEND_DIGEST_JOB, data, {
    ...keep,
    jobId: sendDigestJobId(data.workspaceId, data.day, retry),
    attempts: 3,
    backoff: { type: 'exponential', delay: 60_000 },
  });
}

const queues = new WeakMap<Deps, Queue>();
/** The process's handle on the digest queue, one per set of deps. */
export function digestQueue(deps: Deps): Queue {
  let queue = queues.get(deps);
  if (!queue) {
    queue = createQueue(deps, queueNames.digest);
    queues.set(deps, queue);
  }
  return queue;
}
