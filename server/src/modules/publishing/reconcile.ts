/**
 * The reconciler (at start and every minute): the database is the source of truth, Redis only
 * carries it out. Every queued variant due soon gets a job (so a Redis wipe loses nothing); a
 * variant due long ago is held for an admin instead of going out hours late; claims whose worker
 * died and unconfirmed attempts are sent to be resolved. Extra jobs are harmless: every publish
 * call is preceded by an exclusive claim.
 */
import type { Queue } from 'bullmq';
import type { Deps } from '../../deps';
import { reconcilerLastRun, reconcilerRuns } from '../observability/metrics';
import { enqueuePublish, enqueueResolve, publishJobId } from './publish-jobs';
import { staleAt } from './publish-variant';
import { lastAttempt, queuedVariants, setVariantOutcome, unsettledVariants } from './publishing-repository';

/** How far ahead jobs are kept in Redis; later ones are added as they come into the window. */
export const WINDOW_MS = 36 * 3_600_000;
/** A variant this overdue is not published on its own: an admin publishes it now or reschedules it. */
export const LATE_LIMIT_MS = 15 * 60_000;
const LIVE = new Set(['waiting', 'delayed', 'active', 'prioritized', 'waiting-children']);

export async function reconcilePublishing(deps: Deps, queue: Queue, now = new Date()) {
  const due = await queuedVariants(deps.prisma, new Date(now.getTime() + WINDOW_MS));
  let added = 0;
  let held = 0;
  const minute = Math.floor(now.getTime() / 60_000);
  for (const v of due) {
    const at = v.scheduledAt as Date;
    if (at.getTime() < now.getTime() - LATE_LIMIT_MS) {
      await setVariantOutcome(deps.prisma, v.id, { heldAt: now });
      held += 1;
      continue;
    }
    const job = await queue.getJob(publishJobId(v.id, v.scheduleVersion));
    const state = job ? await job.getState() : null;
    if (state && LIVE.has(state)) continue;
    // Missing (a Redis wipe) → the base job; present but done while the variant still waits → a fresh one.
    await enqueuePublish(queue, { id: v.id, scheduleVersion: v.scheduleVersion, scheduledAt: at }, state ? { retry: 10_000 + minute } : {});
    added += 1;
  }
  const unsettled = await unsettledVariants(deps.prisma);
  let resolving = 0;
  for (const v of unsettled) {
    if (v.state === 'publishing') {
      // A claim still within its run's time: look again when it would be stale (its job may be gone with Redis).
      const at = staleAt({ scheduledAt: v.scheduledAt, claimedAt: v.updatedAt, mediaCount: v._count.media });
      if (at > now) {
        await enqueuePublish(queue, { ...v, scheduledAt: at }, { retry: `c${at.getTime()}`, at });
        continue;
      }
      await setVariantOutcome(deps.prisma, v.id, { state: 'unconfirmed' });
    }
    const attempt = await lastAttempt(deps.prisma, v.id);
    await enqueueResolve(queue, v, attempt?.id ?? 'none', 1000 + minute, 0);
    resolving += 1;
  }
  reconcilerRuns.inc();
  reconcilerLastRun.set(now.getTime() / 1000);
  await deps.redis.set(`${deps.redisPrefix}:publishing:last-reconcile`, JSON.stringify({ at: now.toISOString(), added, held, unsettled: resolving }));
  return { checked: due.length, added, held, unsettled: resolving };
}
