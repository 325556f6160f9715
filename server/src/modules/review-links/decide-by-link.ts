import type { Deps } from '../../deps';
import { AppError } from '../../lib/errors';
import { lockPost } from '../approvals/approval-repository';
import { applyDecision } from '../approvals/decide-post';
import { syncPostJobs } from '../publishing/sync-post-jobs';
import { openReviewLink } from './open-review-link';
import { findLinkByToken, markLinkUsed } from './review-link-repository';

/**
 * An outside reviewer approves or asks for changes through their link: under the post's lock the
 * link is checked again, the decision is applied like a member's (recorded with the reviewer's
 * email), and the link is used up.
 */
export async function decideByLink(
  deps: Deps,
  token: string,
  input: { decision: 'approved' | 'changes_requested'; comment: string },
  meta: { requestId?: string },
  now = new Date(),
) {
  const found = await findLinkByToken(deps.prisma, token);
  if (!found) throw new AppError('not_found', 'Review link not found');
  const result = await deps.prisma.$transaction(async (tx) => {
    await lockPost(tx, found.postId);
    const { link, ctx } = await openReviewLink(tx, token, now);
    const state = await applyDecision(
      tx,
      deps,
      { requestId: meta.requestId },
      ctx,
      { kind: 'outside', email: link.email, stepId: link.stepId },
      { ...input, version: link.version },
      now,
    );
    if (!(await markLinkUsed(tx, link.id, now))) {
      throw new AppError('review_link_gone', 'This link was used already: the decision has been recorded', { reason: 'used' });
    }
    return { state };
  });
  await syncPostJobs(deps, found.postId);
  return result;
}
