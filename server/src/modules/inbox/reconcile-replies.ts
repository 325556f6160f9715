import type { Queue } from 'bullmq';
import type { Deps } from '../../deps';
import { stuckReplies } from './inbox-repository';
import { enqueueDelivery } from './outbound-jobs';

const BATCH = 500;
/** A reply still `sending` this long after it was written has lost its job (or its worker). */
const STUCK_AFTER_MS = 60_000;

/**
 * The database is the source of truth: a reply still `sending` a minute after it was written gets a job
 * again (one per minute at most). The job's claim decides what happens: a fresh claim is left alone, a
 * stale or unknown one is looked for on the network first.
 */
export async function reconcileReplies(deps: Deps, queue: Queue, now = new Date()) {
  const rows = await stuckReplies(deps.prisma, new Date(now.getTime() - STUCK_AFTER_MS), BATCH);
  const minute = Math.floor(now.getTime() / 60_000);
  for (const row of rows) await enqueueDelivery(queue, row.id, `rc${minute}`);
  return { requeued: rows.length };
}
