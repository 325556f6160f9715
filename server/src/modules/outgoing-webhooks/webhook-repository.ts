/** All database access of outgoing webhooks. The signing secret leaves this file only for the delivery job. */
import type { Prisma } from '../../generated/prisma/client';
import type { Db } from '../../lib/db';

export const endpointSelect = {
  id: true,
  url: true,
  description: true,
  events: true,
  secretPrefix: true,
  enabled: true,
  createdAt: true,
  updatedAt: true,
} as const satisfies Prisma.WebhookEndpointSelect;
export type EndpointRow = Prisma.WebhookEndpointGetPayload<{ select: typeof endpointSelect }>;

const lastDeliverySelect = { id: true, event: true, status: true, lastStatus: true, createdAt: true } as const;

export function listEndpoints(db: Db, workspaceId: string) {
  return db.webhookEndpoint.findMany({
    where: { workspaceId },
    orderBy: { createdAt: 'asc' },
    select: { ...endpointSelect, deliveries: { orderBy: { createdAt: 'desc' }, take: 1, select: lastDeliverySelect } },
  });
}

export function findEndpoint(db: Db, workspaceId: string, id: string): Promise<EndpointRow | null> {
  return db.webhookEndpoint.findFirst({ where: { id, workspaceId }, select: endpointSelect });
}

export function countEndpoints(db: Db, workspaceId: string): Promise<number> {
  return db.webhookEndpoint.count({ where: { workspaceId } });
}

export function insertEndpoint(
  db: Db,
  data: { workspaceId: string; url: string; description: string; events: string[]; secret: string; secretKeyId: string; secretPrefix: string },
): Promise<EndpointRow> {
  return db.webhookEndpoint.create({ data, select: endpointSelect });
}

export function updateEndpointRow(
  db: Db,
  id: string,
  data: Partial<{ url: string; description: string; events: string[]; enabled: boolean; secret: string; secretKeyId: string; secretPrefix: string }>,
): Promise<EndpointRow> {
  return db.webhookEndpoint.update({ where: { id }, data, select: endpointSelect });
}

export async function deleteEndpointRow(db: Db, id: string): Promise<void> {
  await db.webhookEndpoint.delete({ where: { id }, select: { id: true } });
}

/* Deliveries */

export const deliverySelect = {
  id: true,
  event: true,
  status: true,
  attempts: true,
  nextAttemptAt: true,
  lastStatus: true,
  lastResponse: true,
  lastError: true,
  deliveredAt: true,
  redeliveryOfId: true,
  createdAt: true,
  updatedAt: true,
  payload: true,
  tries: {
    orderBy: { number: 'desc' },
    select: { number: true, startedAt: true, durationMs: true, responseStatus: true, responseBody: true, error: true },
  },
} as const satisfies Prisma.WebhookEventDeliverySelect;

/** An endpoint's deliveries, newest first, each with its attempts (newest first); `after` (a delivery id) pages on. */
export function listDeliveries(db: Db, endpointId: string, options: { limit: number; after?: string }) {
  return db.webhookEventDelivery.findMany({
    where: { endpointId },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: options.limit,
    ...(options.after ? { cursor: { id: options.after }, skip: 1 } : {}),
    select: deliverySelect,
  });
}

export function findDelivery(db: Db, endpointId: string, id: string) {
  return db.webhookEventDelivery.findFirst({
    where: { id, endpointId },
    select: { id: true, workspaceId: true, event: true, payload: true, createdAt: true },
  });
}

export function insertDelivery(
  db: Db,
  data: { workspaceId: string; endpointId: string; event: string; payload: Prisma.InputJsonValue; redeliveryOfId?: string | null },
) {
  return db.webhookEventDelivery.create({
    data: { ...data, status: 'pending', nextAttemptAt: new Date(), queuedAt: new Date() },
    select: { id: true, attempts: true },
  });
}

/** What the delivery job needs after its claim: the event, the endpoint's URL and sealed secret. */
export interface ClaimedDelivery {
  id: string;
  workspaceId: string;
  endpointId: string;
  event: string;
  payload: unknown;
  attempts: number;
  createdAt: Date;
  url: string;
  secret: string;
  secretKeyId: string;
}

/**
 * The exclusive claim of one try: a pending, due delivery of an enabled endpoint turns `delivering` and
 * counts the attempt, in one statement. The row lock makes it exclusive — a second worker re-checks
 * `status` after the lock and matches nothing — so one try is sent by one worker only.
 */
export async function claimDelivery(db: Db, id: string): Promise<ClaimedDelivery | null> {
  const rows = await db.$queryRaw<ClaimedDelivery[]>`
    UPDATE "WebhookEventDelivery" d SET status = 'delivering', "claimedAt" = now(), attempts = d.attempts + 1, "updatedAt" = now()
    FROM "WebhookEndpoint" e
    WHERE d.id = ${id}::uuid AND d.status = 'pending' AND d."nextAttemptAt" <= now() + interval '2 seconds'
      AND e.id = d."endpointId" AND e.enabled
    RETURNING d.id, d."workspaceId", d."endpointId", d.event, d.payload, d.attempts, d."createdAt", e.url, e.secret, e."secretKeyId"`;
  return rows[0] ?? null;
}

