import type { Deps } from '../../deps';
import type { Db } from '../../lib/db';
import { AppError } from '../../lib/errors';
import { type AuditActor, recordAudit } from '../audit/record-audit';
import { notify } from '../notifications/notify';
import { syncPostJobs } from '../publishing/sync-post-jobs';
import { insertDecision, lockPost, setPostState } from './approval-repository';
import { finishApproval } from './finish-approval';
import { alreadyApproved, mayDecide, type RoundDecision } from './policy';
import { loadReviewContext, progressOf, type ReviewContext } from './review-context';
import { stepReached } from './step-reached';
import { MOVES } from './workflow';

export interface DecisionInput {
  decision: 'approved' | 'changes_requested';
  comment: string;
  /** The content version the reviewer looked at: a decision on anything else is refused. */
  version: number;
}

/** Who decides: a member (by user id and current roles) or an outside reviewer named by a step. */
export type Decider = { kind: 'member'; userId: string; roles: readonly string[] } | { kind: 'outside'; email: string; stepId: string };

/** Refuses a decision the post's state, version or the policy does not allow. */
function assertMayDecide(ctx: ReviewContext, decider: Decider, input: DecisionInput) {
  const { post, policy, progress, decisions } = ctx;
  if (post.state !== 'in_review') {
    throw new AppError('invalid_state', `A post that is ${post.state} is not waiting for a decision`, {
      state: post.state,
      allowed: MOVES[post.state],
    });
  }
  if (input.version !== post.version) {
    throw new AppError('conflict', `The post changed while you reviewed it: version ${post.version} is waiting now`, {
      reason: 'version_changed',
      version: post.version,
    });
  }
  const step = progress.current;
  if (!step) throw new AppError('invalid_state', 'Every step is satisfied already', { state: post.state, allowed: MOVES[post.state] });
  if (decider.kind === 'outside') {
    if (decider.stepId !== step.id || !step.externalEmails.includes(decider.email)) {
      throw new AppError('forbidden', 'This review link is not for the step the post is waiting for');
    }
  } else {
    const subject = { authorId: post.author.id, campaignId: post.campaignId, variants: post.variants };
    if (!mayDecide(policy, step, subject, { userId: decider.userId, roles: decider.roles })) {
      throw new AppError(
        'forbidden',
        decider.userId === post.author.id && !policy.allowSelfApproval
          ? 'Authors cannot decide on their own post'
          : `The step “${step.name}” is waiting for someone else`,
        { step: { id: step.id, name: step.name } },
      );
    }
  }
  const reviewer = decider.kind === 'member' ? { userId: decider.userId } : { email: decider.email };
  if (alreadyApproved(decisions, reviewer)) {
    throw new AppError('conflict', 'You approved this version already', { reason: 'already_approved' });
  }
  return step;
}

/**
 * Records one decision and moves the post on: changes requested → back to the author; an approval
 * satisfies the step (the next step's people are asked) or, at the last step, approves the version.
 * The caller holds the post's lock (`lockPost`) and passes the context loaded under it.
 */
export async function applyDecision(tx: Db, deps: Deps, actor: AuditActor, ctx: ReviewContext, decider: Decider, input: DecisionInput, now: Date) {
  const step = assertMayDecide(ctx, decider, input);
  const { post, workspaceId } = ctx;
  const who = decider.kind === 'member' ? { userId: decider.userId } : { reviewerEmail: decider.email };
  await insertDecision(tx, {
    workspaceId,
    postId: post.id,
    version: post.version,
    stepId: step.id,
    decision: input.decision,
    comment: input.comment,
    ...who,
  });
  const base = {
    title: post.title,
    version: post.version,
    step: step.name,
    comment: input.comment,
    by: decider.kind === 'outside' ? decider.email : (ctx.reviewers.find((r) => r.userId === decider.userId)?.name ?? null),
  };
  await recordAudit(tx, actor, {
    workspaceId,
    entityType: 'post',
    entityId: post.id,
    action: input.decision === 'approved' ? 'post.step_approved' : 'post.changes_requested',
    after: { version: post.version, stepId: step.id, comment: input.comment, ...who },
  });
  if (input.decision === 'changes_requested') {
    await setPostState(tx, post.id, { state: 'changes_requested' });
    const to = [post.author.id];
    await notify(tx, workspaceId, {
      userIds: to,
      kind: 'changes_requested',
      postId: post.id,
      data: base,
      dedupeKey: `changes:${post.id}:${now.getTime()}`,
    });
    return 'changes_requested' as const;
  }
  const decisions: RoundDecision[] = [
    ...ctx.decisions,
    {
      stepId: step.id,
      decision: 'approved',
      userId: decider.kind === 'member' ? decider.userId : null,
      reviewerEmail: decider.kind === 'outside' ? decider.email : null,
    },
  ];
  const progress = progressOf(ctx.policy, post, ctx.reviewers, decisions);
  const next = { ...ctx, decisions, progress };
  if (progress.approved) return finishApproval(tx, actor, next, now);
  if (progress.current && progress.current.id !== step.id) await stepReached(tx, deps, next, progress.current, post.submittedAt ?? now);
  return 'in_review' as const;
}

/** A member approves or requests changes on the version they saw. */
export async function decidePost(
  deps: Deps,
  actor: AuditActor & { userId: string },
  workspaceId: string,
  postId: string,
  roles: readonly string[],
  input: DecisionInput,
  now = new Date(),
) {
  const result = await deps.prisma.$transaction(async (tx) => {
    await lockPost(tx, postId);
    const ctx = await loadReviewContext(tx, workspaceId, postId);
    const state = await applyDecision(tx, deps, actor, ctx, { kind: 'member', userId: actor.userId, roles }, input, now);
    return { postId, state };
  });
  await syncPostJobs(deps, postId);
  return result;
}
