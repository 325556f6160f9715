import type { Db } from '../../lib/db';
import type { AuditActor } from '../audit/record-audit';
import { recordAudit } from '../audit/record-audit';
import { findPost } from '../posts/post-repository';
import { queueVariants, setPostState, unqueueVariants } from './approval-repository';

/**
 * A variant's time changed (not its content: the approval stands). A scheduled post keeps its
 * queue in step: a variant given a time joins it, one taken off the calendar leaves it (and a post
 * left with nothing queued is approved, not scheduled). An approved post held for a late approval
 * is scheduled as soon as every variant has a future time again.
 */
export async function afterReschedule(tx: Db, actor: AuditActor, workspaceId: string, postId: string, now: Date): Promise<void> {
  const post = await findPost(tx, workspaceId, postId);
  if (!post || post.approvedVersion !== post.version) return;
  if (post.state === 'scheduled') {
    await unqueueVariants(tx, post.id, 'draft');
    await queueVariants(tx, post.id);
    if (post.variants.every((v) => !v.scheduledAt)) await setPostState(tx, post.id, { state: 'approved' });
    return;
  }
  const ready = post.variants.length > 0 && post.variants.every((v) => v.scheduledAt && v.scheduledAt.getTime() > now.getTime());
  if (post.state === 'approved' && ready) {
    await queueVariants(tx, post.id);
    await setPostState(tx, post.id, { state: 'scheduled' });
    await recordAudit(tx, actor, {
      workspaceId,
      entityType: 'post',
      entityId: post.id,
      action: 'post.scheduled',
      before: { state: 'approved' },
      after: { state: 'scheduled' },
    });
  }
}
