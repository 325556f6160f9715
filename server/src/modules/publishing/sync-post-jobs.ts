import type { Queue } from 'bullmq';
import type { Deps } from '../../deps';
import { createQueue, queueNames } from '../../jobs/queues';
import { enqueuePublish } from './publish-jobs';
import { WINDOW_MS } from './reconcile';

const queues = new WeakMap<Deps, Queue>();
/** The process's handle on the publish queue, one per set of deps (it shares their Redis connection). */
export function publishQueue(deps: Deps): Queue {
  let queue = queues.get(deps);
  if (!queue) {
    queue = createQueue(deps, queueNames.publish);
    queues.set(deps, queue);
  }
  return queue;
}

/**
 * After a post's schedule or state changed (approved, rescheduled, unscheduled): its queued variants
 * due within the window get their job now rather than at the next reconcile. Stale jobs of old
 * schedule versions stay and exit on their own. A Redis failure here loses nothing: the reconciler
 * adds what is missing within a minute.
 */
export async function syncPostJobs(deps: Deps, postId: string): Promise<void> {
  const until = new Date(Date.now() + WINDOW_MS);
  const variants = await deps.prisma.variant.findMany({
    where: { postId, state: 'scheduled', deletedAt: null, heldAt: null, scheduledAt: { not: null, lte: until }, post: { state: 'scheduled' } },
    select: { id: true, scheduleVersion: true, scheduledAt: true },
  });
  try {
    for (const v of variants) await enqueuePublish(publishQueue(deps), { ...v, scheduledAt: v.scheduledAt as Date });
  } catch (error) {
    deps.logger.warn({ postId, err: error }, 'could not queue publish jobs now; the reconciler will');
  }
}
