import type { Deps } from '../../deps';
import { AppError, notFound } from '../../lib/errors';
import { lockPost } from '../approvals/approval-repository';
import { loadReviewContext } from '../approvals/review-context';
import { type AuditActor, recordAudit } from '../audit/record-audit';
import { reviewUrl } from './create-review-links';
import { expiryFor, linkStatus, linkStillWanted } from './link-status';
import { mailReviewLinks } from './review-link-mail';
import { findLink, insertReviewLink, listLinks, revokeLink, workspaceLabel } from './review-link-repository';

/** A post's outside review links with their state; never their tokens. */
export async function listReviewLinks(deps: Deps, workspaceId: string, postId: string, now = new Date()) {
  const ctx = await loadReviewContext(deps.prisma, workspaceId, postId);
  const links = await listLinks(deps.prisma, workspaceId, postId);
  const steps = new Map(ctx.policy.steps.map((s) => [s.id, s.name]));
  return links.map((l) => ({
    id: l.id,
    email: l.email,
    step: { id: l.stepId, name: steps.get(l.stepId) ?? l.stepId },
    version: l.version,
    expiresAt: l.expiresAt,
    usedAt: l.usedAt,
    createdAt: l.createdAt,
    status: linkStatus(l, ctx, now),
  }));
}

/**
 * A new link for the same reviewer, step and version (the old token stops working at once), for a
 * lost or expired mail (mailed again when SMTP is set). Only while the post still waits on that
 * reviewer. The URL is returned once.
 */
export async function renewReviewLink(deps: Deps, actor: AuditActor, workspaceId: string, postId: string, linkId: string, now = new Date()) {
  const result = await deps.prisma.$transaction(async (tx) => {
    await lockPost(tx, postId);
    const ctx = await loadReviewContext(tx, workspaceId, postId);
    const old = await findLink(tx, workspaceId, postId, linkId);
    if (!old) throw notFound('Review link');
    if (old.usedAt) throw new AppError('invalid_state', 'This reviewer has decided already', { state: 'used' });
    if (old.revokedAt || !linkStillWanted(old, ctx)) {
      throw new AppError('invalid_state', 'The post is no longer waiting for this reviewer at this version', { state: 'superseded' });
    }
    await revokeLink(tx, old.id, now);
    const { token, link } = await insertReviewLink(tx, {
      workspaceId,
      postId,
      version: old.version,
      stepId: old.stepId,
      email: old.email,
      expiresAt: expiryFor(ctx, now),
    });
    await recordAudit(tx, actor, {
      workspaceId,
      entityType: 'review_link',
      entityId: link.id,
      action: 'review_link.renewed',
      before: { linkId: old.id },
      after: { email: link.email, postId, stepId: link.stepId, version: link.version, expiresAt: link.expiresAt },
    });
    const workspace = await workspaceLabel(tx, workspaceId);
    return { link, url: reviewUrl(deps, token), title: ctx.post.title, workspace };
  });
  const mail = [
    {
      to: result.link.email,
      url: result.url,
      workspace: result.workspace?.name ?? '',
      title: result.title,
      expiresAt: result.link.expiresAt,
      locale: result.workspace?.locale ?? 'ko',
    },
  ];
  setImmediate(() => {
    void mailReviewLinks(deps, mail);
  });
  return { id: result.link.id, email: result.link.email, expiresAt: result.link.expiresAt, url: result.url };
}
