/**
 * Housekeeping of the raw webhook deliveries.
 *
 * Every 15 s: deliveries stored but not processed for a while (their job was lost with Redis, or the
 * worker crashed) are queued again, oldest first. A delivery that failed 8 times is left for a person
 * (its error is kept); processing is idempotent, so a sweep racing the original job is harmless.
 *
 * Every hour (the housekeeping purge): processed deliveries older than KEEP_PROCESSED_MS are deleted. The
 * messages they carried are in the inbox; the raw bodies (customers' names and words) are kept only as
 * long as they help to answer "what exactly did the network send?". Unprocessed ones are never deleted.
 */
import type { Queue } from 'bullmq';
import type { Deps } from '../../deps';
import { PROCESS_DELIVERIES_JOB } from './job-names';

export const SWEEP_EVERY_MS = 15_000;
const STALE_MS = 10_000;
const MAX_ATTEMPTS = 8;
const GROUP = 200;

export async function sweepDeliveries(deps: Deps, queue: Queue, now = new Date()): Promise<number> {
  const rows = await deps.prisma.$queryRawUnsafe<Array<{ id: string }>>(
    `SELECT id FROM "WebhookDelivery" WHERE "processedAt" IS NULL AND "receivedAt" < $1::timestamptz AND attempts < $2
     ORDER BY "receivedAt" LIMIT 20000`,
    new Date(now.getTime() - STALE_MS).toISOString(),
    MAX_ATTEMPTS,
  );
  const stamp = Math.floor(now.getTime() / SWEEP_EVERY_MS);
  for (let i = 0; i < rows.length; i += GROUP) {
    const ids = rows.slice(i, i + GROUP).map((r) => r.id);
    await queue.add(
      PROCESS_DELIVERIES_JOB,
      { deliveryIds: ids },
      { jobId: `sweep.${ids[0]}.${stamp}`, attempts: 3, backoff: { type: 'exponential', delay: 2_000 }, removeOnComplete: 1000, removeOnFail: 1000 },
    );
  }
  if (rows.length) deps.logger.info({ deliveries: rows.length }, 'queued unprocessed webhook deliveries again');
  return rows.length;
}

/** Processed deliveries are kept a week, then deleted. */
export const KEEP_PROCESSED_MS = 7 * 86_400_000;
const DELETE_BATCH = 10_000;

/** Deletes processed deliveries older than the retention, 10,000 rows per statement (short locks); answers how many. */
export async function deleteProcessedDeliveries(deps: Pick<Deps, 'prisma'>, now = new Date()): Promise<number> {
  const before = new Date(now.getTime() - KEEP_PROCESSED_MS).toISOString();
  let total = 0;
  for (;;) {
    const deleted = await deps.prisma.$executeRawUnsafe(
      `DELETE FROM "WebhookDelivery" WHERE id IN (
         SELECT id FROM "WebhookDelivery" WHERE "processedAt" < $1::timestamptz LIMIT ${DELETE_BATCH})`,
      before,
    );
    total += deleted;
    if (deleted < DELETE_BATCH) return total;
  }
}
