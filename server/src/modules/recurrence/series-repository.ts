import type { Prisma } from '../../generated/prisma/client';
import type { Db } from '../../lib/db';
import { toVariant, variantSelect } from '../posts/post-repository';

/** Creating or editing a year of daily posts is a big transaction: the default 5 s is not enough. */
export const SERIES_TX = { timeout: 60_000, maxWait: 10_000 } as const;

/** A series head, soft-deleted or not: its rule outlives its own post. */
export function findSeriesHead(db: Db, workspaceId: string, seriesId: string) {
  return db.post.findFirst({
    where: { id: seriesId, workspaceId, seriesId, recurrence: { not: null } },
    select: { id: true, recurrence: true, authorId: true, deletedAt: true },
  });
}

/** Serialises edits, deletes and extensions of one series. */
export async function lockSeries(db: Db, headId: string): Promise<void> {
  await db.$executeRaw`SELECT 1 FROM "Post" WHERE id = ${headId}::uuid FOR UPDATE`;
}

export async function setRecurrence(db: Db, headId: string, recurrence: string): Promise<void> {
  await db.post.update({ where: { id: headId }, data: { recurrence }, select: { id: true } });
}

export function setSeriesId(db: Db, postId: string, seriesId: string) {
  return db.post.update({ where: { id: postId }, data: { seriesId }, select: { id: true } });
}

const occurrenceSelect = {
  id: true,
  title: true,
  brief: true,
  campaignId: true,
  labels: true,
  state: true,
  authorId: true,
  createdAt: true,
  variants: { where: { deletedAt: null }, orderBy: { createdAt: 'asc' }, select: variantSelect },
} as const satisfies Prisma.PostSelect;

/**
 * The live (not deleted) posts of a series, in occurrence order: by their earliest planned variant
 * (an occurrence with nothing planned sorts by creation).
 */
export async function listOccurrences(db: Db, workspaceId: string, seriesId: string) {
  const rows = await db.post.findMany({ where: { workspaceId, seriesId, deletedAt: null }, orderBy: { createdAt: 'asc' }, select: occurrenceSelect });
  return rows
    .map((row) => {
      const variants = row.variants.map(toVariant);
      const times = variants.flatMap((v) => (v.scheduledAt ? [v.scheduledAt.getTime()] : []));
      const firstAt = times.length ? new Date(Math.min(...times)) : null;
      return { ...row, variants, firstAt, sortKey: firstAt?.getTime() ?? row.createdAt.getTime() };
    })
    .sort((a, b) => a.sortKey - b.sortKey);
}
export type OccurrenceRow = Awaited<ReturnType<typeof listOccurrences>>[number];

/** Every series whose rule may still have occurrences to create: the heads, across workspaces. */
export function listSeriesHeads(db: Db) {
  return db.post.findMany({
    where: { recurrence: { not: null }, seriesId: { not: null } },
    select: { id: true, workspaceId: true },
    orderBy: { id: 'asc' },
  });
}
