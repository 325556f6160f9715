/**
 * The outgoing-webhooks queue: one `deliver-webhook` job per try (ids only), the relay every second (new
 * outbox rows, lost jobs, claims of dead workers) and an hourly purge of old finished deliveries.
 */
import type { Queue } from 'bullmq';
import type { Deps } from '../../deps';
import { createQueue, queueNames } from '../../jobs/queues';

export const DELIVER_WEBHOOK_JOB = 'deliver-webhook';
export const RELAY_WEBHOOKS_JOB = 'relay-webhooks';
export const RELAY_EVERY_MS = 1_000;
export const PURGE_WEBHOOKS_JOB = 'purge-webhook-deliveries';
export const PURGE_EVERY_MS = 3_600_000;

export interface DeliverWebhookData {
  deliveryId: string;
}

const keep = { removeOnComplete: { age: 3600, count: 2_000 }, removeOnFail: { age: 7 * 86_400 } };

const queues = new WeakMap<Deps, Queue>();
/** The process's handle on the queue (shares the deps' Redis connection). */
export function webhookQueue(deps: Deps): Queue {
  let queue = queues.get(deps);
  if (!queue) {
    queue = createQueue(deps, queueNames.outgoingWebhooks);
    queues.set(deps, queue);
  }
  return queue;
}

/** The job of try `attempt` of a delivery; `tag` tells a re-queue of a lost job from the first one. */
export const deliverJobId = (deliveryId: string, attempt: number, tag?: string) => `whd.${deliveryId}.${attempt}${tag ? `.${tag}` : ''}`;

export async function enqueueDeliveries(queue: Queue, items: Array<{ id: string; attempt: number; tag?: string; delayMs?: number }>): Promise<void> {
  if (items.length === 0) return;
  await queue.addBulk(
    items.map((item) => ({
      name: DELIVER_WEBHOOK_JOB,
      data: { deliveryId: item.id } satisfies DeliverWebhookData,
      opts: { ...keep, jobId: deliverJobId(item.id, item.attempt, item.tag), delay: Math.max(0, item.delayMs ?? 0) },
    })),
  );
}

/** Best effort from a request (a ping, a redelivery): if Redis is down the relay queues it within a minute. */
export async function enqueueSoon(deps: Deps, deliveryId: string, attempt: number): Promise<void> {
  try {
    await enqueueDeliveries(webhookQueue(deps), [{ id: deliveryId, attempt }]);
  } catch (error) {
    deps.logger.warn({ deliveryId, err: error }, 'could not queue a webhook delivery now; the relay will');
  }
}
