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
