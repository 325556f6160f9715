/** Every database read and write of the morning digest. */
import { randomUUID } from 'node:crypto';
import type { Db } from '../../lib/db';
import type { DigestCategory, DigestData, DigestSentiment } from './digest-data';

// ------------------------------------------------------------------------------------ what customers said

export interface PeriodMessage {
  id: string;
  conversationId: string;
  text: string;
  sentAt: Date;
  category: DigestCategory;
  sentiment: DigestSentiment;
  customerName: string;
  customerHandle: string | null;
  status: 'open' | 'pending' | 'closed';
  responseDueAt: Date | null;
  channelName: string;
  provider: string;
  postTitle: string | null;
  /** No sent reply of ours after the customer's latest message, and not closed. */
  unanswered: boolean;
}

/** Customer messages (not removed) sent in [from, to), with their conversation's state now. */
export function periodMessages(db: Db, workspaceId: string, from: Date, to: Date): Promise<PeriodMessage[]> {
  return db.$queryRaw<PeriodMessage[]>`
    SELECT m.id, m."conversationId", left(m.text, 400) AS text, m."sentAt",
      (CASE WHEN c."classificationOverride" IS NOT NULL THEN c.category ELSE COALESCE(m.category, c.category) END)::text AS category,
      (CASE WHEN c."classificationOverride" IS NOT NULL THEN c.sentiment ELSE COALESCE(m.sentiment, c.sentiment) END)::text AS sentiment,
      c."customerName", c."customerHandle", c.status::text AS status, c."responseDueAt",
      ch.name AS "channelName", ch.provider::text AS provider, p.title AS "postTitle",
      (c.status <> 'closed' AND NOT EXISTS (
        SELECT 1 FROM "InboxMessage" o
        WHERE o."conversationId" = c.id AND o.direction = 'outbound' AND o."deliveryState" = 'sent'
          AND o."sentAt" >= (SELECT max(i."sentAt") FROM "InboxMessage" i
                             WHERE i."conversationId" = c.id AND i.direction = 'inbound' AND i."deletedAt" IS NULL)
      )) AS unanswered
    FROM "InboxMessage" m
    JOIN "Conversation" c ON c.id = m."conversationId"
    JOIN "ChannelAccount" ch ON ch.id = c."channelAccountId"
    LEFT JOIN "Post" p ON p.id = c."postId"
    WHERE m."workspaceId" = ${workspaceId}::uuid AND m.direction = 'inbound' AND m."deletedAt" IS NULL
      AND m."sentAt" >= ${from} AND m."sentAt" < ${to}
    ORDER BY m."sentAt"
    LIMIT 5000`;
}

/** Open conversations past their response deadline now (across the whole inbox). */
export async function overdueCount(db: Db, workspaceId: string, now: Date): Promise<number> {
  const [row] = await db.$queryRaw<Array<{ n: number }>>`
    SELECT count(*)::int AS n FROM "Conversation"
    WHERE "workspaceId" = ${workspaceId}::uuid AND status = 'open' AND "responseDueAt" < ${now}`;
  return row?.n ?? 0;
}

export interface EscalationRecord {
  id: string;
  status: 'open' | 'in_progress' | 'resolved';
  createdAt: Date;
  resolvedAt: Date | null;
  departmentName: string;
  conversationId: string;
  customerName: string;
  excerpt: string;
  note: string;
}

/** Escalations open or in progress, and those created or resolved since `from`, quoting the customer's latest message. */
export function escalationsSince(db: Db, workspaceId: string, from: Date): Promise<EscalationRecord[]> {
  return db.$queryRaw<EscalationRecord[]>`
    SELECT e.id, e.status::text AS status, e."createdAt", e."resolvedAt", d.name AS "departmentName", e."conversationId",
      c."customerName", COALESCE(lm.text, c."lastMessageExcerpt") AS excerpt, left(e.note, 280) AS note
    FROM "Escalation" e
    JOIN "Department" d ON d.id = e."departmentId"
    JOIN "Conversation" c ON c.id = e."conversationId"
    LEFT JOIN LATERAL (
      SELECT left(m.text, 280) AS text FROM "InboxMessage" m
      WHERE m."conversationId" = c.id AND m.direction = 'inbound' AND m."deletedAt" IS NULL ORDER BY m."sentAt" DESC LIMIT 1
    ) lm ON true
    WHERE e."workspaceId" = ${workspaceId}::uuid AND (e.status <> 'resolved' OR e."createdAt" >= ${from} OR e."resolvedAt" >= ${from})
    ORDER BY e."createdAt"
    LIMIT 2000`;
}

// ------------------------------------------------------------------------------------ settings and readers

