import { Prisma } from '../../generated/prisma/client';
import type { Db, SqlReader } from '../../lib/db';

export interface CalendarFilter {
  from: Date;
  to: Date;
  channelIds?: string[];
  segmentIds?: string[];
  campaignIds?: string[];
  states?: string[];
  authorIds?: string[];
  labels?: string[];
}

export interface CalendarEntry {
  id: string;
  postId: string;
  title: string;
  excerpt: string;
  provider: string;
  channelAccountId: string;
  channelName: string;
  /** `needs_reconnect`: the channel's queued variants will not go out until an admin reconnects it. */
  channelStatus: string;
  segmentId: string | null;
  segmentName: string | null;
  segmentColor: string | null;
  campaignId: string | null;
  campaignColor: string | null;
  state: string;
  postState: string;
  /** ISO 8601 in UTC (formatted by the database: no Date objects on this hot path). */
  scheduledAt: string | null;
  authorId: string;
  authorName: string;
  labels: string[];
  mediaCount: number;
}

const anyUuid = (column: Prisma.Sql, ids: string[] | undefined) => (ids?.length ? Prisma.sql`AND ${column} = ANY(${ids}::uuid[])` : Prisma.empty);

function variantFilters(f: Omit<CalendarFilter, 'from' | 'to'>): Prisma.Sql {
  return Prisma.sql`
    ${anyUuid(Prisma.sql`v."channelAccountId"`, f.channelIds)}
    ${anyUuid(Prisma.sql`v."segmentId"`, f.segmentIds)}
    ${f.states?.length ? Prisma.sql`AND v.state::text = ANY(${f.states}::text[])` : Prisma.empty}`;
}

function postFilters(f: Omit<CalendarFilter, 'from' | 'to'>): Prisma.Sql {
  return Prisma.sql`
    ${anyUuid(Prisma.sql`p."campaignId"`, f.campaignIds)}
    ${anyUuid(Prisma.sql`p."authorId"`, f.authorIds)}
    ${f.labels?.length ? Prisma.sql`AND p.labels && ${f.labels}::text[]` : Prisma.empty}`;
}

/**
 * The calendar's rows: variants picked first through the (workspaceId, [channel | segment,] scheduledAt)
 * indexes, then each one's post and author looked up by primary key (LATERAL … LIMIT 1 keeps the planner
 * from hashing the whole Post table), then the small lookup tables.
 */
function entries(variantWhere: Prisma.Sql, f: Omit<CalendarFilter, 'from' | 'to'>, order: Prisma.Sql, limit: number): Prisma.Sql {
  return Prisma.sql`
    SELECT v.id, v."postId", p.title, v.text AS excerpt, c.provider::text AS provider, v."channelAccountId", c.name AS "channelName", c.status::text AS "channelStatus",
      v."segmentId", s.name AS "segmentName", s.color AS "segmentColor", p."campaignId", cp.color AS "campaignColor",
      v.state::text AS state, p.state::text AS "postState",
      to_char(v."scheduledAt" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "scheduledAt", p."authorId", p."authorName", p.labels,
      (SELECT count(*)::int FROM "VariantMedia" vm WHERE vm."variantId" = v.id) AS "mediaCount"
    FROM (
      SELECT v.id, v."postId", left(v.text, 140) AS text, v."channelAccountId", v."segmentId", v.state, v."scheduledAt", v."updatedAt"
      FROM "Variant" v WHERE ${variantWhere} AND v."deletedAt" IS NULL ${variantFilters(f)} ORDER BY ${order} LIMIT ${limit}) v
    CROSS JOIN LATERAL (
      SELECT p.title, p."campaignId", p.state, p."authorId", p.labels, p."deletedAt", u.name AS "authorName"
      FROM "Post" p JOIN "User" u ON u.id = p."authorId" WHERE p.id = v."postId" LIMIT 1
    ) p
    JOIN "ChannelAccount" c ON c.id = v."channelAccountId"
    LEFT JOIN "Segment" s ON s.id = v."segmentId"
    LEFT JOIN "Campaign" cp ON cp.id = p."campaignId"
    WHERE p."deletedAt" IS NULL ${postFilters(f)}
    ORDER BY ${order}`;
}

const rangeWhere = (workspaceId: string, f: CalendarFilter) =>
  Prisma.sql`v."workspaceId" = ${workspaceId}::uuid AND v."scheduledAt" >= ${f.from} AND v."scheduledAt" < ${f.to}`;
const byTime = Prisma.sql`v."scheduledAt", v.id`;

/** Everything the calendar shows for a time range, in one query. */
export function variantsInRange(sql: SqlReader, workspaceId: string, f: CalendarFilter): Promise<CalendarEntry[]> {
  return sql.query<CalendarEntry>(entries(rangeWhere(workspaceId, f), f, byTime, 5000));
}

/** `variantsInRange` as columns and rows: the month grid's answer (about half the bytes of objects). */
export function variantsInRangeColumns(sql: SqlReader, workspaceId: string, f: CalendarFilter) {
  return sql.queryColumns(entries(rangeWhere(workspaceId, f), f, byTime, 5000));
}

/** Drafts with no time yet: the side panel they are dragged from. */
export function unscheduledVariants(
  sql: SqlReader,
  workspaceId: string,
  f: Omit<CalendarFilter, 'from' | 'to'>,
  limit: number,
): Promise<CalendarEntry[]> {
  const where = Prisma.sql`v."workspaceId" = ${workspaceId}::uuid AND v."scheduledAt" IS NULL`;
  return sql.query<CalendarEntry>(entries(where, f, Prisma.sql`v."updatedAt" DESC, v.id`, limit));
}

/** Planned variants per local day and channel (days in the workspace's zone). */
export function plannedPerDay(db: Db, workspaceId: string, from: Date, to: Date, timeZone: string) {
  return db.$queryRaw<Array<{ day: string; channelAccountId: string; planned: number }>>`
    SELECT to_char(v."scheduledAt" AT TIME ZONE ${timeZone}, 'YYYY-MM-DD') AS day, v."channelAccountId", count(*)::int AS planned
    FROM "Variant" v JOIN "Post" p ON p.id = v."postId"
    WHERE v."workspaceId" = ${workspaceId}::uuid AND v."scheduledAt" >= ${from} AND v."scheduledAt" < ${to}
      AND v."deletedAt" IS NULL AND p."deletedAt" IS NULL AND v.state <> 'canceled'
    GROUP BY 1, 2 ORDER BY 1`;
}

/** Planned variants per local ISO week and segment (null = no segment), to show coverage gaps. */
export function plannedPerWeekAndSegment(db: Db, workspaceId: string, from: Date, to: Date, timeZone: string) {
  return db.$queryRaw<Array<{ week: string; segmentId: string | null; planned: number }>>`
    SELECT to_char(date_trunc('week', v."scheduledAt" AT TIME ZONE ${timeZone}), 'YYYY-MM-DD') AS week, v."segmentId", count(*)::int AS planned
    FROM "Variant" v JOIN "Post" p ON p.id = v."postId"
    WHERE v."workspaceId" = ${workspaceId}::uuid AND v."scheduledAt" >= ${from} AND v."scheduledAt" < ${to}
      AND v."deletedAt" IS NULL AND p."deletedAt" IS NULL AND v.state <> 'canceled'
    GROUP BY 1, 2 ORDER BY 1`;
}
