import { randomToken, sha256 } from '../../lib/crypto';
import type { Db } from '../../lib/db';

const linkSelect = {
  id: true,
  workspaceId: true,
  postId: true,
  version: true,
  stepId: true,
  email: true,
  expiresAt: true,
  usedAt: true,
  revokedAt: true,
  createdAt: true,
} as const;

/** Creates a link; the token is returned once and only its sha256 is kept. */
export async function insertReviewLink(
  db: Db,
  data: { workspaceId: string; postId: string; version: number; stepId: string; email: string; expiresAt: Date },
) {
  const token = randomToken('', 32);
  const link = await db.reviewLink.create({ data: { ...data, tokenHash: sha256(token) }, select: linkSelect });
  return { token, link };
}

/** Ends the post's links for this step and email that are neither used nor revoked yet. */
export async function revokeOpenLinks(db: Db, postId: string, stepId: string, email: string, now: Date): Promise<void> {
  await db.reviewLink.updateMany({ where: { postId, stepId, email, usedAt: null, revokedAt: null }, data: { revokedAt: now } });
}

export function findLinkByToken(db: Db, token: string) {
  return db.reviewLink.findUnique({ where: { tokenHash: sha256(token) }, select: linkSelect });
}

export function findLink(db: Db, workspaceId: string, postId: string, id: string) {
  return db.reviewLink.findFirst({ where: { id, workspaceId, postId }, select: linkSelect });
}

export function listLinks(db: Db, workspaceId: string, postId: string) {
  return db.reviewLink.findMany({ where: { workspaceId, postId }, orderBy: { createdAt: 'desc' }, select: linkSelect });
}
export type ReviewLinkRow = Awaited<ReturnType<typeof listLinks>>[number];

/** Marks a link used; conditional, so one link cannot decide twice. */
export async function markLinkUsed(db: Db, id: string, now: Date): Promise<boolean> {
  const { count } = await db.reviewLink.updateMany({ where: { id, usedAt: null, revokedAt: null }, data: { usedAt: now } });
  return count === 1;
}

/** A link's own revocation (renewal); conditional like markLinkUsed. */
export async function revokeLink(db: Db, id: string, now: Date): Promise<boolean> {
  const { count } = await db.reviewLink.updateMany({ where: { id, usedAt: null, revokedAt: null }, data: { revokedAt: now } });
  return count === 1;
}

export function workspaceLabel(db: Db, workspaceId: string) {
  return db.workspace.findUnique({ where: { id: workspaceId }, select: { name: true, locale: true } });
}

/** Names of the channels and segments a review page shows. */
export async function variantLabels(db: Db, workspaceId: string, channelIds: string[], segmentIds: string[]) {
  const [channels, segments] = await Promise.all([
    db.channelAccount.findMany({ where: { workspaceId, id: { in: channelIds } }, select: { id: true, provider: true, name: true, handle: true } }),
    segmentIds.length
      ? db.segment.findMany({ where: { workspaceId, id: { in: segmentIds } }, select: { id: true, name: true } })
      : Promise.resolve([]),
  ]);
  return { channels: new Map(channels.map((c) => [c.id, c])), segments: new Map(segments.map((s) => [s.id, s.name])) };
}
