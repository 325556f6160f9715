/**
 * The metrics job: reads a published variant's numbers at its checkpoint and appends a snapshot. One
 * network call serves every variant of the same channel whose reading is due (up to 100), so their own
 * jobs find their snapshot and exit. Then each gets its next checkpoint's job. Idempotent: a reading
 * that exists is never overwritten, and a job for a reading taken already does nothing.
 */

import type { Queue } from 'bullmq';
import { UnrecoverableError } from 'bullmq';
import { ProviderError } from '../../channels/providers/provider';
import type { Deps } from '../../deps';
import { markNeedsReconnect } from '../channels/mark-needs-reconnect';
import { type Checkpoint, dueCheckpoint, LAST_CHECKPOINT_MS, nextCheckpoint } from './checkpoints';
import { enqueueMetrics, type MetricsJobData } from './metrics-jobs';
import { channelReadingStates, fillFollowersAtPublish, findMetricsTarget, insertSnapshots, type SnapshotRow } from './metrics-repository';
import { type ProviderLookup, readingAccount } from './read-account';

/** One call to the network reads at most this many posts (X: 100 ids per lookup). */
const BATCH = 100;

export interface MetricsContext {
  deps: Deps;
  queue: Queue;
  providers?: ProviderLookup;
}

export type CollectOutcome =
  | { outcome: 'skipped'; reason: string }
  | { outcome: 'collected'; stored: number; read: number }
  | { outcome: 'rate_limited'; retryAt: Date };

export async function collectMetrics(ctx: MetricsContext, data: MetricsJobData, now = new Date()): Promise<CollectOutcome> {
  const { deps } = ctx;
  const target = await findMetricsTarget(deps.prisma, data.variantId);
  if (!target || target.deletedAt || target.state !== 'published' || !target.remoteId || !target.publishedAt)
    return { outcome: 'skipped', reason: 'not published' };
  const channel = target.channelAccount;
  if (channel.status !== 'active' || !channel.credentials) return { outcome: 'skipped', reason: `channel ${channel.status}` };

  // This variant and its channel's others whose reading is due now: one call for all of them.
  const states = await channelReadingStates(
    deps.prisma,
    target.workspaceId,
    channel.id,
    new Date(now.getTime() - LAST_CHECKPOINT_MS - 86_400_000),
    now,
  );
  const due = new Map<string, { checkpoint: Checkpoint; remoteId: string; publishedAt: Date }>();
  const self = states.find((s) => s.id === target.id);
  const selfDue = self ? dueCheckpoint(self.publishedAt, now, new Set(self.have)) : null;
  if (!self || !selfDue) {
    await scheduleNext(ctx, target.id, target.publishedAt, now);
    return { outcome: 'skipped', reason: 'read already' };
  }
  due.set(target.id, { checkpoint: selfDue, remoteId: target.remoteId, publishedAt: target.publishedAt });
  for (const s of states) {
    if (due.size >= BATCH) break;
    const checkpoint = s.id === target.id ? null : dueCheckpoint(s.publishedAt, now, new Set(s.have));
    if (checkpoint) due.set(s.id, { checkpoint, remoteId: s.remoteId, publishedAt: s.publishedAt });
  }

  let read: Map<string, { reactions: number; comments: number; shares: number; impressions: number | null; reach: number | null; fetchedAt: Date }>;
  try {
    const { provider, account } = await readingAccount(deps, channel, ctx.providers);
    read = await provider.metrics(
      account,
      [...due.values()].map((d) => d.remoteId),
    );
  } catch (error) {
    const e = error instanceof ProviderError ? error : new ProviderError('transient', error instanceof Error ? error.message : String(error));
    deps.logger.warn({ variantId: target.id, channelId: channel.id, kind: e.kind, message: e.message }, 'reading metrics failed');
    if (e.kind === 'rate_limited') {
      const retryAt = e.resetAt ?? new Date(now.getTime() + 15 * 60_000);
      await enqueueMetrics(ctx.queue, data, retryAt, `rl${retryAt.getTime()}`);
      return { outcome: 'rate_limited', retryAt };
    }
    if (e.kind === 'auth_expired') {
      await markNeedsReconnect(deps.prisma, { id: channel.id, workspaceId: channel.workspaceId, name: channel.name }, e.message);
      throw new UnrecoverableError(e.message);
    }
    // Reading changes nothing on the network: anything else is tried again (job attempts, then the reconciler).
    throw e;
  }

  const rows: SnapshotRow[] = [];
  for (const [variantId, d] of due) {
    const m = read.get(d.remoteId);
    if (!m) continue;
    rows.push({
      workspaceId: target.workspaceId,
      variantId,
      checkpoint: d.checkpoint,
      reactions: m.reactions,
      comments: m.comments,
      shares: m.shares,
      impressions: m.impressions,
      reach: m.reach,
      fetchedAt: m.fetchedAt,
    });
  }
  const stored = await insertSnapshots(deps.prisma, rows);
  await fillFollowersAtPublish(
    deps.prisma,
    rows.map((r) => r.variantId),
  );
  for (const [variantId, d] of due) await scheduleNext(ctx, variantId, d.publishedAt, now);
  return { outcome: 'collected', stored, read: rows.length };
}

async function scheduleNext(ctx: MetricsContext, variantId: string, publishedAt: Date, now: Date) {
  const next = nextCheckpoint(publishedAt, now);
  if (next) await enqueueMetrics(ctx.queue, { variantId, checkpoint: next.checkpoint }, next.at);
}
