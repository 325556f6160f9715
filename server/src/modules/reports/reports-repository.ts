/** Every database read of the reports. Days, weekdays and hours are computed in the workspace zone by the database. */
import { Prisma } from '../../generated/prisma/client';
import type { Db, SqlReader } from '../../lib/db';

export interface ReportFilter {
  from: Date;
  to: Date;
  channelIds?: string[];
  segmentIds?: string[];
  campaignIds?: string[];
  labels?: string[];
}

/** One published variant with its latest reading (null numbers: not read yet). */
export interface PublishedRow {
  id: string;
  postId: string;
  title: string;
  text: string;
  remoteUrl: string | null;
  channelAccountId: string;
  segmentId: string | null;
  campaignId: string | null;
  labels: string[];
  /** ISO 8601 UTC. */
  publishedAt: string;
  /** Workspace-zone day (YYYY-MM-DD), ISO weekday (1 = Monday) and hour. */
  day: string;
  weekday: number;
  hour: number;
  followersAtPublish: number | null;
  mediaCount: number;
  mediaKind: 'image' | 'video' | null;
  mediaId: string | null;
  hasLink: boolean;
  checkpoint: string | null;
  reactions: number | null;
  comments: number | null;
  shares: number | null;
  impressions: number | null;
  reach: number | null;
}

const anyUuid = (column: Prisma.Sql, ids: string[] | undefined) => (ids?.length ? Prisma.sql`AND ${column} = ANY(${ids}::uuid[])` : Prisma.empty);

/** Published variants in [from, to) by publication time, filtered, each with its latest snapshot. */
export function publishedVariants(sql: SqlReader, workspaceId: string, timeZone: string, f: ReportFilter): Promise<PublishedRow[]> {
  return sql.query<PublishedRow>(Prisma.sql`
    SELECT v.id, v."postId", p.title, left(v.text, 280) AS text, v."remoteUrl", v."channelAccountId", v."segmentId", p."campaignId", p.labels,
      to_char(v."publishedAt" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "publishedAt",
      to_char(v."publishedAt" AT TIME ZONE ${timeZone}, 'YYYY-MM-DD') AS day,
      extract(isodow FROM v."publishedAt" AT TIME ZONE ${timeZone})::int AS weekday,
      extract(hour FROM v."publishedAt" AT TIME ZONE ${timeZone})::int AS hour,
      v."followersAtPublish", (v.link IS NOT NULL AND v.link <> '') AS "hasLink",
      (SELECT count(*)::int FROM "VariantMedia" vm WHERE vm."variantId" = v.id) AS "mediaCount",
      fm.kind::text AS "mediaKind", fm.id AS "mediaId",
      s.checkpoint, s.reactions, s.comments, s.shares, s.impressions, s.reach
    FROM "Variant" v
    JOIN "Post" p ON p.id = v."postId"
    LEFT JOIN LATERAL (
      SELECT m.id, m.kind FROM "VariantMedia" vm JOIN "Media" m ON m.id = vm."mediaId" WHERE vm."variantId" = v.id ORDER BY vm.position LIMIT 1
    ) fm ON true
    LEFT JOIN LATERAL (
      SELECT s.checkpoint, s.reactions, s.comments, s.shares, s.impressions, s.reach
      FROM "MetricSnapshot" s WHERE s."variantId" = v.id ORDER BY s."fetchedAt" DESC LIMIT 1
    ) s ON true
    WHERE v."workspaceId" = ${workspaceId}::uuid AND v.state = 'published' AND v."deletedAt" IS NULL AND p."deletedAt" IS NULL
      AND v."publishedAt" >= ${f.from} AND v."publishedAt" < ${f.to}
      ${anyUuid(Prisma.sql`v."channelAccountId"`, f.channelIds)}
      ${anyUuid(Prisma.sql`v."segmentId"`, f.segmentIds)}
      ${anyUuid(Prisma.sql`p."campaignId"`, f.campaignIds)}
      ${f.labels?.length ? Prisma.sql`AND p.labels && ${f.labels}::text[]` : Prisma.empty}
    ORDER BY v."publishedAt", v.id
    LIMIT 50000`);
}

/** Published variants per workspace-zone day and channel. */
export function publishedPerDay(db: Db, workspaceId: string, timeZone: string, from: Date, to: Date) {
  return db.$queryRaw<Array<{ day: string; channelAccountId: string; published: number }>>`
    SELECT to_char(v."publishedAt" AT TIME ZONE ${timeZone}, 'YYYY-MM-DD') AS day, v."channelAccountId", count(*)::int AS published
    FROM "Variant" v JOIN "Post" p ON p.id = v."postId"
    WHERE v."workspaceId" = ${workspaceId}::uuid AND v.state = 'published' AND v."deletedAt" IS NULL AND p."deletedAt" IS NULL
      AND v."publishedAt" >= ${from} AND v."publishedAt" < ${to}
    GROUP BY 1, 2 ORDER BY 1`;
}

/** The names and colours the reports label rows with. */
export async function reportLookups(db: Db, workspaceId: string) {
  const [workspace, channels, segments, campaigns] = await Promise.all([
    db.workspace.findUnique({ where: { id: workspaceId }, select: { timeZone: true } }),
    db.channelAccount.findMany({
      where: { workspaceId },
      orderBy: { name: 'asc' },
      select: { id: true, name: true, provider: true, handle: true, dailyTarget: true, followerCount: true, status: true },
    }),
    db.segment.findMany({ where: { workspaceId }, orderBy: { name: 'asc' }, select: { id: true, name: true, color: true } }),
    db.campaign.findMany({ where: { workspaceId }, orderBy: { name: 'asc' }, select: { id: true, name: true, color: true } }),
  ]);
  return { timeZone: workspace?.timeZone ?? 'Asia/Seoul', channels, segments, campaigns };
}
export type ReportLookups = Awaited<ReturnType<typeof reportLookups>>;
