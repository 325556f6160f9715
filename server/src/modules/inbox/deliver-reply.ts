/**
 * The reply job: claim, call the network once, record what came back — the publisher's discipline for replies.
 *
 * Claim then call: the claim (`claimedAt`, `attempts + 1`) commits before the call. A run that finds a fresh
 * claim leaves it alone; a stale claim (its worker died mid-call) or an unknown outcome (timeout, 5xx, dropped
 * connection) is resolved by asking the network whether the reply exists before anything is sent again —
 * found, it is adopted; not found, it is sent. Only failures that provably did not take effect
 * (`rate_limited`, `transient`) are retried blind.
 */
import type { Queue } from 'bullmq';
import { providerAccountOf } from '../../channels/credentials';
import { type Provider, type ProviderAccount, ProviderError, type ProviderName } from '../../channels/providers/provider';
import type { Deps } from '../../deps';
import { ensureFreshXToken, REFRESH_AHEAD_MS } from '../channels/ensure-fresh-x-token';
import { markNeedsReconnect } from '../channels/mark-needs-reconnect';
import { conversationsChanged, replyChanged } from './inbox-events';
import { findReplyForDelivery, lockMessage, type ReplyForDelivery, recordReplySent, updateMessage } from './inbox-repository';
import { type DeliverReplyData, enqueueDelivery } from './outbound-jobs';

export interface ReplyContext {
  deps: Deps;
  queue: Queue;
  providers: (name: ProviderName) => Provider;
  /** Decryption keys, the current one first. */
  keys: Buffer[];
}

/** A claim older than this belongs to a run that died (every call times out after 30 s). */
export const STALE_REPLY_CLAIM_MS = 45_000;
/** Transient failures (nothing sent) are tried this many times in all. */
const MAX_TRIES = 5;
/** Asking the network about an unknown outcome: this many times, then the reply fails with the reason. */
const MAX_RESOLVE_ROUNDS = 5;

type Claim =
  | { kind: 'claimed'; row: ReplyForDelivery }
  | { kind: 'resolve'; row: ReplyForDelivery }
  | { kind: 'busy'; checkAt: Date }
  | { kind: 'skip'; reason: string };

async function claim(deps: Deps, messageId: string, now: Date): Promise<Claim> {
  return deps.prisma.$transaction(async (tx) => {
    await lockMessage(tx, messageId);
    const row = await findReplyForDelivery(tx, messageId);
    if (row?.direction !== 'outbound') return { kind: 'skip', reason: 'not a reply' };
    if (row.deliveryState !== 'sending') return { kind: 'skip', reason: `already ${row.deliveryState}` };
    if (row.claimedAt) {
      if (row.failureKind === 'unknown_outcome') return { kind: 'resolve', row };
      const staleAt = row.claimedAt.getTime() + STALE_REPLY_CLAIM_MS;
      if (staleAt > now.getTime()) return { kind: 'busy', checkAt: new Date(staleAt) };
      return { kind: 'resolve', row };
    }
    await updateMessage(tx, messageId, { claimedAt: now, attempts: { increment: 1 } });
    return { kind: 'claimed', row: { ...row, claimedAt: now, attempts: row.attempts + 1 } };
  });
}

export async function deliverReply(ctx: ReplyContext, data: DeliverReplyData, round = 0): Promise<Record<string, unknown>> {
  const { deps } = ctx;
  const now = new Date();
  if (data.notBefore && data.notBefore > now.getTime() + 1_000) {
    await enqueueDelivery(ctx.queue, data.messageId, `w${data.notBefore}`, new Date(data.notBefore));
    return { outcome: 'waiting' };
  }
  const claimed = await claim(deps, data.messageId, now);
  switch (claimed.kind) {
    case 'skip':
      return { outcome: 'skipped', reason: claimed.reason };
    case 'busy':
      // Another run holds a fresh claim; if that run died, its claim is stale then: look again.
      await enqueueDelivery(ctx.queue, data.messageId, `c${claimed.checkAt.getTime()}`, claimed.checkAt);
      return { outcome: 'in progress', checkAt: claimed.checkAt };
    case 'resolve':
      return resolve(ctx, claimed.row, round);
    case 'claimed':
      return call(ctx, claimed.row);
  }
}

