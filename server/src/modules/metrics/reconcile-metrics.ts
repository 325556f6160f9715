/**
 * The metrics reconciler (every few minutes): the database says which readings exist, so any reading
 * overdue by more than GRACE_MS — its job was lost with Redis, or failed for good — gets a job now.
 * Its id carries the hour, so a reading the network cannot give (a post deleted there) is asked for at
 * most once an hour, until the next checkpoint takes its place.
 */
import type { Queue } from 'bullmq';
import type { Deps } from '../../deps';
import { checkpointAt, dueCheckpoint, LAST_CHECKPOINT_MS } from './checkpoints';
import { enqueueMetrics } from './metrics-jobs';
import { readingStates } from './metrics-repository';

export const RECONCILE_METRICS_EVERY_MS = 5 * 60_000;
/** A due reading's own job normally runs within seconds; past this it is looked after here. */
export const GRACE_MS = 10 * 60_000;

export async function reconcileMetrics(deps: Deps, queue: Queue, now = new Date()) {
  const since = new Date(now.getTime() - LAST_CHECKPOINT_MS - 86_400_000);
  const states = await readingStates(deps.prisma, since, new Date(now.getTime() - GRACE_MS));
  const hour = Math.floor(now.getTime() / 3_600_000);
  let added = 0;
  for (const s of states) {
    const checkpoint = dueCheckpoint(s.publishedAt, now, new Set(s.have));
    if (!checkpoint || checkpointAt(s.publishedAt, checkpoint).getTime() > now.getTime() - GRACE_MS) continue;
    await enqueueMetrics(queue, { variantId: s.id, checkpoint }, now, `h${hour}`);
    added += 1;
  }
  return { checked: states.length, added };
}