export async function digestSettingsOf(db: Db, workspaceId: string) {
  const [workspace, settings] = await Promise.all([
    db.workspace.findUnique({ where: { id: workspaceId }, select: { id: true, name: true, timeZone: true, locale: true } }),
    db.digestSettings.findUnique({ where: { workspaceId }, select: { enabled: true, sendTime: true } }),
  ]);
  return workspace ? { workspace, enabled: settings?.enabled ?? true, sendTime: settings?.sendTime ?? null } : null;
}

export function upsertDigestSettings(db: Db, workspaceId: string, data: { enabled?: boolean; sendTime?: string }) {
  return db.digestSettings.upsert({
    where: { workspaceId },
    create: { workspaceId, ...data },
    update: data,
    select: { enabled: true, sendTime: true },
  });
}

/** Workspaces with their zone and digest settings (a workspace without a settings row sends at the default). */
export function workspacesWithDigest(db: Db) {
  return db.workspace.findMany({
    select: { id: true, timeZone: true, createdAt: true, digestSettings: { select: { enabled: true, sendTime: true } } },
  });
}

export interface Reader {
  userId: string;
  email: string;
  name: string;
  locale: string | null;
  roles: string[];
  subscribed: boolean | null;
}

/** Every member with their roles, language and own subscription choice (null: none made). */
export async function readersOf(db: Db, workspaceId: string): Promise<Reader[]> {
  const [members, choices] = await Promise.all([
    db.membership.findMany({
      where: { workspaceId },
      select: { roles: true, user: { select: { id: true, email: true, name: true, locale: true } } },
    }),
    db.digestSubscription.findMany({ where: { workspaceId }, select: { userId: true, subscribed: true } }),
  ]);
  const chosen = new Map(choices.map((c) => [c.userId, c.subscribed]));
  return members.map((m) => ({
    userId: m.user.id,
    email: m.user.email,
    name: m.user.name,
    locale: m.user.locale,
    roles: m.roles,
    subscribed: chosen.get(m.user.id) ?? null,
  }));
}

export async function subscriptionOf(db: Db, workspaceId: string, userId: string) {
  const [membership, choice] = await Promise.all([
    db.membership.findUnique({ where: { workspaceId_userId: { workspaceId, userId } }, select: { roles: true } }),
    db.digestSubscription.findUnique({ where: { workspaceId_userId: { workspaceId, userId } }, select: { subscribed: true } }),
  ]);
  return { roles: membership?.roles ?? [], subscribed: choice?.subscribed ?? null };
}

export function setSubscription(db: Db, workspaceId: string, userId: string, subscribed: boolean) {
  return db.digestSubscription.upsert({
    where: { workspaceId_userId: { workspaceId, userId } },
    create: { workspaceId, userId, subscribed },
    update: { subscribed },
    select: { subscribed: true },
  });
}

// ------------------------------------------------------------------------------------ stored digests

const dayDate = (day: string) => new Date(`${day}T00:00:00.000Z`);
const dayString = (d: Date) => d.toISOString().slice(0, 10);

/** Where the previous digest (before `day`) stopped, so the next one starts there. */
export async function previousPeriodEnd(db: Db, workspaceId: string, day: string): Promise<Date | null> {
  const row = await db.digest.findFirst({
    where: { workspaceId, day: { lt: dayDate(day) } },
    orderBy: { day: 'desc' },
    select: { periodEnd: true },
  });
  return row?.periodEnd ?? null;
}

export interface RenderedSet {
  ko: { subject: string; text: string; html: string };
  en: { subject: string; text: string; html: string };
}

export interface StoredDigest {
  id: string;
  day: string;
  periodStart: Date;
  periodEnd: Date;
  data: DigestData;
  rendered: RenderedSet;
  createdAt: Date;
}

const storedSelect = { id: true, day: true, periodStart: true, periodEnd: true, data: true, rendered: true, createdAt: true } as const;
const toStored = (row: {
  id: string;
  day: Date;
  periodStart: Date;
  periodEnd: Date;
  data: unknown;
  rendered: unknown;
  createdAt: Date;
}): StoredDigest => ({
  ...row,
  day: dayString(row.day),
  data: row.data as DigestData,
  rendered: row.rendered as RenderedSet,
});

export async function findDigestOfDay(db: Db, workspaceId: string, day: string): Promise<StoredDigest | null> {
  const row = await db.digest.findUnique({ where: { workspaceId_day: { workspaceId, day: dayDate(day) } }, select: storedSelect });
  return row ? toStored(row) : null;
}