function accountOf(ctx: ReplyContext, row: ReplyForDelivery): ProviderAccount {
  return providerAccountOf(ctx.keys, row.channelAccount);
}

async function call(ctx: ReplyContext, row: ReplyForDelivery) {
  let provider: Provider;
  let account: ProviderAccount;
  try {
    if (row.channelAccount.status !== 'active') throw new ProviderError('auth_expired', 'The channel needs reconnecting');
    if (!row.parentRemoteId) throw new ProviderError('rejected', 'The reply has no message to answer');
    await refreshIfExpiring(ctx, row);
    provider = ctx.providers(row.channelAccount.provider);
    account = accountOf(ctx, row);
  } catch (error) {
    // Nothing was sent: a missing connection is a clear failure, not an unknown outcome.
    const e = error instanceof ProviderError ? error : new ProviderError('auth_expired', error instanceof Error ? error.message : String(error));
    return failed(ctx, row, e);
  }
  try {
    const sent = await provider.reply(account, { toRemoteId: row.parentRemoteId, text: row.text });
    await sentNow(ctx, row, sent.remoteId, 'sent');
    return { outcome: 'sent', remoteId: sent.remoteId };
  } catch (error) {
    const e = error instanceof ProviderError ? error : new ProviderError('unknown_outcome', error instanceof Error ? error.message : String(error));
    return failed(ctx, row, e);
  }
}

/** The network has the reply: store it (through database hiccups: it is not an unknown outcome). */
async function sentNow(ctx: ReplyContext, row: ReplyForDelivery, remoteId: string, outcome: 'sent' | 'adopted') {
  for (let tries = 1; ; tries++) {
    try {
      await recordReplySent(ctx.deps.prisma, row.id, row.conversationId, remoteId, new Date());
      break;
    } catch (error) {
      if (tries >= 5) throw error;
      ctx.deps.logger.warn({ messageId: row.id, err: error, tries }, 'could not store a sent reply yet; trying again');
      await new Promise((r) => setTimeout(r, 400 * tries));
    }
  }
  ctx.deps.logger.info({ messageId: row.id, conversationId: row.conversationId, outcome }, 'reply sent');
  replyChanged(ctx.deps, {
    workspaceId: row.workspaceId,
    conversationId: row.conversationId,
    messageId: row.id,
    change: 'updated',
    remoteId,
    deliveryState: 'sent',
  });
  conversationsChanged(ctx.deps, row.workspaceId, [row.conversationId], 'updated');
}

/** What a failure means: wait and retry, fail with the reason, or find out whether it went out. */
async function failed(ctx: ReplyContext, row: ReplyForDelivery, e: ProviderError) {
  const { deps } = ctx;
  deps.logger.warn({ messageId: row.id, kind: e.kind, status: e.status, code: e.networkCode, message: e.message }, 'reply attempt failed');
  switch (e.kind) {
    case 'rate_limited':
    case 'transient': {
      if (e.kind === 'transient' && row.attempts >= MAX_TRIES) return fail(ctx, row, e);
      const backoff = Math.min(5 * 60_000, 2_000 * 2 ** (row.attempts - 1)) * (0.75 + Math.random() / 2);
      const at = e.kind === 'rate_limited' && e.resetAt ? e.resetAt : new Date(Date.now() + backoff);
      await updateMessage(deps.prisma, row.id, { claimedAt: null, failureKind: e.kind, failureReason: e.message });
      await enqueueDelivery(ctx.queue, row.id, `t${row.attempts}`, at);
      return { outcome: e.kind, retryAt: at };
    }
    case 'unknown_outcome':
      // Keep the claim: nothing may send again until the network has been asked.
      await updateMessage(deps.prisma, row.id, { failureKind: 'unknown_outcome', failureReason: e.message });
      await enqueueDelivery(ctx.queue, row.id, `u${row.attempts}`, new Date(Date.now() + 2_000));
      return { outcome: 'unconfirmed' };
    case 'auth_expired':
      await markNeedsReconnect(
        deps.prisma,
        { id: row.channelAccount.id, workspaceId: row.channelAccount.workspaceId, name: row.channelAccount.name },
        e.message,
      );
      return fail(ctx, row, e);
    case 'rejected':
      return fail(ctx, row, e);
  }
}

