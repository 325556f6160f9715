import type { Db } from '../../lib/db';
import { notFound } from '../../lib/errors';
import { findPost, type PostView } from '../posts/post-repository';
import { findPolicy, listReviewers, type ReviewerRow, roundDecisions } from './approval-repository';
import { approvalProgress, mayDecide, type Policy, type Progress, type RoundDecision } from './policy';
import type { PostState } from './workflow';

export interface ReviewContext {
  workspaceId: string;
  post: PostView & { state: PostState };
  policy: Policy;
  reviewers: ReviewerRow[];
  decisions: RoundDecision[];
  progress: Progress;
}

/** A post with everything a review decision needs: its policy, the members, this round's decisions. */
export async function loadReviewContext(db: Db, workspaceId: string, postId: string): Promise<ReviewContext> {
  const post = await findPost(db, workspaceId, postId);
  if (!post) throw notFound('Post');
  const [policy, reviewers, decisions] = await Promise.all([
    findPolicy(db, workspaceId),
    listReviewers(db, workspaceId),
    post.state === 'in_review' ? roundDecisions(db, post.id, post.version, post.submittedAt) : Promise.resolve([]),
  ]);
  return { workspaceId, post: post as ReviewContext['post'], policy, reviewers, decisions, progress: progressOf(policy, post, reviewers, decisions) };
}

export function progressOf(policy: Policy, post: PostView, reviewers: ReviewerRow[], decisions: RoundDecision[]): Progress {
  const roles = new Map(reviewers.map((r) => [r.userId, r.roles]));
  return approvalProgress(
    policy,
    { authorId: post.author.id, campaignId: post.campaignId, variants: post.variants },
    decisions,
    (id) => roles.get(id) ?? [],
  );
}

/** Who can move the current step on: eligible members who have not approved in this round, and outside reviewers. */
export function waitingOn(ctx: Pick<ReviewContext, 'post' | 'policy' | 'reviewers' | 'decisions' | 'progress'>) {
  const step = ctx.progress.current;
  if (!step || ctx.post.state !== 'in_review') return { step: null, members: [], externalEmails: [] };
  const subject = { authorId: ctx.post.author.id, campaignId: ctx.post.campaignId, variants: ctx.post.variants };
  const approved = new Set(ctx.decisions.filter((d) => d.decision === 'approved').map((d) => d.userId ?? d.reviewerEmail));
  const members = ctx.reviewers
    .filter((r) => !approved.has(r.userId) && mayDecide(ctx.policy, step, subject, r))
    .map((r) => ({ userId: r.userId, name: r.name }));
  const externalEmails = step.externalEmails.filter((e) => !approved.has(e));
  const have = ctx.progress.steps.find((s) => s.step.id === step.id)?.approvedBy.length ?? 0;
  return { step: { id: step.id, name: step.name, required: step.required, approvals: have }, members, externalEmails };
}

/** The earliest time any of the post's variants is planned for (the reviewers' deadline). */
export function firstPlannedAt(post: Pick<PostView, 'variants'>): Date | null {
  const times = post.variants.flatMap((v) => (v.scheduledAt ? [v.scheduledAt.getTime()] : []));
  return times.length ? new Date(Math.min(...times)) : null;
}