/** Stores the day's digest unless another process stored it first; either way returns the stored one. */
export async function insertDigestOnce(
  db: Db,
  input: { workspaceId: string; day: string; periodStart: Date; periodEnd: Date; data: DigestData; rendered: RenderedSet },
): Promise<StoredDigest> {
  await db.$executeRaw`
    INSERT INTO "Digest" (id, "workspaceId", day, "periodStart", "periodEnd", data, rendered, "createdAt")
    VALUES (${randomUUID()}::uuid, ${input.workspaceId}::uuid, ${input.day}::date, ${input.periodStart}, ${input.periodEnd},
      ${JSON.stringify(input.data)}::jsonb, ${JSON.stringify(input.rendered)}::jsonb, now())
    ON CONFLICT ("workspaceId", day) DO NOTHING`;
  const stored = await findDigestOfDay(db, input.workspaceId, input.day);
  if (!stored) throw new Error(`digest of ${input.day} for ${input.workspaceId} was neither inserted nor found`);
  return stored;
}

export async function findDigest(db: Db, workspaceId: string, id: string): Promise<StoredDigest | null> {
  const row = await db.digest.findFirst({ where: { id, workspaceId }, select: storedSelect });
  return row ? toStored(row) : null;
}

/** The newest digests first, with the figures the history list shows. */
export async function listDigests(db: Db, workspaceId: string, limit: number) {
  const rows = await db.$queryRaw<
    Array<{
      id: string;
      day: string;
      createdAt: Date;
      customers: number | null;
      unanswered: number | null;
      negative: number | null;
      escalations: number | null;
      posts: number | null;
    }>
  >`
    SELECT id, to_char(day, 'YYYY-MM-DD') AS day, "createdAt",
      (data->'customers'->'counts'->>'conversations')::int AS customers,
      (data->'customers'->'counts'->>'unanswered')::int AS unanswered,
      (data->'customers'->'counts'->>'negative')::int AS negative,
      ((data->'escalations'->'counts'->>'open')::int + (data->'escalations'->'counts'->>'inProgress')::int) AS escalations,
      (data->'posts'->>'count')::int AS posts
    FROM "Digest" WHERE "workspaceId" = ${workspaceId}::uuid
    ORDER BY day DESC LIMIT ${limit}`;
  return rows.map((r) => ({
    ...r,
    customers: r.customers ?? 0,
    unanswered: r.unanswered ?? 0,
    negative: r.negative ?? 0,
    escalations: r.escalations ?? 0,
    posts: r.posts ?? 0,
  }));
}

// ------------------------------------------------------------------------------------ deliveries

/**
 * Claims the day's e-mail to one reader: inserts the (workspace, day, user) row, or takes back a row
 * whose earlier send failed (released, unsent, fewer than `maxAttempts`). Exactly one caller wins; a
 * claim that is held or sent answers nothing.
 */
export async function claimDelivery(
  db: Db,
  input: { digestId: string; workspaceId: string; day: string; userId: string; locale: string; now: Date; maxAttempts: number },
): Promise<string | null> {
  const rows = await db.$queryRaw<Array<{ id: string }>>`
    INSERT INTO "DigestDelivery" (id, "digestId", "workspaceId", day, "userId", locale, "claimedAt", attempts, "createdAt")
    VALUES (${randomUUID()}::uuid, ${input.digestId}::uuid, ${input.workspaceId}::uuid, ${input.day}::date, ${input.userId}::uuid,
      ${input.locale}, ${input.now}, 1, ${input.now})
    ON CONFLICT ("workspaceId", day, "userId") DO UPDATE
      SET "claimedAt" = EXCLUDED."claimedAt", attempts = "DigestDelivery".attempts + 1, locale = EXCLUDED.locale
      WHERE "DigestDelivery"."sentAt" IS NULL AND "DigestDelivery"."claimedAt" IS NULL AND "DigestDelivery".attempts < ${input.maxAttempts}
    RETURNING id`;
  return rows[0]?.id ?? null;
}

export async function markDelivered(db: Db, id: string, at: Date): Promise<void> {
  await db.digestDelivery.update({ where: { id }, data: { sentAt: at, error: null }, select: { id: true } });
}

/** A send that failed before the server took the message: the claim is given back for a later run. */
export async function releaseDelivery(db: Db, id: string, error: string): Promise<void> {
  await db.digestDelivery.update({ where: { id }, data: { claimedAt: null, error: error.slice(0, 500) }, select: { id: true } });
}

export async function deliveriesOf(db: Db, digestId: string) {
  return db.digestDelivery.findMany({ where: { digestId }, select: { userId: true, sentAt: true, claimedAt: true, error: true } });
}

/** The (workspace, day) of the digests composed in the last few days. */
export function recentDigestDays(db: Db) {
  return db.$queryRaw<Array<{ workspaceId: string; day: string }>>`
    SELECT "workspaceId", to_char(day, 'YYYY-MM-DD') AS day FROM "Digest" WHERE day >= (now() - interval '3 days')::date`;
}
