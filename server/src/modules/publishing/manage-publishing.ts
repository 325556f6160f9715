import type { Deps } from '../../deps';
import { AppError, notFound } from '../../lib/errors';
import { type AuditActor, recordAudit } from '../audit/record-audit';
import { syncPostJobs } from './sync-post-jobs';

/** Crisis pause: nothing of the workspace (or of one channel) goes out until resumed. */
export async function setPaused(
  deps: Deps,
  actor: AuditActor,
  workspaceId: string,
  input: { channelId?: string; paused: boolean },
  now = new Date(),
) {
  return deps.prisma.$transaction(async (tx) => {
    const at = input.paused ? now : null;
    if (input.channelId) {
      const { count } = await tx.channelAccount.updateMany({ where: { id: input.channelId, workspaceId }, data: { pausedAt: at } });
      if (!count) throw notFound('Channel');
    } else {
      await tx.workspace.update({ where: { id: workspaceId }, data: { publishingPausedAt: at }, select: { id: true } });
    }
    await recordAudit(tx, actor, {
      workspaceId,
      entityType: input.channelId ? 'channel' : 'workspace',
      entityId: input.channelId ?? workspaceId,
      action: input.paused ? 'publishing.paused' : 'publishing.resumed',
    });
    return heldVariants(tx as unknown as Deps['prisma'], workspaceId, now);
  });
}

/**
 * Variants that are due but did not go out on their own: held by a pause or for being too late.
 * After a resume an admin publishes each now or reschedules it.
 */
export async function heldVariants(db: Deps['prisma'], workspaceId: string, now = new Date()) {
  const rows = await db.variant.findMany({
    where: {
      workspaceId,
      deletedAt: null,
      state: 'scheduled',
      post: { state: 'scheduled', deletedAt: null },
      OR: [{ heldAt: { not: null } }, { scheduledAt: { lt: now } }],
    },
    orderBy: { scheduledAt: 'asc' },
    take: 500,
    select: {
      id: true,
      postId: true,
      text: true,
      scheduledAt: true,
      heldAt: true,
      channelAccount: { select: { id: true, name: true, provider: true, pausedAt: true } },
      post: { select: { title: true } },
    },
  });
  return rows.map((r) => ({ ...r, text: r.text.slice(0, 140) }));
}

/** An admin's decision on a held variant: it goes out now (a schedule change, not content). */
export async function publishNow(deps: Deps, actor: AuditActor, workspaceId: string, variantId: string, now = new Date()) {
  const variant = await deps.prisma.$transaction(async (tx) => {
    const v = await tx.variant.findFirst({
      where: { id: variantId, workspaceId, deletedAt: null },
      select: {
        id: true,
        postId: true,
        state: true,
        scheduledAt: true,
        post: { select: { state: true } },
        workspace: { select: { publishingPausedAt: true } },
        channelAccount: { select: { pausedAt: true } },
      },
    });
    if (!v) throw notFound('Variant');
    if (v.state !== 'scheduled' || v.post.state !== 'scheduled')
      throw new AppError('invalid_state', `A ${v.state} variant cannot be published now`, { state: v.state });
    if (v.workspace.publishingPausedAt || v.channelAccount.pausedAt)
      throw new AppError('invalid_state', 'Publishing is paused: resume it first', { reason: 'paused' });
    await tx.variant.update({
      where: { id: v.id },
      data: { scheduledAt: now, heldAt: null, scheduleVersion: { increment: 1 } },
      select: { id: true },
    });
    await recordAudit(tx, actor, {
      workspaceId,
      entityType: 'variant',
      entityId: v.id,
      action: 'variant.publish_now',
      before: { scheduledAt: v.scheduledAt },
      after: { scheduledAt: now },
    });
    return v;
  });
  await syncPostJobs(deps, variant.postId);
  return { variantId, scheduledAt: now };
}

/** Tries a failed variant again (its post's approval still holds). */
export async function retryVariant(deps: Deps, actor: AuditActor, workspaceId: string, variantId: string, now = new Date()) {
  const v = await deps.prisma.$transaction(async (tx) => {
    const row = await tx.variant.findFirst({
      where: { id: variantId, workspaceId, deletedAt: null },
      select: { id: true, postId: true, state: true, scheduledAt: true, post: { select: { state: true, version: true, approvedVersion: true } } },
    });
    if (!row) throw notFound('Variant');
    if (row.state !== 'failed') throw new AppError('invalid_state', `A ${row.state} variant cannot be retried`, { state: row.state });
    if (row.post.approvedVersion !== row.post.version) throw new AppError('invalid_state', 'This version is not approved', { state: row.post.state });
    const at = row.scheduledAt && row.scheduledAt > now ? row.scheduledAt : now;
    await tx.variant.update({
      where: { id: row.id },
      data: { state: 'scheduled', scheduledAt: at, heldAt: null, failureKind: null, failureReason: null, scheduleVersion: { increment: 1 } },
      select: { id: true },
    });
    await tx.post.update({ where: { id: row.postId }, data: { state: 'scheduled' }, select: { id: true } });
    await recordAudit(tx, actor, { workspaceId, entityType: 'variant', entityId: row.id, action: 'variant.retried', after: { scheduledAt: at } });
    return row;
  });
  await syncPostJobs(deps, v.postId);
  return { variantId, state: 'scheduled' };
}
