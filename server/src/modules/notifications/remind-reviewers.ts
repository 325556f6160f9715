import type { Deps } from '../../deps';
import { AppError } from '../../lib/errors';
import { firstPlannedAt, loadReviewContext, waitingOn } from '../approvals/review-context';
import { postsInReviewDue } from './notification-repository';
import { notify } from './notify';

/** The longest lead time a policy may have (14 days), so one query finds every candidate. */
const MAX_LEAD_MS = 14 * 24 * 60 * 60_000;

/**
 * The lead time a reminder is due for: the smallest lead the deadline is within (a post submitted
 * 30 minutes before its time with leads [1440, 120] gets the 120-minute reminder only). Null when
 * the deadline has passed or is further away than every lead.
 */
export function dueLead(leads: readonly number[], deadline: Date, now: Date): number | null {
  const left = deadline.getTime() - now.getTime();
  if (left <= 0) return null;
  const within = leads.filter((lead) => left <= lead * 60_000).sort((a, b) => a - b);
  return within[0] ?? null;
}

/**
 * Reminds the members the current step of each post in review waits on, once per post, version and
 * lead time (the dedupe key makes running twice add nothing).
 */
export async function remindReviewers(deps: Deps, now = new Date()) {
  const candidates = await postsInReviewDue(deps.prisma, now, new Date(now.getTime() + MAX_LEAD_MS));
  let reminded = 0;
  for (const candidate of candidates) {
    try {
      reminded += await remindForPost(deps, candidate.workspaceId, candidate.id, now);
    } catch (error) {
      // A post deleted meanwhile is no reason to stop reminding about the others.
      if (!(error instanceof AppError && error.code === 'not_found')) throw error;
    }
  }
  return { posts: candidates.length, reminded };
}

async function remindForPost(deps: Deps, workspaceId: string, postId: string, now: Date): Promise<number> {
  return deps.prisma.$transaction(async (tx) => {
    const ctx = await loadReviewContext(tx, workspaceId, postId);
    if (ctx.post.state !== 'in_review') return 0;
    const deadline = firstPlannedAt(ctx.post);
    if (!deadline) return 0;
    const lead = dueLead(ctx.policy.reminderLeadMinutes, deadline, now);
    if (lead === null) return 0;
    const waiting = waitingOn(ctx);
    return notify(tx, workspaceId, {
      userIds: waiting.members.map((m) => m.userId),
      kind: 'review_reminder',
      postId,
      data: { title: ctx.post.title, version: ctx.post.version, step: waiting.step?.name ?? null, deadline: deadline.toISOString(), lead },
      dedupeKey: `reminder:${postId}:${ctx.post.version}:${lead}`,
    });
  });
}
