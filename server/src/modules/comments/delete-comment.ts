import type { Deps } from '../../deps';
import { forbidden, notFound } from '../../lib/errors';
import { type AuditActor, recordAudit } from '../audit/record-audit';
import { findCommentRow, softDeleteComment } from './comment-repository';

/** Removes one's own comment (kept in the database, hidden from the thread). */
export async function deleteComment(deps: Deps, actor: AuditActor & { userId: string }, workspaceId: string, postId: string, commentId: string) {
  await deps.prisma.$transaction(async (tx) => {
    const comment = await findCommentRow(tx, workspaceId, postId, commentId);
    if (!comment) throw notFound('Comment');
    if (comment.authorId !== actor.userId) throw forbidden('You can delete only your own comments');
    await softDeleteComment(tx, comment.id, new Date());
    await recordAudit(tx, actor, {
      workspaceId,
      entityType: 'post',
      entityId: postId,
      action: 'post.comment_deleted',
      before: { commentId: comment.id, body: comment.body },
    });
  });
}
