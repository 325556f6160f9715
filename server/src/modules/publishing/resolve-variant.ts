/**
 * An attempt whose outcome is unknown (timeout after sending, 5xx, a dropped connection, a worker
 * killed mid-call): before anything is posted again, the network is asked whether the post exists —
 * same account, the attempt's time window, the same text. Found: adopted. Not found: retried.
 */
import { providerAccountOf } from '../../channels/credentials';
import { ProviderError } from '../../channels/providers/provider';
import { lockPost } from '../approvals/approval-repository';
import { scheduleMetrics } from '../metrics/schedule-metrics';
import { notify } from '../notifications/notify';
import { emitEvent } from '../outgoing-webhooks/emit-event';
import { failedEventOf, publishedEventOf } from '../outgoing-webhooks/event-payloads';
import { enqueuePublish, enqueueResolve, type PublishJobData } from './publish-jobs';
import { publishRequestOf } from './publish-request';
import type { PublishContext } from './publish-variant';
import { findForPublish, finishAttempt, lastAttempt, lockVariant, setVariantOutcome } from './publishing-repository';
import { settlePost } from './settle-post';

const MAX_ROUNDS = 8;

export async function resolveVariant(ctx: PublishContext, data: PublishJobData) {
  const round = data.round ?? 0;
  const { deps } = ctx;
  const row = await findForPublish(deps.prisma, data.variantId);
  if (row?.state !== 'unconfirmed' || row.scheduleVersion !== data.scheduleVersion) return { outcome: 'skipped' };
  const attempt = await lastAttempt(deps.prisma, row.id);
  const since = new Date((attempt?.startedAt ?? row.scheduledAt ?? new Date()).getTime() - 120_000);
  const request = publishRequestOf(row, []);
  let found: Awaited<ReturnType<ReturnType<PublishContext['providers']>['findPublished']>>;
  try {
    const account = providerAccountOf(ctx.keys, row.channelAccount);
    found = await ctx.providers(row.channelAccount.provider).findPublished(account, {
      fingerprint: request.fingerprint,
      text: request.text,
      since,
      until: new Date(Date.now() + 60_000),
    });
  } catch (error) {
    // Asking failed: ask again later; never post while the answer is unknown.
    const kind = error instanceof ProviderError ? error.kind : 'unknown_outcome';
    deps.logger.warn({ variantId: row.id, kind, round }, 'could not confirm a publish attempt');
    if (round + 1 >= MAX_ROUNDS || kind === 'auth_expired') {
      const reason = 'Could not confirm whether the post went out';
      // Given up: failed with the reason, the author told, the post settled — as any other failure.
      await deps.prisma.$transaction(async (tx) => {
        await lockPost(tx, row.postId);
        await setVariantOutcome(tx, row.id, { state: 'failed', failureKind: 'unknown_outcome', failureReason: reason });
        await notify(tx, row.workspaceId, {
          userIds: [row.post.authorId],
          kind: 'publish_failed',
          postId: row.postId,
          data: { title: row.post.title, channel: row.channelAccount.name, reason, kind: 'unknown_outcome' },
          dedupeKey: `publish_failed:${row.id}:${row.scheduleVersion}`,
        });
        await emitEvent(tx, row.workspaceId, 'variant.failed', failedEventOf(row, 'unknown_outcome', reason));
        await settlePost(tx, row.workspaceId, row.postId);
      });
      return { outcome: 'failed' };
    }
    await enqueueResolve(ctx.queue, row, data.attemptId ?? attempt?.id ?? 'none', round + 1, Math.min(60_000, 2_000 * 2 ** round));
    return { outcome: 'pending' };
  }
  const result = await deps.prisma.$transaction(async (tx) => {
    await lockVariant(tx, row.id);
    const now = await findForPublish(tx, row.id);
    if (now?.state !== 'unconfirmed') return 'raced' as const;
    if (found) {
      await setVariantOutcome(tx, row.id, { state: 'published', remoteId: found.remoteId, remoteUrl: found.url, publishedAt: found.publishedAt });
      if (attempt) await finishAttempt(tx, attempt.id, 'adopted', { remoteId: found.remoteId });
      await emitEvent(tx, row.workspaceId, 'variant.published', publishedEventOf(row, found));
      await settlePost(tx, row.workspaceId, row.postId);
      return 'adopted' as const;
    }
    if (attempt && attempt.outcome === 'started') await finishAttempt(tx, attempt.id, 'unknown', { errorMessage: 'the worker stopped mid-call' });
    await setVariantOutcome(tx, row.id, { state: 'scheduled' });
    return 'retry' as const;
  });
  if (result === 'adopted' && found) await scheduleMetrics(deps, { id: row.id, publishedAt: found.publishedAt });
  if (result === 'retry') {
    // One retry job per resolved attempt: its id can never be taken by an earlier, finished job.
    await enqueuePublish(
      ctx.queue,
      { id: row.id, scheduleVersion: row.scheduleVersion, scheduledAt: new Date() },
      { retry: `a${attempt?.id ?? Date.now()}`, at: new Date() },
    );
  }
  return { outcome: result };
}
