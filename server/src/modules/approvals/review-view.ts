import type { Db } from '../../lib/db';
import { notFound } from '../../lib/errors';
import { findVersion, listDecisions, listVersions } from './approval-repository';
import { mayDecide } from './policy';
import { firstPlannedAt, loadReviewContext, type ReviewContext, waitingOn } from './review-context';
import { diffSnapshots, snapshotOf } from './versions';
import { MOVES } from './workflow';

/** Where a post stands in its review, for one reader: steps, who must act next, may I decide. */
export function reviewSummary(ctx: ReviewContext, reader: { userId: string; roles: readonly string[] }) {
  const { post, policy, progress, decisions } = ctx;
  const names = new Map(ctx.reviewers.map((r) => [r.userId, r.name]));
  const current = progress.current;
  const subject = { authorId: post.author.id, campaignId: post.campaignId, variants: post.variants };
  const approvedByMe = decisions.some((d) => d.decision === 'approved' && d.userId === reader.userId);
  return {
    postId: post.id,
    state: post.state,
    version: post.version,
    approvedVersion: post.approvedVersion,
    submittedAt: post.submittedAt,
    deadline: firstPlannedAt(post),
    allowed: MOVES[post.state],
    steps: progress.steps.map((s) => ({
      id: s.step.id,
      name: s.step.name,
      applies: s.applies,
      required: s.step.required,
      approvedBy: s.approvedBy.map((id) => (names.has(id) ? { userId: id, name: names.get(id) as string } : { email: id })),
      satisfied: post.state === 'in_review' ? s.satisfied : post.approvedVersion === post.version && s.applies,
      current: post.state === 'in_review' && current?.id === s.step.id,
    })),
    waitingOn: waitingOn(ctx),
    canDecide: post.state === 'in_review' && !!current && !approvedByMe && mayDecide(policy, current, subject, reader),
  };
}

export async function getReview(db: Db, workspaceId: string, postId: string, reader: { userId: string; roles: readonly string[] }) {
  const ctx = await loadReviewContext(db, workspaceId, postId);
  const decisions = await listDecisions(db, postId);
  return { ...reviewSummary(ctx, reader), decisions };
}

/**
 * What changed between two versions (default: from the last approved version, or the version
 * before, to the current one), per variant and field.
 */
export async function getDiff(db: Db, workspaceId: string, postId: string, range: { from?: number; to?: number }) {
  const ctx = await loadReviewContext(db, workspaceId, postId);
  const { post } = ctx;
  const to = range.to ?? post.version;
  const from = range.from ?? (post.approvedVersion && post.approvedVersion < to ? post.approvedVersion : to - 1);
  const after = to === post.version ? snapshotOf(post) : await findVersion(db, postId, to);
  if (!after) throw notFound('Version');
  const before = from >= 1 ? await findVersion(db, postId, from) : null;
  return { from: before ? from : null, to, diff: diffSnapshots(before, after) };
}

export async function getVersions(db: Db, workspaceId: string, postId: string) {
  const ctx = await loadReviewContext(db, workspaceId, postId);
  const names = new Map(ctx.reviewers.map((r) => [r.userId, r.name]));
  const rows = await listVersions(db, postId);
  return rows.map((r) => ({
    version: r.version,
    createdAt: r.createdAt,
    createdBy: r.createdById ? { userId: r.createdById, name: names.get(r.createdById) ?? '' } : null,
    approved: r.version === ctx.post.approvedVersion,
  }));
}
