import type { Deps } from '../../deps';
import { AppError } from '../../lib/errors';
import { type AuditActor, recordAudit } from '../audit/record-audit';
import { syncPostJobs } from '../publishing/sync-post-jobs';
import { lockPost, queueVariants, restoreCanceledVariants, setPostState, unqueueVariants } from './approval-repository';
import { loadReviewContext } from './review-context';
import { startReview } from './submit-post';
import { assertMove, MOVES, type PostState } from './workflow';

/** The moves a planner makes by hand; decisions and the publisher make the others. */
export const manualMoves = ['in_review', 'draft', 'canceled', 'scheduled', 'approved'] as const;
export type ManualMove = (typeof manualMoves)[number];

/**
 * Submit (→ in_review), withdraw or reopen (→ draft), cancel, schedule an approved post (its
 * variants queued; every one needs a future time) or unschedule it (→ approved). Approving is a
 * decision (decide-post.ts), never a move: `approved` here only takes a scheduled post off the queue.
 */
export async function movePost(deps: Deps, actor: AuditActor, workspaceId: string, postId: string, to: ManualMove, now = new Date()) {
  const result = await deps.prisma.$transaction(async (tx) => {
    await lockPost(tx, postId);
    if (to === 'in_review') return { postId, state: await startReview(tx, deps, actor, workspaceId, postId, now) };
    const { post } = await loadReviewContext(tx, workspaceId, postId);
    const from: PostState = post.state;
    assertMove(from, to);
    if (to === 'approved' && from !== 'scheduled') {
      throw new AppError('invalid_state', 'Only reviewers approve a post, by deciding on it', { state: from, allowed: MOVES[from] });
    }
    if (to === 'scheduled') {
      if (post.approvedVersion !== post.version) {
        throw new AppError('invalid_state', 'This version is not approved', {
          state: from,
          allowed: MOVES[from],
          approvedVersion: post.approvedVersion,
        });
      }
      const problems = post.variants.flatMap((v, i) =>
        !v.scheduledAt
          ? [{ field: `variants.${i}.scheduledAt`, code: 'time_required', severity: 'error', message: 'needs a time to be scheduled' }]
          : v.scheduledAt.getTime() <= now.getTime()
            ? [{ field: `variants.${i}.scheduledAt`, code: 'time_in_past', severity: 'error', message: 'is in the past: pick a new time' }]
            : [],
      );
      if (problems.length) throw new AppError('unprocessable', 'Every variant needs a future time to be scheduled', problems);
      await queueVariants(tx, post.id);
    }
    if (to === 'approved' || to === 'draft') await unqueueVariants(tx, post.id, 'draft');
    if (to === 'canceled') await unqueueVariants(tx, post.id, 'canceled');
    if (from === 'canceled') await restoreCanceledVariants(tx, post.id);
    await setPostState(tx, post.id, { state: to });
    await recordAudit(tx, actor, {
      workspaceId,
      entityType: 'post',
      entityId: post.id,
      action: `post.${to}`,
      before: { state: from },
      after: { state: to },
    });
    return { postId, state: to };
  });
  await syncPostJobs(deps, postId);
  return result;
}
