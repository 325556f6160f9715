import type { Prisma } from '../../generated/prisma/client';
import type { Db } from '../../lib/db';

export const variantSelect = {
  id: true,
  postId: true,
  channelAccountId: true,
  segmentId: true,
  text: true,
  link: true,
  firstComment: true,
  utm: true,
  scheduledAt: true,
  scheduleVersion: true,
  state: true,
  /** Where it went out, and why its last attempt failed (the network's words and class). */
  remoteUrl: true,
  failureReason: true,
  failureKind: true,
  media: { select: { mediaId: true }, orderBy: { position: 'asc' } },
} as const;

const postSelect = {
  id: true,
  title: true,
  brief: true,
  campaignId: true,
  labels: true,
  state: true,
  version: true,
  approvedVersion: true,
  submittedAt: true,
  seriesId: true,
  author: { select: { id: true, name: true } },
  createdAt: true,
  updatedAt: true,
  variants: { where: { deletedAt: null }, orderBy: { createdAt: 'asc' }, select: variantSelect },
} as const;

type VariantRow = Prisma.VariantGetPayload<{ select: typeof variantSelect }>;
export const toVariant = ({ media, ...v }: VariantRow) => ({ ...v, mediaIds: media.map((m) => m.mediaId) });

export async function findPost(db: Db, workspaceId: string, id: string) {
  const row = await db.post.findFirst({ where: { id, workspaceId, deletedAt: null }, select: postSelect });
  return row && { ...row, variants: row.variants.map(toVariant) };
}
export type PostView = NonNullable<Awaited<ReturnType<typeof findPost>>>;

export function insertPost(db: Db, data: Prisma.PostUncheckedCreateInput) {
  return db.post.create({ data, select: { id: true } });
}

export function updatePostRow(db: Db, id: string, data: Prisma.PostUncheckedUpdateInput) {
  return db.post.update({ where: { id }, data, select: { id: true } });
}

export interface VariantData {
  channelAccountId: string;
  segmentId: string | null;
  text: string;
  link: string | null;
  firstComment: string | null;
  utm: Prisma.InputJsonValue | undefined;
  scheduledAt: Date | null;
  mediaIds: string[];
}

const mediaRows = (mediaIds: string[]) => mediaIds.map((mediaId, position) => ({ mediaId, position }));

export function insertVariant(db: Db, workspaceId: string, postId: string, v: VariantData) {
  const { mediaIds, ...fields } = v;
  return db.variant.create({ data: { ...fields, workspaceId, postId, media: { create: mediaRows(mediaIds) } }, select: { id: true } });
}

export async function updateVariantRow(db: Db, id: string, v: VariantData & { scheduleVersion?: { increment: number } }): Promise<void> {
  const { mediaIds, ...fields } = v;
  await db.variantMedia.deleteMany({ where: { variantId: id } });
  await db.variant.update({ where: { id }, data: { ...fields, media: { create: mediaRows(mediaIds) } }, select: { id: true } });
}

export async function softDeleteVariants(db: Db, ids: string[]): Promise<void> {
  if (ids.length) await db.variant.updateMany({ where: { id: { in: ids } }, data: { deletedAt: new Date(), state: 'canceled' } });
}

export async function softDeletePost(db: Db, id: string): Promise<void> {
  const now = new Date();
  await db.post.update({ where: { id }, data: { deletedAt: now, state: 'canceled' }, select: { id: true } });
  await db.variant.updateMany({ where: { postId: id, deletedAt: null }, data: { deletedAt: now, state: 'canceled' } });
}

/** The variant with what rescheduling needs to know, scoped to the workspace. */
export function findVariantForSchedule(db: Db, workspaceId: string, id: string) {
  return db.variant.findFirst({
    where: { id, workspaceId, deletedAt: null, post: { deletedAt: null } },
    select: { ...variantSelect, post: { select: { id: true, state: true } }, channelAccount: { select: { provider: true } } },
  });
}

export function findVariantRow(db: Db, id: string) {
  return db.variant.findUniqueOrThrow({ where: { id }, select: variantSelect });
}

export async function setVariantSchedule(db: Db, id: string, scheduledAt: Date | null) {
  return toVariant(
    await db.variant.update({ where: { id }, data: { scheduledAt, heldAt: null, scheduleVersion: { increment: 1 } }, select: variantSelect }),
  );
}

/** What validation needs about the things a variant refers to, all checked to be in the workspace. */
export async function loadReferences(
  db: Db,
  workspaceId: string,
  refs: { channelIds: string[]; segmentIds: string[]; mediaIds: string[]; campaignId?: string | null },
) {
  const [channels, segments, media, campaign] = await Promise.all([
    db.channelAccount.findMany({ where: { workspaceId, id: { in: refs.channelIds } }, select: { id: true, provider: true, status: true } }),
    db.segment.findMany({
      where: { workspaceId, id: { in: refs.segmentIds } },
      select: { id: true, regions: true, ageMin: true, ageMax: true, genders: true, locales: true, archivedAt: true },
    }),
    db.media.findMany({
      where: { workspaceId, id: { in: refs.mediaIds } },
      select: { id: true, kind: true, mimeType: true, bytes: true, width: true, height: true, durationMs: true },
    }),
    refs.campaignId ? db.campaign.findFirst({ where: { workspaceId, id: refs.campaignId }, select: { id: true } }) : Promise.resolve(null),
  ]);
  return {
    channels: new Map(channels.map((c) => [c.id, c])),
    segments: new Map(segments.map((s) => [s.id, s])),
    media: new Map(media.map((m) => [m.id, m])),
    campaign,
  };
}
export type References = Awaited<ReturnType<typeof loadReferences>>;
