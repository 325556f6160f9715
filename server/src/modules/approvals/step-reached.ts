import type { Deps } from '../../deps';
import type { Db } from '../../lib/db';
import { notify } from '../notifications/notify';
import { createReviewLinks } from '../review-links/create-review-links';
import type { PolicyStep } from './policy';
import { type ReviewContext, waitingOn } from './review-context';

/**
 * A review round reached a step (on submission, or when the step before it was satisfied): the
 * people who can decide it are asked. Outside reviewers named by the step get their link here too.
 */
export async function stepReached(tx: Db, deps: Deps, ctx: ReviewContext, step: PolicyStep, round: Date, now = new Date()): Promise<void> {
  const waiting = waitingOn({ ...ctx, post: { ...ctx.post, state: 'in_review' } });
  await notify(tx, ctx.workspaceId, {
    userIds: waiting.members.map((m) => m.userId),
    kind: 'review_requested',
    postId: ctx.post.id,
    data: { title: ctx.post.title, version: ctx.post.version, step: step.name },
    dedupeKey: `review:${ctx.post.id}:${ctx.post.version}:${step.id}:${round.getTime()}`,
  });
  await createReviewLinks(tx, deps, ctx, step, waiting.externalEmails, now);
}
