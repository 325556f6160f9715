import type { ReviewContext } from '../approvals/review-context';
import { firstPlannedAt } from '../approvals/review-context';
import type { ReviewLinkRow } from './review-link-repository';

export const REVIEW_LINK_DAYS = 7;
const HOUR = 3_600_000;

/** 7 days, or until the post's first planned time when that is sooner, but never less than an hour. */
export function reviewLinkExpiry(now: Date, firstPlanned: Date | null): Date {
  const week = now.getTime() + REVIEW_LINK_DAYS * 24 * HOUR;
  const until = firstPlanned ? Math.min(week, firstPlanned.getTime()) : week;
  return new Date(Math.max(until, now.getTime() + HOUR));
}

export const expiryFor = (ctx: Pick<ReviewContext, 'post'>, now: Date) => reviewLinkExpiry(now, firstPlannedAt(ctx.post));

export type LinkStatus = 'live' | 'used' | 'expired' | 'superseded';

/** Is the post still waiting, at this version, on this link's step and reviewer? */
export function linkStillWanted(link: Pick<ReviewLinkRow, 'version' | 'stepId' | 'email'>, ctx: ReviewContext): boolean {
  const step = ctx.progress.current;
  if (ctx.post.state !== 'in_review' || ctx.post.version !== link.version || !step || step.id !== link.stepId) return false;
  if (!step.externalEmails.includes(link.email)) return false;
  return !ctx.decisions.some((d) => d.decision === 'approved' && d.reviewerEmail === link.email);
}

export function linkStatus(link: ReviewLinkRow, ctx: ReviewContext, now: Date): LinkStatus {
  if (link.usedAt) return 'used';
  if (link.revokedAt || !linkStillWanted(link, ctx)) return 'superseded';
  if (link.expiresAt.getTime() <= now.getTime()) return 'expired';
  return 'live';
}
