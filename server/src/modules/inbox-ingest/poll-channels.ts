/**
 * Polling backfill: webhooks are best effort, so every connected channel is also read on a schedule.
 * A repeatable fan-out job queues one fetch job per channel; the fetch reads what the provider has
 * since the stored cursor (InboxCursor) — comments on our published Facebook/Instagram posts of the
 * last POLL_LOOKBACK_DAYS, X mentions and replies in our posts' conversations — and ingests it through
 * the same path as webhooks (de-duplicated on channel + remote id). A channel with no cursor yet (just
 * connected) is read from the start of that window: the backfill; the sweep tick queues those at once.
 * An expired token turns the channel `needs_reconnect` (admins are told); a rate limit waits for its reset.
 */
import type { Queue } from 'bullmq';
import { decryptCredentials } from '../../channels/credentials';
import { ProviderError } from '../../channels/providers/provider';
import { providerFor } from '../../channels/providers/registry';
import type { Deps } from '../../deps';
import { ensureFreshXToken } from '../channels/ensure-fresh-x-token';
import { markNeedsReconnect } from '../channels/mark-needs-reconnect';
import { inboxIngested } from '../observability/metrics';
import { type IngestCounts, ingest } from './ingest-messages';
import type { IngestItem } from './ingest-types';
import { POLL_CHANNEL_JOB, type PollChannelData } from './job-names';

const POLL_LOOKBACK_DAYS = 14;
const MAX_POSTS = 50;

/** Queues one fetch per connected channel (ids only; each job re-reads the channel). */
export async function fanOutPolls(deps: Deps, queue: Queue, options: { onlyNew?: boolean; now?: Date } = {}): Promise<number> {
  const now = options.now ?? new Date();
  const channels = await deps.prisma.channelAccount.findMany({
    where: {
      status: 'active',
      credentials: { not: null },
      remoteId: { not: null },
      ...(options.onlyNew ? { OR: [{ inboxCursor: null }, { inboxCursor: { backfilledAt: null } }] } : {}),
    },
    select: { id: true },
  });
  const stamp = Math.floor(now.getTime() / 5_000);
  await Promise.all(
    channels.map((c) =>
      queue.add(POLL_CHANNEL_JOB, { channelAccountId: c.id } satisfies PollChannelData, {
        jobId: `poll.${c.id}.${options.onlyNew ? 'new' : 'all'}.${stamp}`,
        removeOnComplete: 500,
        removeOnFail: 500,
      }),
    ),
  );
  return channels.length;
}

export interface PollOutcome extends Partial<IngestCounts> {
  status: 'polled' | 'skipped' | 'rate_limited' | 'needs_reconnect' | 'failed';
  messages?: number;
}

export async function pollChannel(deps: Deps, channelAccountId: string, now = new Date()): Promise<PollOutcome> {
  let channel = await deps.prisma.channelAccount.findUnique({
    where: { id: channelAccountId },
    select: {
      id: true,
      workspaceId: true,
      name: true,
      provider: true,
      remoteId: true,
      status: true,
      credentials: true,
      credentialsKeyId: true,
      inboxCursor: { select: { cursor: true, polledAt: true, backfilledAt: true, error: true } },
    },
  });
  if (channel?.status !== 'active' || !channel.credentials || !channel.remoteId) return { status: 'skipped' };
  if (channel.provider === 'x') {
    const fresh = await ensureFreshXToken(deps, channel.id, { now }).catch(() => 'fresh' as const);
    if (fresh === 'needs_reconnect') return { status: 'needs_reconnect' };
    if (fresh === 'refreshed')
      channel = {
        ...channel,
        ...(await deps.prisma.channelAccount.findUniqueOrThrow({ where: { id: channel.id }, select: { credentials: true, credentialsKeyId: true } })),
      };
  }
  const resetAt = rateLimitedUntil(channel.inboxCursor?.error ?? null);
  if (resetAt && resetAt > now) return { status: 'rate_limited' };

  const since = new Date(now.getTime() - POLL_LOOKBACK_DAYS * 86_400_000);
  const posts = await deps.prisma.variant.findMany({
    where: { channelAccountId: channel.id, remoteId: { not: null }, publishedAt: { gte: since } },
    select: { remoteId: true },
    orderBy: { publishedAt: 'desc' },
    take: MAX_POSTS,
  });
  const secret = decryptCredentials(deps.config.decryptionKeys, channel);
  const provider = providerFor(deps.config, channel.provider);
  const account = { remoteId: channel.remoteId as string, accessToken: secret.accessToken, refreshToken: secret.refreshToken ?? null };
  let page: Awaited<ReturnType<typeof provider.readMessages>>;
  try {
    page = await provider.readMessages(account, {
      postRemoteIds: posts.map((p) => p.remoteId as string),
      cursor: channel.inboxCursor?.cursor ?? null,
    });
  } catch (error) {
    const classified = error instanceof ProviderError ? error : new ProviderError('transient', String(error));
    if (classified.kind === 'auth_expired') {
      await markNeedsReconnect(deps.prisma, channel, classified.message);
      await saveCursor(deps, channel.id, { error: classified.message });
      return { status: 'needs_reconnect' };
    }
    const note =
      classified.kind === 'rate_limited' && classified.resetAt ? `rate_limited until ${classified.resetAt.toISOString()}` : classified.message;
    await saveCursor(deps, channel.id, { error: note.slice(0, 500) });
    if (classified.kind === 'rate_limited') return { status: 'rate_limited' };
    deps.logger.warn({ channelAccountId: channel.id, kind: classified.kind, reason: classified.message }, 'inbox poll failed');
    return { status: 'failed' };
  }
  const source = { provider: channel.provider, accountRemoteId: channel.remoteId as string, edited: false } as const;
  const items: IngestItem[] = [
    ...page.messages.map((m) => ({
      ...source,
      action: 'upsert' as const,
      remoteId: m.remoteId,
      parentRemoteId: m.parentRemoteId,
      threadRemoteId: m.threadRemoteId,
      author: { remoteId: m.author.remoteId, name: m.author.name, handle: m.author.handle ?? null },
      text: m.text,
      createdAt: m.createdAt,
    })),
    // Gone on the network, as far as the adapter could tell: removed here too, in case the deletion webhook was lost.
    ...(page.removedRemoteIds ?? []).map((remoteId) => ({
      ...source,
      action: 'delete' as const,
      remoteId,
      parentRemoteId: null,
      threadRemoteId: null,
      author: { remoteId: '', name: '', handle: null },
      text: '',
      createdAt: now,
    })),
  ];
  const counts = await ingest(deps, items);
  const stored = counts.created + counts.edited + counts.deleted;
  if (stored) inboxIngested.inc({ provider: channel.provider, source: 'poll' }, stored);
  // The cursor moves only after the messages are stored: a crash in between reads them again (and dedupes).
  await saveCursor(deps, channel.id, { cursor: page.cursor, polledAt: now, backfilledAt: channel.inboxCursor?.backfilledAt ?? now, error: null });
  return { status: 'polled', messages: page.messages.length, ...counts };
}

function rateLimitedUntil(error: string | null): Date | null {
  const match = error ? /^rate_limited until (\S+)$/.exec(error) : null;
  return match?.[1] ? new Date(match[1]) : null;
}

async function saveCursor(
  deps: Deps,
  channelAccountId: string,
  data: { cursor?: string | null; polledAt?: Date; backfilledAt?: Date; error?: string | null },
): Promise<void> {
  await deps.prisma.inboxCursor.upsert({
    where: { channelAccountId },
    create: { channelAccountId, ...data },
    update: data,
    select: { channelAccountId: true },
  });
}
