import { Prisma } from '../../generated/prisma/client';
import type { Db } from '../../lib/db';

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
  segmentId: string | null;
  segmentName: string | null;
  segmentColor: string | null;
  campaignId: string | null;
  campaignColor: string | null;
  state: string;
  postState: string;
  scheduledAt: Date | null;
  authorId: string;
  authorName: string;
  labels: string[];
  mediaCount: number;
}

const anyUuid = (column: Prisma.Sql, ids: string[] | undefined) => (ids?.length ? Prisma.sql`AND ${column} = ANY(${ids}::uuid[])` : Prisma.empty);

function filters(f: Omit<CalendarFilter, 'from' | 'to'>): Prisma.Sql {
  return Prisma.sql`
    ${anyUuid(Prisma.sql`v."channelAccountId"`, f.channelIds)}
    ${anyUuid(Prisma.sql`v."segmentId"`, f.segmentIds)}
    ${anyUuid(Prisma.sql`p."campaignId"`, f.campaignIds)}
    ${anyUuid(Prisma.sql`p."authorId"`, f.authorIds)}
    ${f.states?.length ? Prisma.sql`AND v.state::text = ANY(${f.states}::text[])` : Prisma.empty}
    ${f.labels?.length ? Prisma.sql`AND p.labels && ${f.labels}::text[]` : Prisma.empty}`;
}

const entryColumns = Prisma.sql`
  v.id, v."postId", p.title, left(v.text, 140) AS excerpt, c.provider::text AS provider, v."channelAccountId", c.name AS "channelName",
  v."segmentId", s.name AS "segmentName", s.color AS "segmentColor", p."campaignId", cp.color AS "campaignColor",
  v.state::text AS state, p.state::text AS "postState", v."scheduledAt", p."authorId", u.name AS "authorName", p.labels,
  (SELECT count(*)::int FROM "VariantMedia" vm WHERE vm."variantId" = v.id) AS "mediaCount"`;
const entryJoins = Prisma.sql`
  FROM "Variant" v
  JOIN "Post" p ON p.id = v."postId"
  JOIN "ChannelAccount" c ON c.id = v."channelAccountId"
  JOIN "User" u ON u.id = p."authorId"
  LEFT JOIN "Segment" s ON s.id = v."segmentId"
  LEFT JOIN "Campaign" cp ON cp.id = p."campaignId"`;

/** Everything the calendar shows for a time range, in one query (index: workspaceId, scheduledAt). */
export function variantsInRange(db: Db, workspaceId: string, f: CalendarFilter): Promise<CalendarEntry[]> {
  return db.$queryRaw<CalendarEntry[]>`
    SELECT ${entryColumns} ${entryJoins}
    WHERE v."workspaceId" = ${workspaceId}::uuid AND v."scheduledAt" >= ${f.from} AND v."scheduledAt" < ${f.to}
      AND v."deletedAt" IS NULL AND p."deletedAt" IS NULL ${filters(f)}
    ORDER BY v."scheduledAt", v.id
    LIMIT 5000`;
}

/** Drafts with no time yet: the side panel they are dragged from. */
export function unscheduledVariants(db: Db, workspaceId: string, f: Omit<CalendarFilter, 'from' | 'to'>, limit: number): Promise<CalendarEntry[]> {
  return db.$queryRaw<CalendarEntry[]>`
    SELECT ${entryColumns} ${entryJoins}
    WHERE v."workspaceId" = ${workspaceId}::uuid AND v."scheduledAt" IS NULL AND v."deletedAt" IS NULL AND p."deletedAt" IS NULL ${filters(f)}
    ORDER BY p."updatedAt" DESC, v.id
    LIMIT ${limit}`;
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
