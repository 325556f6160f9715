import type { Db } from '../../lib/db';
import { AppError, notFound } from '../../lib/errors';
import { loadReviewContext, type ReviewContext } from '../approvals/review-context';
import { linkStatus } from './link-status';
import { findLinkByToken, type ReviewLinkRow } from './review-link-repository';

const gone = (reason: string, message: string) => new AppError('review_link_gone', message, { reason });

/**
 * The link behind a token, with its post's review: 404 for a token we never issued; 410
 * `review_link_gone` once it was used, renewed, outlived by a new version or step, or expired.
 */
export async function openReviewLink(db: Db, token: string, now: Date): Promise<{ link: ReviewLinkRow; ctx: ReviewContext }> {
  const link = await findLinkByToken(db, token);
  if (!link) throw notFound('Review link');
  let ctx: ReviewContext;
  try {
    ctx = await loadReviewContext(db, link.workspaceId, link.postId);
  } catch (error) {
    if (error instanceof AppError && error.code === 'not_found') throw gone('deleted', 'This post no longer exists');
    throw error;
  }
  switch (linkStatus(link, ctx, now)) {
    case 'live':
      return { link, ctx };
    case 'used':
      throw gone('used', 'This link was used already: the decision has been recorded');
    case 'expired':
      throw gone('expired', 'This review link has expired; ask the team for a new one');
    case 'superseded':
      throw gone(
        ctx.post.version !== link.version ? 'version_changed' : 'superseded',
        'The post changed or moved on since this link was sent; it is no longer waiting for this review',
      );
  }
}
