import type { Queue } from 'bullmq';
import type { Deps } from '../../deps';
import { createQueue, queueNames } from '../../jobs/queues';
import { networkLimits, providers } from '../posts/rules/network-rules';
import { enqueueAudienceCheck, enqueuePublish } from './publish-jobs';
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
  await queueAudienceChecks(deps, postId);
}

const TARGETED = providers.filter((p) => networkLimits[p].organicTargeting);

/**
 * Every scheduled variant of the post with a segment, on a network that targets: its audience is checked
 * with the network now (check-audience.ts), however far off its time. Best effort: the publish job
 * meets any problem again at its second.
 */
async function queueAudienceChecks(deps: Deps, postId: string): Promise<void> {
  const targeted = await deps.prisma.variant.findMany({
    where: { postId, state: 'scheduled', deletedAt: null, segmentId: { not: null }, channelAccount: { provider: { in: TARGETED } } },
    select: { id: true, scheduleVersion: true },
  });
  try {
    for (const v of targeted) await enqueueAudienceCheck(publishQueue(deps), v);
  } catch (error) {
    deps.logger.warn({ postId, err: error }, 'could not queue the audience checks');
  }
}
