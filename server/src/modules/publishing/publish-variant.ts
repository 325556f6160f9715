/**
 * The publish job: reload, claim, wait for the second, call the network once, record what came back.
 *
 * Exactly once: the claim (state `publishing` + an attempt row) is written before the call. If the
 * worker dies after it, the next run finds the variant `publishing` and does not post again: it
 * asks the network first (resolve-variant.ts). A retry is scheduled only for failures that provably
 * did not take effect (`rate_limited`, `transient`); an unknown outcome becomes `unconfirmed`.
 */
import type { Queue } from 'bullmq';
import { providerAccountOf } from '../../channels/credentials';
import {
  type Provider,
  type ProviderAccount,
  ProviderError,
  type ProviderName,
  type PublishedPost,
  type PublishRequest,
} from '../../channels/providers/provider';
import type { Deps } from '../../deps';
import { AppError } from '../../lib/errors';
import { lockPost } from '../approvals/approval-repository';
import { isPublishable } from '../approvals/publishable';
import { ensureFreshXToken, REFRESH_AHEAD_MS } from '../channels/ensure-fresh-x-token';
import { markNeedsReconnect } from '../channels/mark-needs-reconnect';
import { signedMediaUrl } from '../media/signed-url';
import { mediaStorage } from '../media/storage';
import { scheduleMetrics } from '../metrics/schedule-metrics';
import { notify } from '../notifications/notify';
import { publishLateness, publishOutcomes } from '../observability/metrics';
import { emitEvent } from '../outgoing-webhooks/emit-event';
import { failedEventOf, publishedEventOf } from '../outgoing-webhooks/event-payloads';
import { type PublishBatcher, PUBLISH_TX as TX } from './claim-batcher';
import type { PauseWatch } from './pause-watch';
import { EARLY_MS, enqueuePublish, enqueueResolve, type PublishJobData } from './publish-jobs';
import { publishRequestOf } from './publish-request';
import {
  claimIfReady,
  countAttempts,
  findForPublish,
  finishAttempt,
  lastAttempt,
  lockVariant,
  type PublishRow,
  setVariantOutcome,
  startAttempt,
} from './publishing-repository';
import { settlePost } from './settle-post';

export interface PublishContext {
  deps: Deps;
  queue: Queue;
  providers: (name: ProviderName) => Provider;
  /** Decryption keys, the current one first. */
  keys: Buffer[];
  /** Crisis pauses as of the last second: checked again right before each call. */
  pauses?: PauseWatch;
  /** Claims and results of a burst share statements (the worker's); without it each job works alone. */
  batcher?: PublishBatcher;
}

const MAX_TRANSIENT = 5;
/**
 * When a claim belongs to a run that died. A live run calls at its due second, or for a retry at most
 * EARLY_MS after its claim, and its request reaches the network within the media upload budget (60 s)
 * and the call's timeout (30 s); without media there is no upload, so its claim is stale much sooner.
 */
