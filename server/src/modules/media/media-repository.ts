import type { MediaKind, Prisma } from '../../generated/prisma/client';
import type { Db } from '../../lib/db';

export const mediaSelect = {
  id: true,
  workspaceId: true,
  sha256: true,
  kind: true,
  mimeType: true,
  bytes: true,
  width: true,
  height: true,
  durationMs: true,
  storageKey: true,
  thumbKey: true,
  originalName: true,
  uploadedById: true,
  createdAt: true,
} as const;

export type MediaRow = Prisma.MediaGetPayload<{ select: typeof mediaSelect }>;

export function findMedia(db: Db, workspaceId: string, id: string): Promise<MediaRow | null> {
  return db.media.findFirst({ where: { id, workspaceId }, select: mediaSelect });
}

/** By id alone: only for a request that proved it may see the file (a signed URL). */
export function findMediaById(db: Db, id: string): Promise<MediaRow | null> {
  return db.media.findUnique({ where: { id }, select: mediaSelect });
}

export function findMediaBySha(db: Db, workspaceId: string, sha256: string): Promise<MediaRow | null> {
  return db.media.findUnique({ where: { workspaceId_sha256: { workspaceId, sha256 } }, select: mediaSelect });
}

export interface MediaFilter {
  kind?: MediaKind;
  /** Only media older than this one (keyset paging on createdAt, then id). */
  before?: string;
  limit: number;
}

/** Newest first. An unknown `before` id gives an empty page rather than the first one. */
export async function listMedia(db: Db, workspaceId: string, filter: MediaFilter): Promise<MediaRow[]> {
  let older: Prisma.MediaWhereInput = {};
  if (filter.before) {
    const cursor = await db.media.findFirst({ where: { id: filter.before, workspaceId }, select: { id: true, createdAt: true } });
    if (!cursor) return [];
    older = { OR: [{ createdAt: { lt: cursor.createdAt } }, { createdAt: cursor.createdAt, id: { lt: cursor.id } }] };
  }
  return db.media.findMany({
    where: { workspaceId, kind: filter.kind, ...older },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: filter.limit,
    select: mediaSelect,
  });
}

export function insertMedia(db: Db, data: Omit<Prisma.MediaUncheckedCreateInput, 'id' | 'createdAt'>): Promise<MediaRow> {
  return db.media.create({ data, select: mediaSelect });
}

/** The variants (of posts in any state) that show this media. */
export function variantsUsingMedia(db: Db, mediaId: string) {
  return db.variantMedia.findMany({
    where: { mediaId },
    select: { variantId: true, variant: { select: { postId: true } } },
    orderBy: { variantId: 'asc' },
  });
}

export async function deleteMediaRow(db: Db, id: string): Promise<void> {
  await db.media.delete({ where: { id }, select: { id: true } });
}
