/**
 * Database reads of the Listening report. Days are computed by the database in the workspace zone
 * (23:30 KST counts on that KST day). A person's override of a conversation's classification applies
 * to its messages.
 */
import { Prisma } from '../../generated/prisma/client';
import type { Db } from '../../lib/db';
import type { Category, SentimentValue } from '../inbox-ingest/classify';
import { businessHoursOf, DEFAULT_DEADLINE_SETTINGS, type DeadlineSettings } from '../inbox-ingest/deadlines';
import type { EscalationRow, MessageCount, Resolution, ThreadMessage, ThreadRow } from './listening-report';

export interface ListeningFilter {
  from: Date;
  to: Date;
  channelIds?: string[];
}

const channelFilter = (column: Prisma.Sql, ids: string[] | undefined) =>
  ids?.length ? Prisma.sql`AND ${column} = ANY(${ids}::uuid[])` : Prisma.empty;

const effectiveCategory = Prisma.sql`(CASE WHEN c."classificationOverride" IS NOT NULL THEN c.category ELSE COALESCE(m.category, c.category) END)`;
const effectiveSentiment = Prisma.sql`(CASE WHEN c."classificationOverride" IS NOT NULL THEN c.sentiment ELSE COALESCE(m.sentiment, c.sentiment) END)`;

/** Inbound messages (not removed) sent in [from, to), per workspace-zone day, category and sentiment. */
export function inboundCounts(db: Db, workspaceId: string, timeZone: string, f: ListeningFilter): Promise<MessageCount[]> {
  return db.$queryRaw<MessageCount[]>`
    SELECT to_char(m."sentAt" AT TIME ZONE ${timeZone}, 'YYYY-MM-DD') AS day,
      ${effectiveCategory}::text AS category, ${effectiveSentiment}::text AS sentiment, count(*)::int AS messages
    FROM "InboxMessage" m JOIN "Conversation" c ON c.id = m."conversationId"
    WHERE m."workspaceId" = ${workspaceId}::uuid AND m.direction = 'inbound' AND m."deletedAt" IS NULL
      AND m."sentAt" >= ${f.from} AND m."sentAt" < ${f.to}
      ${channelFilter(Prisma.sql`m."channelAccountId"`, f.channelIds)}
    GROUP BY 1, 2, 3 ORDER BY 1`;
}

/** The texts of complaints sent in [from, to) (most recent first, at most `limit`). */
export async function complaintTexts(db: Db, workspaceId: string, f: ListeningFilter, limit = 20_000): Promise<string[]> {
  const rows = await db.$queryRaw<Array<{ text: string }>>`
    SELECT left(m.text, 1000) AS text
    FROM "InboxMessage" m JOIN "Conversation" c ON c.id = m."conversationId"
    WHERE m."workspaceId" = ${workspaceId}::uuid AND m.direction = 'inbound' AND m."deletedAt" IS NULL
      AND m."sentAt" >= ${f.from} AND m."sentAt" < ${f.to} AND ${effectiveCategory} = 'complaint'
      ${channelFilter(Prisma.sql`m."channelAccountId"`, f.channelIds)}
    ORDER BY m."sentAt" DESC LIMIT ${limit}`;
  return rows.map((r) => r.text);
}

/** Conversations with a customer message sent in [from, to), and every inbound and sent outbound message of theirs. */
export async function threadsWithMessages(db: Db, workspaceId: string, f: ListeningFilter) {
  const threads = await db.$queryRaw<Array<Omit<ThreadRow, 'category' | 'sentiment'> & { category: Category; sentiment: SentimentValue }>>`
    SELECT c.id, c."channelAccountId", c."assigneeId", c.status::text AS status, c."resolvedAt",
      (c."classificationOverride" IS NOT NULL) AS overridden, c.category::text AS category, c.sentiment::text AS sentiment
    FROM "Conversation" c
    WHERE c."workspaceId" = ${workspaceId}::uuid
      ${channelFilter(Prisma.sql`c."channelAccountId"`, f.channelIds)}
      AND EXISTS (
        SELECT 1 FROM "InboxMessage" m WHERE m."conversationId" = c.id AND m.direction = 'inbound' AND m."deletedAt" IS NULL
          AND m."sentAt" >= ${f.from} AND m."sentAt" < ${f.to})
    LIMIT 50000`;
  if (threads.length === 0) return { threads, messages: [] as ThreadMessage[] };
  const messages = await db.$queryRaw<ThreadMessage[]>`
    SELECT m."conversationId", m.direction::text AS direction, m."sentAt", m.category::text AS category,
      m.sentiment::text AS sentiment, m."sentById"
    FROM "InboxMessage" m
    WHERE m."conversationId" = ANY(${threads.map((t) => t.id)}::uuid[])
      AND ((m.direction = 'inbound' AND m."deletedAt" IS NULL) OR (m.direction = 'outbound' AND m."deliveryState" = 'sent'))`;
  return { threads, messages };
}

