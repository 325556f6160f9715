import type { Prisma } from '../../generated/prisma/client';
import { randomToken, sha256 } from '../../lib/crypto';
import type { Db } from '../../lib/db';

export const FEED_PREFIX = 'cal_';

/** Creates the person's feed, or gives it a new secret (the old URL stops working at once). */
export async function upsertFeed(db: Db, workspaceId: string, userId: string, filters: Prisma.InputJsonValue) {
  const secret = randomToken(FEED_PREFIX, 24);
  const feed = await db.calendarFeed.upsert({
    where: { workspaceId_userId: { workspaceId, userId } },
    create: { workspaceId, userId, tokenHash: sha256(secret), filters },
    update: { tokenHash: sha256(secret), filters, createdAt: new Date() },
    select: { id: true, createdAt: true, filters: true },
  });
  return { feed, secret };
}

export function findFeedOf(db: Db, workspaceId: string, userId: string) {
  return db.calendarFeed.findUnique({ where: { workspaceId_userId: { workspaceId, userId } }, select: { id: true, createdAt: true, filters: true } });
}

export function findFeedBySecret(db: Db, secret: string) {
  return db.calendarFeed.findUnique({
    where: { tokenHash: sha256(secret) },
    select: { id: true, workspaceId: true, userId: true, filters: true, workspace: { select: { name: true, timeZone: true } } },
  });
}

export async function deleteFeed(db: Db, workspaceId: string, userId: string): Promise<number> {
  const { count } = await db.calendarFeed.deleteMany({ where: { workspaceId, userId } });
  return count;
}

/** Changes only the filters; the secret (and so the subscribed URL) stays. */
export async function updateFeedFilters(db: Db, workspaceId: string, userId: string, filters: Prisma.InputJsonValue) {
  const { count } = await db.calendarFeed.updateMany({ where: { workspaceId, userId }, data: { filters } });
  return count;
}

/** Which of these ids name a channel, segment, campaign or member of this workspace. */
export async function findKnownReferences(
  db: Db,
  workspaceId: string,
  refs: { channelIds: string[]; segmentIds: string[]; campaignIds: string[]; authorIds: string[] },
) {
  const [channels, segments, campaigns, members] = await Promise.all([
    db.channelAccount.findMany({ where: { workspaceId, id: { in: refs.channelIds } }, select: { id: true } }),
    db.segment.findMany({ where: { workspaceId, id: { in: refs.segmentIds } }, select: { id: true } }),
    db.campaign.findMany({ where: { workspaceId, id: { in: refs.campaignIds } }, select: { id: true } }),
    db.membership.findMany({ where: { workspaceId, userId: { in: refs.authorIds } }, select: { userId: true } }),
  ]);
  return {
    channelIds: new Set(channels.map((c) => c.id)),
    segmentIds: new Set(segments.map((s) => s.id)),
    campaignIds: new Set(campaigns.map((c) => c.id)),
    authorIds: new Set(members.map((m) => m.userId)),
  };
}
