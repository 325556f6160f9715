import type { Deps } from '../../deps';
import { AppError, notFound } from '../../lib/errors';
import { type AuditActor, recordAudit } from '../audit/record-audit';
import { notify } from '../notifications/notify';
import { findCommentedPost, insertComment, membersAmong } from './comment-repository';

/** How much of a comment a notification carries. */
const EXCERPT = 500;

/**
 * Comments on a post, pinned to its current content version. Everyone mentioned must be a member
 * of the workspace; each (but the author) is notified once.
 */
export async function addComment(
  deps: Deps,
  actor: AuditActor & { userId: string },
  author: { name: string },
  workspaceId: string,
  postId: string,
  input: { body: string; mentions: string[] },
) {
  return deps.prisma.$transaction(async (tx) => {
    const post = await findCommentedPost(tx, workspaceId, postId);
    if (!post) throw notFound('Post');
    const mentions = [...new Set(input.mentions)];
    const members = await membersAmong(tx, workspaceId, mentions);
    const strangers = mentions.filter((id) => !members.has(id));
    if (strangers.length) {
      throw new AppError(
        'unprocessable',
        'Only members of this workspace can be mentioned',
        strangers.map((id) => ({ field: 'mentions', code: 'not_a_member', value: id })),
      );
    }
    const comment = await insertComment(tx, { workspaceId, postId, version: post.version, authorId: actor.userId, body: input.body, mentions });
    await notify(tx, workspaceId, {
      userIds: mentions.filter((id) => id !== actor.userId),
      kind: 'mentioned',
      postId,
      data: { title: post.title, version: post.version, comment: input.body.slice(0, EXCERPT), by: author.name, commentId: comment.id },
      dedupeKey: `mention:${comment.id}`,
    });
    await recordAudit(tx, actor, {
      workspaceId,
      entityType: 'post',
      entityId: postId,
      action: 'post.commented',
      after: { commentId: comment.id, version: post.version, mentions },
    });
    return comment;
  });
}
