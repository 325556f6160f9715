import type { Db } from '../../lib/db';
import { notFound } from '../../lib/errors';
import { findCommentedPost, listCommentRows } from './comment-repository';

/** A post's thread, oldest first (each comment says which version it was written on). */
export async function listComments(db: Db, workspaceId: string, postId: string) {
  const post = await findCommentedPost(db, workspaceId, postId);
  if (!post) throw notFound('Post');
  return listCommentRows(db, postId);
}
