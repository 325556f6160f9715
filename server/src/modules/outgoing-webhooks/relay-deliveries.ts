/**
 * Every second: new outbox rows get their job, rows whose job was lost (Redis wiped, a crash between the
 * commit and the queue) are queued again, and claims of workers that died mid-try are released. Several
 * relays at once are harmless: rows are picked with SKIP LOCKED and every try starts with an exclusive claim.
 */
import type { Queue } from 'bullmq';
import type { Deps } from '../../deps';
import { MAX_ATTEMPTS } from './backoff';
import { TIMEOUT_MS } from './post-webhook';
import { enqueueDeliveries } from './webhook-jobs';
import { pickForRelay, purgeFinished, releaseStaleClaims } from './webhook-repository';

const BATCH = 1000;
/** A try lasts at most TIMEOUT_MS; a claim this old belongs to a worker that is gone. */
export const STALE_CLAIM_MS = TIMEOUT_MS * 6;
export const RETENTION_DAYS = 30;

export async function relayDeliveries(deps: Deps, queue: Queue): Promise<{ queued: number; requeued: number; released: number }> {
  const released = await releaseStaleClaims(deps.prisma, STALE_CLAIM_MS, MAX_ATTEMPTS);
  const rows = await pickForRelay(deps.prisma, BATCH);
  const tag = `r${Math.floor(Date.now() / 1000)}`;
  await enqueueDeliveries(
    queue,
    rows.map((r) => ({ id: r.id, attempt: r.attempts + 1, ...(r.lost ? { tag } : {}) })),
  );
  const requeued = rows.filter((r) => r.lost).length;
  if (requeued || released) deps.logger.info({ requeued, released }, 'webhook deliveries queued again');
  return { queued: rows.length - requeued, requeued, released };
}

export function purgeOldDeliveries(deps: Deps, now = new Date()): Promise<number> {
  return purgeFinished(deps.prisma, new Date(now.getTime() - RETENTION_DAYS * 86_400_000));
}
