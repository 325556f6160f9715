import type { Deps } from '../../deps';
import type { Db } from '../../lib/db';
import type { PolicyStep } from '../approvals/policy';
import type { ReviewContext } from '../approvals/review-context';
import { expiryFor } from './link-status';
import { mailReviewLinks, type ReviewMail } from './review-link-mail';
import { insertReviewLink, revokeOpenLinks, workspaceLabel } from './review-link-repository';

export const reviewUrl = (deps: Deps, token: string) => `${deps.config.appUrl}/review/${token}`;

/**
 * A round reached a step that names outside reviewers: each one who has not approved yet gets a
 * fresh link for this version (earlier open links for the same step end), mailed when SMTP is set.
 * The mail is sent outside the caller's transaction (not awaited, so it never holds the post's lock);
 * should that transaction roll back, the mailed link is simply unknown (404).
 */
export async function createReviewLinks(tx: Db, deps: Deps, ctx: ReviewContext, step: PolicyStep, emails: string[], now: Date): Promise<void> {
  if (!emails.length) return;
  const workspace = await workspaceLabel(tx, ctx.workspaceId);
  const mails: ReviewMail[] = [];
  for (const email of emails) {
    await revokeOpenLinks(tx, ctx.post.id, step.id, email, now);
    const { token, link } = await insertReviewLink(tx, {
      workspaceId: ctx.workspaceId,
      postId: ctx.post.id,
      version: ctx.post.version,
      stepId: step.id,
      email,
      expiresAt: expiryFor(ctx, now),
    });
    mails.push({
      to: email,
      url: reviewUrl(deps, token),
      workspace: workspace?.name ?? '',
      title: ctx.post.title,
      expiresAt: link.expiresAt,
      locale: workspace?.locale ?? 'ko',
    });
  }
  setImmediate(() => {
    void mailReviewLinks(deps, mails);
  });
}
