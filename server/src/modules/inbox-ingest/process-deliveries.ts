/**
 * The job behind every stored webhook delivery: parse, thread, store, mark processed — in one
 * transaction, so a crash leaves the delivery unprocessed (and the sweeper queues it again) and a
 * second run finds it processed and does nothing. Deliveries are locked FOR UPDATE SKIP LOCKED: the
 * job and a sweep running at once never process one twice. Under load a job also takes the other waiting
 * deliveries (oldest first, up to 400), so a burst becomes a few large transactions instead of many small
 * ones; rows are locked before they are parsed, so jobs running at once never work on the same ones, and
 * the jobs of the deliveries it took find nothing left and end at once. A batch that fails is retried delivery by
 * delivery, so one bad payload cannot hold the others back; it keeps its error and attempt count.
 */
import type { Deps } from '../../deps';
import { inboxIngested } from '../observability/metrics';
import { applyIngest, type IngestCounts, prepareIngest, publishIngestEvents } from './ingest-messages';
import type { IngestItem } from './ingest-types';
import { parseWebhook } from './parse-webhook';

interface DeliveryRow {
  id: string;
  source: 'meta' | 'x';
  body: string;
  receivedAt: Date;
}

export interface ProcessResult extends IngestCounts {
  deliveries: number;
  failed: number;
}

const empty = (): ProcessResult => ({ deliveries: 0, failed: 0, created: 0, edited: 0, deleted: 0, unchanged: 0, ignored: 0 });

/** Under load a job also takes up to this many other waiting deliveries (oldest first): fewer, larger transactions. */
const DRAIN = 400;

async function processBatch(deps: Deps, ids: string[], drain: boolean): Promise<ProcessResult> {
  const result = empty();
  const outcome = await deps.prisma.$transaction(
    async (tx) => {
      // Locked before anything is parsed: jobs running at once each take their own rows (SKIP LOCKED), so
      // no two parse and prepare the same waiting deliveries only for one of them to store them.
      const rows = await tx.$queryRawUnsafe<DeliveryRow[]>(
        `WITH mine AS (
           SELECT id FROM "WebhookDelivery" WHERE id = ANY($1::uuid[]) AND "processedAt" IS NULL ORDER BY id FOR UPDATE SKIP LOCKED
         )${
           drain
             ? `, more AS (
           SELECT id FROM "WebhookDelivery" WHERE "processedAt" IS NULL AND attempts = 0 AND NOT (id = ANY($1::uuid[]))
           ORDER BY "receivedAt" LIMIT ${DRAIN} FOR UPDATE SKIP LOCKED
         )`
             : ''
         }
         SELECT id, source::text AS source, body, "receivedAt" FROM "WebhookDelivery"
         WHERE id IN (SELECT id FROM mine${drain ? ' UNION ALL SELECT id FROM more' : ''})`,
        ids,
      );
      if (rows.length === 0) return null;
      const items: IngestItem[] = [];
      const unreadable: string[] = [];
      for (const row of rows) {
        try {
          items.push(...parseWebhook(row.source, row.body, row.receivedAt));
        } catch {
          unreadable.push(row.id);
        }
      }
      const prepared = await prepareIngest(deps, items, tx);
      const applied = await applyIngest(tx, prepared, items);
      await tx.$executeRawUnsafe(
        `UPDATE "WebhookDelivery" SET "processedAt" = now(), attempts = attempts + 1,
           error = CASE WHEN id = ANY($2::uuid[]) THEN 'unreadable body' ELSE NULL END
         WHERE id = ANY($1::uuid[])`,
        rows.map((r) => r.id),
        unreadable,
      );
      return { ...applied, deliveries: rows.length, senders: [...new Set(rows.map((r) => r.source))].sort().join('+') };
    },
    { timeout: 60_000, maxWait: 30_000 },
  );
  if (!outcome) return result;
  // Labelled by the network that sent the batch (Meta: Pages and Instagram; X; a drained batch may hold both).
  const stored = outcome.counts.created + outcome.counts.edited + outcome.counts.deleted;
  if (stored) inboxIngested.inc({ provider: outcome.senders, source: 'webhook' }, stored);
  publishIngestEvents(deps, outcome.events);
  return { ...result, ...outcome.counts, deliveries: outcome.deliveries };
}

export async function processDeliveries(deps: Deps, ids: string[]): Promise<ProcessResult> {
  try {
    return await processBatch(deps, ids, true);
  } catch (error) {
    if (ids.length === 1) {
      await deps.prisma
        .$executeRawUnsafe(
          `UPDATE "WebhookDelivery" SET attempts = attempts + 1, error = $2 WHERE id = $1::uuid AND "processedAt" IS NULL`,
          ids[0],
          String((error as Error).message ?? error).slice(0, 500),
        )
        .catch(() => undefined);
      throw error;
    }
    deps.logger.warn({ err: error, deliveries: ids.length }, 'webhook batch failed; processing its deliveries one by one');
    const total = empty();
    for (const id of ids) {
      try {
        const one = await processBatch(deps, [id], false);
        for (const key of Object.keys(total) as Array<keyof ProcessResult>) total[key] += one[key];
      } catch (inner) {
        total.failed += 1;
        deps.logger.warn({ err: inner, deliveryId: id }, 'webhook delivery failed');
        await deps.prisma
          .$executeRawUnsafe(
            `UPDATE "WebhookDelivery" SET attempts = attempts + 1, error = $2 WHERE id = $1::uuid AND "processedAt" IS NULL`,
            id,
            String((inner as Error).message ?? inner).slice(0, 500),
          )
          .catch(() => undefined);
      }
    }
    return total;
  }
}