async function fail(ctx: ReplyContext, row: ReplyForDelivery, e: ProviderError) {
  await updateMessage(ctx.deps.prisma, row.id, { deliveryState: 'failed', claimedAt: null, failureKind: e.kind, failureReason: e.message });
  replyChanged(ctx.deps, {
    workspaceId: row.workspaceId,
    conversationId: row.conversationId,
    messageId: row.id,
    change: 'updated',
    remoteId: null,
    deliveryState: 'failed',
  });
  return { outcome: 'failed', kind: e.kind, reason: e.message };
}

/**
 * An attempt whose outcome is unknown: does the reply exist on the network? Found → adopted. Not found →
 * the claim is released and the reply is sent (once more, under a new claim). The network cannot be
 * asked → try again later, and after a few rounds fail with the reason, never a blind second reply.
 */
async function resolve(ctx: ReplyContext, row: ReplyForDelivery, round: number) {
  const { deps } = ctx;
  const provider = ctx.providers(row.channelAccount.provider);
  const since = new Date((row.claimedAt ?? row.receivedAt).getTime() - 60_000);
  try {
    if (!row.parentRemoteId) throw new ProviderError('rejected', 'The reply has no message to answer');
    const found = await provider.findReply(accountOf(ctx, row), { toRemoteId: row.parentRemoteId, text: row.text, since });
    if (found) {
      await sentNow(ctx, row, found.remoteId, 'adopted');
      return { outcome: 'adopted', remoteId: found.remoteId };
    }
  } catch (error) {
    const e = error instanceof ProviderError ? error : new ProviderError('unknown_outcome', String(error));
    deps.logger.warn({ messageId: row.id, kind: e.kind, message: e.message, round }, 'could not ask the network about a reply');
    if (e.kind === 'auth_expired' || e.kind === 'rejected' || round + 1 >= MAX_RESOLVE_ROUNDS) {
      return fail(ctx, row, new ProviderError('unknown_outcome', `It is not known whether the reply went out (${e.message}); check on the network`));
    }
    await enqueueDelivery(ctx.queue, row.id, `q${row.attempts}.${round + 1}`, new Date(Date.now() + 3_000 * 2 ** round));
    return { outcome: 'unconfirmed', round: round + 1 };
  }
  // Not there: nothing went out. Release the claim and send it now, under a new claim.
  await updateMessage(deps.prisma, row.id, { claimedAt: null, failureKind: null });
  return deliverReply(ctx, { messageId: row.id }, round + 1);
}

/** An X token that ends soon is refreshed before the call (the refresh job normally did it already). */
async function refreshIfExpiring(ctx: ReplyContext, row: ReplyForDelivery): Promise<void> {
  const channel = row.channelAccount;
  if (channel.provider !== 'x' || !channel.tokenExpiresAt || channel.tokenExpiresAt.getTime() - Date.now() > REFRESH_AHEAD_MS) return;
  await ensureFreshXToken(ctx.deps, channel.id).catch((error: unknown) =>
    ctx.deps.logger.warn(
      { channelId: channel.id, err: error instanceof Error ? error.message : String(error) },
      'x token refresh before a reply failed',
    ),
  );
  const fresh = await findReplyForDelivery(ctx.deps.prisma, row.id);
  if (fresh) Object.assign(row.channelAccount, fresh.channelAccount);
}
