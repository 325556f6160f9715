import type { Db } from '../../lib/db';

export const commentSelect = {
  id: true,
  postId: true,
  version: true,
  body: true,
  mentions: true,
  createdAt: true,
  author: { select: { id: true, name: true } },
} as const;

/** The post a comment is about, if it is live in this workspace (its title and current version). */
export function findCommentedPost(db: Db, workspaceId: string, postId: string) {
  return db.post.findFirst({ where: { id: postId, workspaceId, deletedAt: null }, select: { id: true, title: true, version: true } });
}

export function listCommentRows(db: Db, postId: string) {
  return db.postComment.findMany({ where: { postId, deletedAt: null }, orderBy: { createdAt: 'asc' }, select: commentSelect });
}

export function insertComment(
  db: Db,
  data: { workspaceId: string; postId: string; version: number; authorId: string; body: string; mentions: string[] },
) {
  return db.postComment.create({ data, select: commentSelect });
}

export function findCommentRow(db: Db, workspaceId: string, postId: string, id: string) {
  return db.postComment.findFirst({ where: { id, workspaceId, postId, deletedAt: null }, select: { ...commentSelect, authorId: true } });
}

export async function softDeleteComment(db: Db, id: string, now: Date): Promise<void> {
  await db.postComment.update({ where: { id }, data: { deletedAt: now }, select: { id: true } });
}

/** Which of these user ids are members of the workspace. */
export async function membersAmong(db: Db, workspaceId: string, userIds: string[]): Promise<Set<string>> {
  if (!userIds.length) return new Set();
  const rows = await db.membership.findMany({ where: { workspaceId, userId: { in: userIds } }, select: { userId: true } });
  return new Set(rows.map((r) => r.userId));
}
