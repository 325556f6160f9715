import type { Deps } from '../../deps';
import { AppError, notFound } from '../../lib/errors';
import { type AuditActor, recordAudit } from '../audit/record-audit';
import { findPost, softDeletePost } from './post-repository';
import { createPost } from './save-post';

/** Soft delete: the post and its variants leave the plan; the audit log keeps what they were. */
export async function deletePost(deps: Deps, actor: AuditActor, workspaceId: string, postId: string): Promise<void> {
  await deps.prisma.$transaction(async (tx) => {
    const post = await findPost(tx, workspaceId, postId);
    if (!post) throw notFound('Post');
    const live = post.variants.find((v) => v.state === 'publishing' || v.state === 'published');
    if (live) throw new AppError('invalid_state', 'A post with published variants cannot be deleted', { variantId: live.id, state: live.state });
    await softDeletePost(tx, postId);
    await recordAudit(tx, actor, { workspaceId, entityType: 'post', entityId: postId, action: 'post.deleted', before: post });
  });
}

/** A new draft with the same content; times are cleared so nothing is planned twice by accident. */
export async function duplicatePost(deps: Deps, actor: AuditActor & { userId: string }, workspaceId: string, postId: string) {
  const post = await findPost(deps.prisma, workspaceId, postId);
  if (!post) throw notFound('Post');
  return createPost(deps, actor, workspaceId, {
    title: `${post.title} (copy)`.slice(0, 200),
    brief: post.brief,
    campaignId: post.campaignId,
    labels: post.labels,
    variants: post.variants.map((v) => ({
      channelAccountId: v.channelAccountId,
      segmentId: v.segmentId,
      text: v.text,
      link: v.link,
      firstComment: v.firstComment,
      utm: (v.utm ?? null) as never,
      mediaIds: v.mediaIds,
      scheduledAt: null,
    })),
  });
}
