/** Every database access of the metrics jobs. Snapshots are only ever inserted (ON CONFLICT DO NOTHING). */
import type { Db } from '../../lib/db';

/** A published variant with what reading it needs (credentials stay encrypted here). */
export function findMetricsTarget(db: Db, variantId: string) {
  return db.variant.findUnique({
    where: { id: variantId },
    select: {
      id: true,
      workspaceId: true,
      state: true,
      remoteId: true,
      publishedAt: true,
      deletedAt: true,
      channelAccount: {
        select: {
          id: true,
          workspaceId: true,
          name: true,
          provider: true,
          remoteId: true,
          status: true,
          credentials: true,
          credentialsKeyId: true,
          tokenExpiresAt: true,
        },
      },
    },
  });
}
export type MetricsTarget = NonNullable<Awaited<ReturnType<typeof findMetricsTarget>>>;

/**
 * A published variant went out at (or, after retries, a little after) its scheduled time — "publish now"
 * moves the time to now — so bounding `scheduledAt` too lets the (state, scheduledAt) and
 * (workspace, channel, scheduledAt) indexes pick the window instead of scanning every variant.
 */
const indexBound = (since: Date) => new Date(since.getTime() - 2 * 86_400_000);

export interface ReadingState {
  id: string;
  remoteId: string;
  publishedAt: Date;
  channelAccountId: string;
  have: string[];
}

/** A channel's variants published in a window, with the checkpoints already read (for one batched call). */
export function channelReadingStates(db: Db, workspaceId: string, channelAccountId: string, since: Date, until: Date) {
  return db.$queryRaw<ReadingState[]>`
    SELECT v.id, v."remoteId", v."publishedAt", v."channelAccountId",
      COALESCE(array_agg(s.checkpoint) FILTER (WHERE s.checkpoint IS NOT NULL), '{}') AS have
    FROM "Variant" v LEFT JOIN "MetricSnapshot" s ON s."variantId" = v.id
    WHERE v."workspaceId" = ${workspaceId}::uuid AND v."channelAccountId" = ${channelAccountId}::uuid
      AND v.state = 'published' AND v."deletedAt" IS NULL AND v."remoteId" IS NOT NULL
      AND v."scheduledAt" >= ${indexBound(since)}
      AND v."publishedAt" >= ${since} AND v."publishedAt" <= ${until}
    GROUP BY v.id
    ORDER BY v."publishedAt" DESC
    LIMIT 1000`;
}

/** Every variant published in a window on an active channel, with the checkpoints read (the reconciler's view). */
export function readingStates(db: Db, since: Date, until: Date) {
  return db.$queryRaw<ReadingState[]>`
    SELECT v.id, v."remoteId", v."publishedAt", v."channelAccountId",
      COALESCE(array_agg(s.checkpoint) FILTER (WHERE s.checkpoint IS NOT NULL), '{}') AS have
    FROM "Variant" v
    JOIN "ChannelAccount" c ON c.id = v."channelAccountId" AND c.status = 'active'
    LEFT JOIN "MetricSnapshot" s ON s."variantId" = v.id
    WHERE v.state = 'published' AND v."deletedAt" IS NULL AND v."remoteId" IS NOT NULL
      AND v."scheduledAt" >= ${indexBound(since)}
      AND v."publishedAt" >= ${since} AND v."publishedAt" <= ${until}
    GROUP BY v.id`;
}

export interface SnapshotRow {
  workspaceId: string;
  variantId: string;
  checkpoint: string;
  reactions: number;
  comments: number;
  shares: number;
  impressions: number | null;
  reach: number | null;
  fetchedAt: Date;
}

/** Appends readings; one that exists already (same variant and checkpoint) is left as it was. */
export async function insertSnapshots(db: Db, rows: SnapshotRow[]): Promise<number> {
  if (rows.length === 0) return 0;
  const result = await db.metricSnapshot.createMany({ data: rows, skipDuplicates: true });
  return result.count;
}

/**
 * The follower count at publication, for variants that have none yet: the channel's reading closest
 * to the publication (within two days), else its current count.
 */
export async function fillFollowersAtPublish(db: Db, variantIds: string[]): Promise<void> {
  if (variantIds.length === 0) return;
  await db.$executeRaw`
    UPDATE "Variant" v SET "followersAtPublish" = COALESCE(
      (SELECT f.followers FROM "FollowerSnapshot" f
        WHERE f."channelAccountId" = v."channelAccountId"
          AND f."fetchedAt" BETWEEN v."publishedAt" - interval '2 days' AND v."publishedAt" + interval '2 days'
        ORDER BY abs(extract(epoch FROM f."fetchedAt" - v."publishedAt")) LIMIT 1),
      c."followerCount")
    FROM "ChannelAccount" c
    WHERE c.id = v."channelAccountId" AND v.id = ANY(${variantIds}::uuid[]) AND v."followersAtPublish" IS NULL
      AND v."publishedAt" IS NOT NULL`;
}

/** Active connected channels without a follower reading for today (in the workspace zone), and that day. */
export function channelsWithoutFollowerReading(db: Db) {
  return db.$queryRaw<Array<{ id: string; day: string }>>`
    SELECT c.id, to_char(now() AT TIME ZONE w."timeZone", 'YYYY-MM-DD') AS day
    FROM "ChannelAccount" c JOIN "Workspace" w ON w.id = c."workspaceId"
    WHERE c.status = 'active' AND c.credentials IS NOT NULL AND c."remoteId" IS NOT NULL
      AND NOT EXISTS (
        SELECT 1 FROM "FollowerSnapshot" f
        WHERE f."channelAccountId" = c.id AND f.day = (now() AT TIME ZONE w."timeZone")::date
      )`;
}

export function findFollowerTarget(db: Db, channelAccountId: string) {
  return db.channelAccount.findUnique({
    where: { id: channelAccountId },
    select: {
      id: true,
      workspaceId: true,
      name: true,
      provider: true,
      remoteId: true,
      status: true,
      credentials: true,
      credentialsKeyId: true,
      tokenExpiresAt: true,
    },
  });
}

export async function hasFollowerReading(db: Db, channelAccountId: string, day: string): Promise<boolean> {
  const found = await db.followerSnapshot.findUnique({
    where: { channelAccountId_day: { channelAccountId, day: new Date(`${day}T00:00:00Z`) } },
    select: { id: true },
  });
  return found !== null;
}

/** Appends the day's reading (once) and keeps the channel's current count in step. */
export async function recordFollowers(db: Db, channel: { id: string; workspaceId: string }, day: string, followers: number, at: Date) {
  await db.followerSnapshot.createMany({
    data: [{ workspaceId: channel.workspaceId, channelAccountId: channel.id, day: new Date(`${day}T00:00:00Z`), followers, fetchedAt: at }],
    skipDuplicates: true,
  });
  await db.channelAccount.update({ where: { id: channel.id }, data: { followerCount: followers }, select: { id: true } });
}
