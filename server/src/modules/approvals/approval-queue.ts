import type { Deps } from '../../deps';
import { AppError } from '../../lib/errors';
import type { AuditActor } from '../audit/record-audit';
import { postsInReview } from './approval-repository';
import { decidePost } from './decide-post';
import { firstPlannedAt, loadReviewContext } from './review-context';
import { getDiff, reviewSummary } from './review-view';

/**
 * What waits for a reviewer: posts in review whose current step they may decide (or, with
 * `scope=all`, every post in review), soonest deadline first; each with its variants, where it
 * stands, and what changed since the last approved version.
 */
export async function approvalQueue(deps: Deps, workspaceId: string, reader: { userId: string; roles: readonly string[] }, scope: 'mine' | 'all') {
  const ids = await postsInReview(deps.prisma, workspaceId);
  const items = [];
  for (const id of ids) {
    const ctx = await loadReviewContext(deps.prisma, workspaceId, id);
    const review = reviewSummary(ctx, reader);
    if (scope === 'mine' && !review.canDecide) continue;
    const changes = ctx.post.approvedVersion ? await getDiff(deps.prisma, workspaceId, id, {}) : null;
    const comments = await deps.prisma.postComment.count({ where: { postId: id, deletedAt: null } });
    items.push({ post: ctx.post, review, changes, comments, deadline: firstPlannedAt(ctx.post) });
  }
  return items.sort((a, b) => (a.deadline?.getTime() ?? Number.POSITIVE_INFINITY) - (b.deadline?.getTime() ?? Number.POSITIVE_INFINITY));
}

/** Approves several posts, each on its own (one refusal does not undo the others), reporting each. */
export async function bulkApprove(
  deps: Deps,
  actor: AuditActor & { userId: string },
  workspaceId: string,
  roles: readonly string[],
  items: Array<{ postId: string; version: number }>,
  comment: string,
) {
  const results = [];
  for (const item of items) {
    try {
      const { state } = await decidePost(deps, actor, workspaceId, item.postId, roles, { decision: 'approved', comment, version: item.version });
      results.push({ postId: item.postId, ok: true as const, state });
    } catch (error) {
      if (!(error instanceof AppError) || error.status >= 500) throw error;
      results.push({ postId: item.postId, ok: false as const, error: { code: error.code, message: error.message } });
    }
  }
  return results;
}
