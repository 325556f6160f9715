/**
 * The inbox's outbound queue: replies going out through the networks, and department e-mails of
 * escalations. Jobs carry ids only; every reply job starts with an exclusive claim, so an extra job
 * (a retry, the reconciler, a duplicate) can never send a second reply.
 */
import type { Queue } from 'bullmq';
import type { Deps } from '../../deps';
import { createQueue, queueNames } from '../../jobs/queues';

export const DELIVER_REPLY_JOB = 'deliver-reply';
/** Finds replies stuck in `sending` (a job Redis lost, a worker that died) and queues them again. */
export const RECONCILE_REPLIES_JOB = 'reconcile-replies';
export const RECONCILE_REPLIES_EVERY_MS = 60_000;
/** Mails departments their new escalations (the outbox is the Escalation row: `emailedAt`). */
export const MAIL_ESCALATIONS_JOB = 'mail-escalations';
export const MAIL_ESCALATIONS_EVERY_MS = 30_000;

export interface DeliverReplyData {
  messageId: string;
  /** Not before this instant (epoch ms): a rate limit's reset, a backoff. */
  notBefore?: number;
}

const keep = { removeOnComplete: { age: 3600, count: 5_000 }, removeOnFail: { age: 7 * 86_400 } };

// BullMQ refuses custom ids with ':' (beyond its own form): dots separate the parts.
export const deliverJobId = (messageId: string, tag: string | number) => `reply.${messageId}.${tag}`;

const queues = new WeakMap<Deps, Queue>();
/** The process's handle on the outbound queue (shares the deps' Redis connection). */
export function outboundQueue(deps: Deps): Queue {
  let queue = queues.get(deps);
  if (!queue) {
    queue = createQueue(deps, queueNames.inboxOutbound);
    queues.set(deps, queue);
  }
  return queue;
}

/** Queues one delivery try; `tag` makes the job id (a new tag per try, the same tag never twice). */
export async function enqueueDelivery(queue: Queue, messageId: string, tag: string | number, at?: Date): Promise<void> {
  const data: DeliverReplyData = { messageId, ...(at ? { notBefore: at.getTime() } : {}) };
  await queue.add(DELIVER_REPLY_JOB, data, { ...keep, jobId: deliverJobId(messageId, tag), delay: at ? Math.max(0, at.getTime() - Date.now()) : 0 });
}

/** Best effort from a request: if Redis is down the reconciler queues it within a minute. */
export async function enqueueDeliverySoon(deps: Deps, messageId: string, tag: string | number): Promise<void> {
  try {
    await enqueueDelivery(outboundQueue(deps), messageId, tag);
  } catch (error) {
    deps.logger.warn({ messageId, err: error }, 'could not queue a reply now; the reconciler will');
  }
}

export async function enqueueEscalationMail(deps: Deps, escalationId: string): Promise<void> {
  try {
    await outboundQueue(deps).add(MAIL_ESCALATIONS_JOB, {}, { ...keep, jobId: `escalation-mail.${escalationId}` });
  } catch (error) {
    deps.logger.warn({ escalationId, err: error }, 'could not queue the department mail now; the next outbox run will send it');
  }
}