export interface AttemptRecord {
  deliveryId: string;
  number: number;
  startedAt: Date;
  durationMs: number;
  responseStatus: number | null;
  responseBody: string | null;
  error: string | null;
}

/** The try's log line and the delivery's new state, in one transaction: delivered, failed, or due again after `retryInMs`. */
export async function finishAttempt(db: Db, attempt: AttemptRecord, outcome: { delivered: boolean; retryInMs: number | null }): Promise<void> {
  await db.webhookDeliveryAttempt.create({ data: attempt, select: { id: true } });
  const status = outcome.delivered ? 'delivered' : outcome.retryInMs === null ? 'failed' : 'pending';
  await db.$executeRaw`
    UPDATE "WebhookEventDelivery" SET
      status = ${status}::"WebhookDeliveryStatus",
      "claimedAt" = NULL,
      "nextAttemptAt" = ${status === 'pending' ? (outcome.retryInMs ?? 0) : null}::int * interval '1 millisecond' + now(),
      "queuedAt" = CASE WHEN ${status} = 'pending' THEN now() ELSE NULL END,
      "deliveredAt" = CASE WHEN ${status} = 'delivered' THEN now() ELSE NULL END,
      "lastStatus" = ${attempt.responseStatus}::int,
      "lastResponse" = ${attempt.responseBody},
      "lastError" = ${attempt.error},
      "updatedAt" = now()
    WHERE id = ${attempt.deliveryId}::uuid AND status = 'delivering'`;
}

/**
 * The relay's pick: pending deliveries that are due and have no job yet (new rows from `emitEvent`), or
 * whose job was lost (due for over a minute and queued over a minute ago). Marked queued in the same
 * statement (SKIP LOCKED: two relays never pick one row).
 */
export function pickForRelay(db: Db, limit: number) {
  return db.$queryRaw<Array<{ id: string; attempts: number; lost: boolean }>>`
    WITH due AS (
      SELECT d.id, (d."queuedAt" IS NOT NULL) AS lost FROM "WebhookEventDelivery" d
      JOIN "WebhookEndpoint" e ON e.id = d."endpointId" AND e.enabled
      WHERE d.status = 'pending' AND d."nextAttemptAt" <= now() + interval '1 second'
        AND (d."queuedAt" IS NULL OR (d."queuedAt" < now() - interval '60 seconds' AND d."nextAttemptAt" < now() - interval '60 seconds'))
      ORDER BY d."nextAttemptAt" LIMIT ${limit} FOR UPDATE OF d SKIP LOCKED)
    UPDATE "WebhookEventDelivery" d SET "queuedAt" = now() FROM due WHERE d.id = due.id
    RETURNING d.id, d.attempts, due.lost`;
}

/**
 * Claims older than `staleMs` belong to a worker that died mid-try (a try lasts at most 10 s): the try is
 * logged as interrupted and the delivery is due again (or failed after the last attempt). The receiver may
 * have got that try: deliveries are at least once, and receivers de-duplicate on the delivery id.
 */
export async function releaseStaleClaims(db: Db, staleMs: number, maxAttempts: number): Promise<number> {
  const rows = await db.$queryRaw<Array<{ id: string; attempts: number }>>`
    UPDATE "WebhookEventDelivery" SET
      status = (CASE WHEN attempts >= ${maxAttempts} THEN 'failed' ELSE 'pending' END)::"WebhookDeliveryStatus",
      "nextAttemptAt" = CASE WHEN attempts >= ${maxAttempts} THEN NULL ELSE now() END,
      "queuedAt" = NULL, "claimedAt" = NULL, "lastError" = 'The worker stopped during this attempt', "updatedAt" = now()
    WHERE id IN (
      SELECT id FROM "WebhookEventDelivery" WHERE status = 'delivering' AND "claimedAt" < now() - ${staleMs}::int * interval '1 millisecond'
      ORDER BY "claimedAt" LIMIT 500 FOR UPDATE SKIP LOCKED)
    RETURNING id, attempts`;
  if (rows.length === 0) return 0;
  await db.$executeRaw`
    INSERT INTO "WebhookDeliveryAttempt" (id, "deliveryId", number, "startedAt", "durationMs", error)
    SELECT gen_random_uuid(), r.id, r.n, now(), 0, 'The worker stopped during this attempt; the receiver may or may not have got it'
    FROM unnest(${rows.map((r) => r.id)}::uuid[], ${rows.map((r) => r.attempts)}::int[]) AS r(id, n)
    ON CONFLICT ("deliveryId", number) DO NOTHING`;
  return rows.length;
}

/** Finished deliveries older than the retention are deleted (their attempts with them). */
export async function purgeFinished(db: Db, olderThan: Date, limit = 5000): Promise<number> {
  return db.$executeRaw`
    DELETE FROM "WebhookEventDelivery" WHERE id IN (
      SELECT id FROM "WebhookEventDelivery" WHERE status IN ('delivered', 'failed') AND "createdAt" < ${olderThan} LIMIT ${limit})`;
}
