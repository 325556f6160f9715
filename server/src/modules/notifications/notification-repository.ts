import type { Db } from '../../lib/db';

export const notificationSelect = {
  id: true,
  kind: true,
  postId: true,
  data: true,
  readAt: true,
  createdAt: true,
} as const;

/** A reader's own notifications in one workspace, newest first; `before` pages by id (uuid v7 sorts by time). */
export function listNotificationRows(db: Db, workspaceId: string, userId: string, page: { before?: string; limit: number }) {
  return db.notification.findMany({
    where: { workspaceId, userId, ...(page.before ? { id: { lt: page.before } } : {}) },
    orderBy: { id: 'desc' },
    take: page.limit,
    select: notificationSelect,
  });
}

export function countUnread(db: Db, workspaceId: string, userId: string) {
  return db.notification.count({ where: { workspaceId, userId, readAt: null } });
}

/** Marks the reader's own notifications read; ids of anybody else's (or another workspace's) match nothing. */
export async function markRead(db: Db, workspaceId: string, userId: string, ids: string[] | 'all', now: Date): Promise<number> {
  const { count } = await db.notification.updateMany({
    where: { workspaceId, userId, readAt: null, ...(ids === 'all' ? {} : { id: { in: ids } }) },
    data: { readAt: now },
  });
  return count;
}

export interface ClaimedNotification {
  id: string;
}

/**
 * Claims up to `limit` notifications not mailed yet (created after `since`) by setting `emailedAt` in one
 * statement; `SKIP LOCKED` lets two outbox runs claim disjoint rows, and the `emailedAt IS NULL` condition
 * means a row is claimed once.
 */
export function claimUnmailed(db: Db, since: Date, now: Date, limit: number): Promise<ClaimedNotification[]> {
  return db.$queryRaw<ClaimedNotification[]>`
    UPDATE "Notification" SET "emailedAt" = ${now}
    WHERE id IN (
      SELECT id FROM "Notification"
      WHERE "emailedAt" IS NULL AND "createdAt" >= ${since}
      ORDER BY "createdAt"
      LIMIT ${limit}
      FOR UPDATE SKIP LOCKED
    ) AND "emailedAt" IS NULL
    RETURNING id`;
}

/** Gives a claimed notification back to the outbox (its mail could not be sent; a later run retries). */
export async function releaseClaim(db: Db, id: string): Promise<void> {
  await db.notification.updateMany({ where: { id }, data: { emailedAt: null } });
}

/** What a mail needs: the notification, its reader (address, language), the workspace and the post. */
export function findMailable(db: Db, ids: string[]) {
  return db.notification.findMany({
    where: { id: { in: ids } },
    orderBy: { createdAt: 'asc' },
    select: {
      id: true,
      kind: true,
      postId: true,
      data: true,
      workspaceId: true,
      user: { select: { email: true, name: true, locale: true } },
      workspace: { select: { name: true, locale: true, timeZone: true } },
      post: { select: { title: true, author: { select: { name: true } } } },
    },
  });
}
export type MailableNotification = Awaited<ReturnType<typeof findMailable>>[number];

/** Posts in review (any workspace) with a live variant planned in (from, to]: candidates for a reminder. */
export function postsInReviewDue(db: Db, from: Date, to: Date) {
  return db.post.findMany({
    where: {
      deletedAt: null,
      state: 'in_review',
      variants: { some: { deletedAt: null, scheduledAt: { gt: from, lte: to } } },
    },
    select: { id: true, workspaceId: true },
  });
}
