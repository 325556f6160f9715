/**
 * The job behind every stored webhook delivery: parse, thread, store, mark processed — in one
 * transaction, so a crash leaves the delivery unprocessed (and the sweeper queues it again) and a
 * second run finds it processed and does nothing. Deliveries are locked FOR UPDATE SKIP LOCKED: the
 * job and a sweep running at once never process one twice. Under load a job also takes the other waiting
 * deliveries (oldest first, up to 400), so a burst becomes a few large transactions instead of many small
 * ones; the jobs of the deliveries it took find nothing left and end at once. A batch that fails is retried delivery by
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
  const rows = await deps.prisma.$queryRawUnsafe<DeliveryRow[]>(
    drain
      ? `(SELECT id, source::text AS source, body, "receivedAt" FROM "WebhookDelivery" WHERE id = ANY($1::uuid[]) AND "processedAt" IS NULL)
         UNION
         (SELECT id, source::text AS source, body, "receivedAt" FROM "WebhookDelivery" WHERE "processedAt" IS NULL AND attempts = 0
          ORDER BY "receivedAt" LIMIT ${DRAIN})`
      : `SELECT id, source::text AS source, body, "receivedAt" FROM "WebhookDelivery" WHERE id = ANY($1::uuid[]) AND "processedAt" IS NULL`,
    ids,
  );
  if (rows.length === 0) return result;
  const itemsOf = new Map<string, IngestItem[]>();
  const unreadable: string[] = [];
  for (const row of rows) {
    try {
      itemsOf.set(row.id, parseWebhook(row.source, row.body, row.receivedAt));
    } catch {
      unreadable.push(row.id);
    }
  }
  const prepared = await prepareIngest(deps, [...itemsOf.values()].flat());
  const outcome = await deps.prisma.$transaction(
    async (tx) => {
      const locked = await tx.$queryRawUnsafe<Array<{ id: string }>>(
        `SELECT id FROM "WebhookDelivery" WHERE id = ANY($1::uuid[]) AND "processedAt" IS NULL ORDER BY id FOR UPDATE SKIP LOCKED`,
        rows.map((r) => r.id),
      );
      if (locked.length === 0) return null;
      const lockedIds = locked.map((l) => l.id);
      const items = lockedIds.flatMap((id) => itemsOf.get(id) ?? []);
      const applied = await applyIngest(tx, prepared, items);
      await tx.$executeRawUnsafe(
        `UPDATE "WebhookDelivery" SET "processedAt" = now(), attempts = attempts + 1,
           error = CASE WHEN id = ANY($2::uuid[]) THEN 'unreadable body' ELSE NULL END
         WHERE id = ANY($1::uuid[])`,
        lockedIds,
        unreadable,
      );
      return { ...applied, deliveries: lockedIds.length };
    },
    { timeout: 60_000, maxWait: 30_000 },
  );
  if (!outcome) return result;
  // Labelled by the network that sent the batch (Meta: Pages and Instagram; X; a drained batch may hold both).
  const senders = [...new Set(rows.map((r) => r.source))].sort().join('+');
  const stored = outcome.counts.created + outcome.counts.edited + outcome.counts.deleted;
  if (stored) inboxIngested.inc({ provider: senders, source: 'webhook' }, stored);
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