export const STALE_CLAIM_MS = 100_000;
export const STALE_TEXT_CLAIM_MS = 40_000;
export function staleAt(v: { scheduledAt: Date | null; claimedAt: Date; mediaCount: number }): Date {
  const calls = Math.max(v.scheduledAt?.getTime() ?? 0, v.claimedAt.getTime() + EARLY_MS);
  return new Date(calls + (v.mediaCount > 0 ? STALE_CLAIM_MS : STALE_TEXT_CLAIM_MS));
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Timers may fire a millisecond early against the wall clock: never call before the instant. */
async function sleepUntil(at: number) {
  for (let wait = at - Date.now(); wait > 0; wait = at - Date.now()) await sleep(wait);
}

type Claim =
  | { kind: 'claimed'; row: PublishRow; attemptId: string }
  | { kind: 'resolve'; row: PublishRow }
  /** Another run holds a fresh claim: look again when it would be stale (a killed worker's run never finishes). */
  | { kind: 'check'; row: PublishRow; at: Date }
  | { kind: 'skip'; reason: string };

/** Is this job still wanted, and if so, the variant is ours: one statement in the common case. */
async function claim(ctx: PublishContext, data: PublishJobData, jobId: string | null, now: Date): Promise<Claim> {
  const dueBy = new Date(now.getTime() + EARLY_MS * 2);
  if (ctx.batcher) {
    const claimed = await ctx.batcher.claim({ variantId: data.variantId, scheduleVersion: data.scheduleVersion, jobId, dueBy });
    if (claimed) return { kind: 'claimed', ...claimed };
  } else {
    const attemptId = await claimIfReady(ctx.deps.prisma, data.variantId, data.scheduleVersion, dueBy, jobId);
    const row = attemptId ? await findForPublish(ctx.deps.prisma, data.variantId) : null;
    if (attemptId && row) return { kind: 'claimed', row, attemptId };
  }
  return claimWhy(ctx, data, jobId, now);
}

/** In one transaction: why the fast claim did not match (gone, rescheduled, held by another run, paused…), or the claim. */
async function claimWhy(ctx: PublishContext, data: PublishJobData, jobId: string | null, now: Date): Promise<Claim> {
  return ctx.deps.prisma.$transaction(async (tx) => {
    await lockVariant(tx, data.variantId);
    const row = await findForPublish(tx, data.variantId);
    if (!row || row.deletedAt || row.post.deletedAt) return { kind: 'skip', reason: 'gone' };
    if (row.scheduleVersion !== data.scheduleVersion) return { kind: 'skip', reason: 'rescheduled' };
    if (row.state === 'unconfirmed') return { kind: 'skip', reason: 'unconfirmed: being resolved' };
    if (row.state === 'publishing') {
      // Another run holds it. Fresh: it is on its way (skip). Stale: that run died mid-call (ask the network).
      const attempt = await lastAttempt(tx, row.id);
      const at = attempt ? staleAt({ scheduledAt: row.scheduledAt, claimedAt: attempt.startedAt, mediaCount: row.media.length }) : now;
      if (at > now) return { kind: 'check', row, at };
      return { kind: 'resolve', row };
    }
    if (!isPublishable(row.post, row)) return { kind: 'skip', reason: `not publishable (${row.post.state}/${row.state})` };
    if (!row.scheduledAt || row.scheduledAt.getTime() > now.getTime() + EARLY_MS * 2) return { kind: 'skip', reason: 'not due' };
    if (row.workspace.publishingPausedAt || row.channelAccount.pausedAt) {
      await setVariantOutcome(tx, row.id, { heldAt: now });
      return { kind: 'skip', reason: 'paused' };
    }
    const attempt = await startAttempt(tx, row, jobId);
    await setVariantOutcome(tx, row.id, { state: 'publishing' });
    return { kind: 'claimed', row, attemptId: attempt.id };
  }, TX);
}

/** A claim that failed on the database (a full pool, a restart) is tried again soon, not at the next reconcile. */
async function claimWithRetry(ctx: PublishContext, data: PublishJobData, jobId: string | null): Promise<Claim> {
  for (let tries = 1; ; tries++) {
    try {
      return await claim(ctx, data, jobId, new Date());
    } catch (error) {
      if (tries >= 4) throw error;
      ctx.deps.logger.warn({ variantId: data.variantId, err: error, tries }, 'claim failed; trying again');
      await sleep(250 * tries);
    }
  }
}

/**
 * Pre-staging: an X access token that ends soon is refreshed right after the claim, well before the
 * due second (the refresh job normally did it already), and the fresh credentials are read back.
 */
async function refreshIfExpiring(ctx: PublishContext, row: PublishRow): Promise<PublishRow> {
  const channel = row.channelAccount;
  if (channel.provider !== 'x' || !channel.tokenExpiresAt || channel.tokenExpiresAt.getTime() - Date.now() > REFRESH_AHEAD_MS) return row;
  try {
    await ensureFreshXToken(ctx.deps, channel.id);
    return (await findForPublish(ctx.deps.prisma, row.id)) ?? row;
  } catch (error) {
    ctx.deps.logger.warn(
      { channelId: channel.id, err: error instanceof Error ? error.message : String(error) },
      'x token refresh before publishing failed',
    );
    return row;
  }
}

export async function publishVariant(ctx: PublishContext, data: PublishJobData, jobId: string | null) {
  const { deps } = ctx;
  const claimed = await claimWithRetry(ctx, data, jobId);
  if (claimed.kind === 'skip') return { outcome: 'skipped', reason: claimed.reason };
  if (claimed.kind === 'check') {
    // A re-run of a stalled job, or a duplicate: the first run may be dead. Look again once its claim is stale.
    if (claimed.at.getTime() - Date.now() <= 4_000) {
      await sleepUntil(claimed.at.getTime());
      return publishVariant(ctx, data, jobId);
    }
    await enqueuePublish(ctx.queue, { ...claimed.row, scheduledAt: claimed.at }, { retry: `c${claimed.at.getTime()}`, at: claimed.at });
    return { outcome: 'skipped', reason: 'in progress', checkAt: claimed.at };
  }
  if (claimed.kind === 'resolve') {
    // Claimed by an earlier run that never finished (a killed worker, a stalled job): ask, never re-post.
    await setVariantOutcome(deps.prisma, claimed.row.id, { state: 'unconfirmed' });
    const attempt = await lastAttempt(deps.prisma, claimed.row.id);
    await enqueueResolve(ctx.queue, claimed.row, attempt?.id ?? 'none', 0, 0);
    return { outcome: 'unconfirmed' };
  }
  const { attemptId } = claimed;
  const row = await refreshIfExpiring(ctx, claimed.row);
  let prepared: { provider: Provider; account: ProviderAccount; request: PublishRequest };
  try {
    prepared = prepare(ctx, row);
  } catch (error) {
    // Nothing was sent: a missing connection or adapter is a clear failure, not an unknown outcome.
    const message = error instanceof Error ? error.message : String(error);
    const kind =
      error instanceof AppError && (error.details as { reason?: string } | undefined)?.reason === 'not_connected' ? 'auth_expired' : 'rejected';
    return fail(ctx, row, attemptId, new ProviderError(kind, message), kind);
  }
  try {
    // Everything above happens early, staging too (rate budgets and quotas checked, media uploaded,
    // containers processed; nothing public yet): the due second only makes the public call.
    const staged = await prepared.provider.stage(prepared.account, prepared.request).catch((error: unknown) => {
      // Nothing staged is public: whatever went wrong there, no post can exist yet.
      if (error instanceof ProviderError && error.kind === 'unknown_outcome') throw new ProviderError('transient', error.message, error);
      throw error;
    });
    await sleepUntil(Math.max(row.scheduledAt?.getTime() ?? 0, data.notBefore ?? 0));
    if (await ctx.pauses?.isPaused(row.workspaceId, row.channelAccount.id)) return hold(ctx, row, attemptId);
    const provider = row.channelAccount.provider;
    if (row.scheduledAt) publishLateness.observe({ provider }, Math.max(0, Date.now() - row.scheduledAt.getTime()) / 1000);
    const published = await (ctx.batcher ? ctx.batcher.calling(() => staged.publish()) : staged.publish());
    publishOutcomes.inc({ provider, outcome: 'published' });
    await recordPublished(ctx, row, attemptId, published);
    // Off the publisher's path: the follower count at publication and the first metrics reading (never
    // throws). The worker's batcher schedules them for each stored batch at once.
    if (!ctx.batcher) void scheduleMetrics(deps, { id: row.id, publishedAt: published.publishedAt });
    return { outcome: 'published', remoteId: published.remoteId };
  } catch (error) {
    return failed(ctx, row, attemptId, error);
  }
}

/** Paused after the claim, before the call: nothing was sent; the variant waits for an admin. */
async function hold(ctx: PublishContext, row: PublishRow, attemptId: string) {
  publishOutcomes.inc({ provider: row.channelAccount.provider, outcome: 'held' });
  await ctx.deps.prisma.$transaction(async (tx) => {
    await finishAttempt(tx, attemptId, 'skipped', { errorMessage: 'publishing was paused' });
    await setVariantOutcome(tx, row.id, { state: 'scheduled', heldAt: new Date() });
  }, TX);
  return { outcome: 'skipped', reason: 'paused' };
}

/** The post exists: store it now, trying again through a database hiccup (it is not an unknown outcome). */
async function recordPublished(ctx: PublishContext, row: PublishRow, attemptId: string, published: PublishedPost) {
  for (let tries = 1; ; tries++) {
    try {
      return await store();
    } catch (error) {
      if (tries >= 5) throw error;
      ctx.deps.logger.warn({ variantId: row.id, err: error, tries }, 'could not store a published post yet; trying again');
      await sleep(500 * tries);
    }
  }
  function store() {
    if (ctx.batcher) return ctx.batcher.storePublished({ row, attemptId, published });
    return ctx.deps.prisma.$transaction(async (tx) => {
      await lockPost(tx, row.postId); // the post first, as approvals do: no lock-order deadlock
      await setVariantOutcome(tx, row.id, {
        state: 'published',
        remoteId: published.remoteId,
        remoteUrl: published.url,
        publishedAt: published.publishedAt,
        failureReason: null,
        failureKind: null,
      });
      await finishAttempt(tx, attemptId, 'succeeded', { remoteId: published.remoteId });
      await emitEvent(tx, row.workspaceId, 'variant.published', publishedEventOf(row, published));
      await settlePost(tx, row.workspaceId, row.postId);
    }, TX);
  }
}

/** The adapter, the account's credentials and the request: all before the due second. */
function prepare(ctx: PublishContext, row: PublishRow) {
  const provider = ctx.providers(row.channelAccount.provider);
  const account = providerAccountOf(ctx.keys, row.channelAccount);
  const storage = mediaStorage(ctx.deps);
  const media = row.media.map(({ media: m }) => ({
    kind: m.kind,
    mimeType: m.mimeType,
    url: signedMediaUrl(ctx.deps.config, m.id),
    read: async () => Buffer.concat(await storage.get(m.storageKey).toArray()),
  }));
  return { provider, account, request: publishRequestOf(row, media) };
}

/** What a failure means for the variant: wait and retry, fail with a reason, or find out first. */
async function failed(ctx: PublishContext, row: PublishRow, attemptId: string, error: unknown) {
  const { deps } = ctx;
  const e = error instanceof ProviderError ? error : new ProviderError('unknown_outcome', error instanceof Error ? error.message : String(error));
  publishOutcomes.inc({ provider: row.channelAccount.provider, outcome: e.kind });
  deps.logger.warn({ variantId: row.id, kind: e.kind, status: e.status, code: e.networkCode, message: e.message }, 'publish attempt failed');
  switch (e.kind) {
    case 'rate_limited':
    case 'transient': {
      const tries = await countAttempts(deps.prisma, row.id, row.scheduleVersion);
      if (e.kind === 'transient' && tries + 1 >= MAX_TRANSIENT) return fail(ctx, row, attemptId, e, 'transient');
      const backoff = Math.min(5 * 60_000, 2_000 * 2 ** tries) * (0.75 + Math.random() / 2);
      const at = e.kind === 'rate_limited' && e.resetAt ? e.resetAt : new Date(Date.now() + backoff);
      await deps.prisma.$transaction(async (tx) => {
        await finishAttempt(tx, attemptId, e.kind === 'rate_limited' ? 'rate_limited' : 'transient', { errorMessage: e.message });
        await setVariantOutcome(tx, row.id, { state: 'scheduled' });
      }, TX);
      await enqueuePublish(ctx.queue, { id: row.id, scheduleVersion: row.scheduleVersion, scheduledAt: at }, { retry: tries + 1, at });
      return { outcome: e.kind, retryAt: at };
    }
    case 'unknown_outcome':
      await deps.prisma.$transaction(async (tx) => {
        await finishAttempt(tx, attemptId, 'unknown', { errorMessage: e.message });
        await setVariantOutcome(tx, row.id, { state: 'unconfirmed' });
      }, TX);
      await enqueueResolve(ctx.queue, row, attemptId, 0, 2_000);
      return { outcome: 'unconfirmed' };
    case 'auth_expired':
      // The channel turns needs_reconnect and the admins hear it now, not when the next post fails.
      await markNeedsReconnect(deps.prisma, { id: row.channelAccount.id, workspaceId: row.workspaceId, name: row.channelAccount.name }, e.message);
      return fail(ctx, row, attemptId, e, 'auth_expired');
    case 'rejected':
      return fail(ctx, row, attemptId, e, 'rejected');
  }
}

async function fail(ctx: PublishContext, row: PublishRow, attemptId: string, e: ProviderError, outcome: 'rejected' | 'auth_expired' | 'transient') {
  await ctx.deps.prisma.$transaction(async (tx) => {
    await lockPost(tx, row.postId);
    await finishAttempt(tx, attemptId, outcome, { errorMessage: e.message });
    await setVariantOutcome(tx, row.id, { state: 'failed', failureReason: e.message, failureKind: e.kind });
    await emitEvent(tx, row.workspaceId, 'variant.failed', failedEventOf(row, e.kind, e.message));
    await notify(tx, row.workspaceId, {
      userIds: [row.post.authorId],
      kind: 'publish_failed',
      postId: row.postId,
      data: { title: row.post.title, channel: row.channelAccount.name, reason: e.message, kind: e.kind },
      dedupeKey: `publish_failed:${row.id}:${row.scheduleVersion}`,
    });
    await settlePost(tx, row.workspaceId, row.postId);
  }, TX);
  return { outcome: 'failed', kind: e.kind, reason: e.message };
}