/**
 * Conversations closed in [from, to), each with the start of what was resolved: its first customer
 * message after the previous closing that the audit log records (or its first one at all).
 */
export async function resolutions(db: Db, workspaceId: string, f: ListeningFilter): Promise<Resolution[]> {
  const rows = await db.$queryRaw<Array<Resolution & { startedAt: Date | null }>>`
    SELECT c.id AS "conversationId", c."channelAccountId", c."assigneeId", c."resolvedAt",
      (SELECT min(m."sentAt") FROM "InboxMessage" m
        WHERE m."conversationId" = c.id AND m.direction = 'inbound' AND m."sentAt" <= c."resolvedAt"
          AND (pc.at IS NULL OR m."sentAt" > pc.at)) AS "startedAt"
    FROM "Conversation" c
    LEFT JOIN LATERAL (
      SELECT max(a."createdAt") AS at FROM "AuditEvent" a
      WHERE a."entityType" = 'conversation' AND a."entityId" = c.id::text AND a.after->>'status' = 'closed'
        AND a."createdAt" < c."resolvedAt" - interval '1 second'
    ) pc ON true
    WHERE c."workspaceId" = ${workspaceId}::uuid AND c.status = 'closed'
      AND c."resolvedAt" >= ${f.from} AND c."resolvedAt" < ${f.to}
      ${channelFilter(Prisma.sql`c."channelAccountId"`, f.channelIds)}
    LIMIT 50000`;
  return rows.flatMap((r) => (r.startedAt ? [{ ...r, startedAt: r.startedAt }] : []));
}

/** Escalations open or in progress now, and those created or resolved since `from`, quoting the customer's latest message. */
export function escalationRows(db: Db, workspaceId: string, f: ListeningFilter): Promise<EscalationRow[]> {
  return db.$queryRaw<EscalationRow[]>`
    SELECT e.id, e.status::text AS status, e."createdAt", e."resolvedAt", e."departmentId", d.name AS "departmentName",
      e."conversationId", c."customerName", COALESCE(lm.text, c."lastMessageExcerpt") AS excerpt, left(e.note, 280) AS note
    FROM "Escalation" e
    JOIN "Department" d ON d.id = e."departmentId"
    JOIN "Conversation" c ON c.id = e."conversationId"
    LEFT JOIN LATERAL (
      SELECT left(m.text, 200) AS text FROM "InboxMessage" m
      WHERE m."conversationId" = c.id AND m.direction = 'inbound' AND m."deletedAt" IS NULL ORDER BY m."sentAt" DESC LIMIT 1
    ) lm ON true
    WHERE e."workspaceId" = ${workspaceId}::uuid
      AND (e.status <> 'resolved' OR e."createdAt" >= ${f.from} OR e."resolvedAt" >= ${f.from})
      ${channelFilter(Prisma.sql`c."channelAccountId"`, f.channelIds)}
    ORDER BY e."createdAt"
    LIMIT 10000`;
}

/** Names of the people the report mentions. */
export function peopleNamed(db: Db, ids: string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db.user.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } });
}

/** The workspace's response targets; without a settings row, the defaults ingestion uses. */
export async function deadlineSettings(db: Db, workspaceId: string): Promise<DeadlineSettings> {
  const row = await db.inboxSettings.findUnique({
    where: { workspaceId },
    select: { businessHours: true, urgentSameBusinessDay: true, otherTargetHours: true },
  });
  if (!row) return DEFAULT_DEADLINE_SETTINGS;
  return {
    businessHours: businessHoursOf(row.businessHours),
    urgentSameBusinessDay: row.urgentSameBusinessDay,
    otherTargetHours: row.otherTargetHours,
  };
}
