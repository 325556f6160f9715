import type { Deps } from '../../deps';
import type { Db } from '../../lib/db';
import { AppError } from '../../lib/errors';
import { type AuditActor, recordAudit } from '../audit/record-audit';
import { lockPost, saveVersion, setPostState, unqueueVariants } from './approval-repository';
import { finishApproval } from './finish-approval';
import { loadReviewContext, progressOf } from './review-context';
import { stepReached } from './step-reached';
import { snapshotOf } from './versions';
import { assertMove } from './workflow';

/**
 * Starts a review round of the post's current version (from a draft, after changes were requested,
 * or after a content edit of approved work). Decisions of earlier rounds or versions no longer
 * count. A policy none of whose steps applies approves at once.
 */
export async function startReview(
  tx: Db,
  deps: Deps,
  actor: AuditActor,
  workspaceId: string,
  postId: string,
  now: Date,
  options: { restart?: boolean } = {},
) {
  const ctx = await loadReviewContext(tx, workspaceId, postId);
  const { post } = ctx;
  // A content edit during review restarts the round on the new version.
  if (!(options.restart && post.state === 'in_review')) assertMove(post.state, 'in_review');
  if (!post.variants.length) {
    throw new AppError('unprocessable', 'A post needs at least one variant to be reviewed', [{ field: 'variants', code: 'no_variants' }]);
  }
  // Nothing stays queued while a version is under review.
  await unqueueVariants(tx, post.id);
  await setPostState(tx, post.id, { state: 'in_review', submittedAt: now, submittedById: actor.userId ?? null });
  await saveVersion(tx, post.id, post.version, snapshotOf(post), actor.userId ?? null);
  await recordAudit(tx, actor, {
    workspaceId,
    entityType: 'post',
    entityId: post.id,
    action: options.restart ? 'post.review_restarted' : 'post.submitted',
    before: { state: post.state },
    after: { state: 'in_review', version: post.version },
  });
  const round = { ...ctx, post: { ...post, state: 'in_review' as const, submittedAt: now }, decisions: [] };
  const progress = progressOf(ctx.policy, post, ctx.reviewers, []);
  if (progress.approved) return finishApproval(tx, actor, { ...round, progress }, now);
  if (progress.current) await stepReached(tx, deps, { ...round, progress }, progress.current, now);
  return 'in_review' as const;
}

export async function submitPost(deps: Deps, actor: AuditActor, workspaceId: string, postId: string, now = new Date()) {
  return deps.prisma.$transaction(async (tx) => {
    await lockPost(tx, postId);
    return { postId, state: await startReview(tx, deps, actor, workspaceId, postId, now) };
  });
}
