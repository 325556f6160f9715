import type { Prisma } from '../../generated/prisma/client';
import type { Db } from '../../lib/db';

export const segmentSelect = {
  id: true,
  name: true,
  color: true,
  description: true,
  regions: true,
  ageMin: true,
  ageMax: true,
  genders: true,
  locales: true,
  interests: true,
  archivedAt: true,
} as const;

export function listSegments(db: Db, workspaceId: string, includeArchived: boolean) {
  return db.segment.findMany({
    where: { workspaceId, ...(includeArchived ? {} : { archivedAt: null }) },
    orderBy: { name: 'asc' },
    select: segmentSelect,
  });
}

export function findSegment(db: Db, workspaceId: string, id: string) {
  return db.segment.findFirst({ where: { id, workspaceId }, select: segmentSelect });
}

export function insertSegment(db: Db, workspaceId: string, data: Omit<Prisma.SegmentUncheckedCreateInput, 'workspaceId'>) {
  return db.segment.create({ data: { ...data, workspaceId }, select: segmentSelect });
}

export function updateSegmentRow(db: Db, id: string, data: Prisma.SegmentUncheckedUpdateInput) {
  return db.segment.update({ where: { id }, data, select: segmentSelect });
}

export async function deleteSegmentRow(db: Db, id: string): Promise<void> {
  await db.segment.delete({ where: { id }, select: { id: true } });
}

/** Live (not deleted) variants aimed at this segment, with their posts, for a 409 that names them. */
export function variantsUsingSegment(db: Db, segmentId: string, take = 20) {
  return db.variant.findMany({
    where: { segmentId, deletedAt: null, post: { deletedAt: null } },
    take,
    select: { id: true, post: { select: { id: true, title: true } } },
  });
}
