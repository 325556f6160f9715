/**
 * Nothing missed: the Graph and X emulators' audience comments and replies on our published posts while
 * the emulators drop 30% of their webhook deliveries; the app (listening on a port, real PostgreSQL and
 * Redis, the inbox-ingest worker with a 3 s polling interval) takes the webhooks that arrive and polls
 * the rest. After one polling interval every audience message is in the database exactly once.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInboxIngestWorker } from '../../server/src/modules/inbox-ingest/inbox-worker';
import { POLL_CHANNEL_JOB } from '../../server/src/modules/inbox-ingest/job-names';
import { registry } from '../../server/src/modules/observability/metrics';
import { type GraphEmulator, startGraphEmulator } from '../emulators/graph';
import { startXEmulator, type XEmulator } from '../emulators/x';
import { fbPayload, type InboxFixture, inboxFixture, META_SECRET, metaSignature, webhookEnv, X_SECRET } from '../support/inbox-fixtures';
import { startTestApp, type TestContext } from '../support/test-app';

const PAGE = {
  id: '100000000000101',
  name: '완전성 카페',
  accessTokens: ['complete-page-token'],
  instagram: { id: '17841400000000101', username: 'complete.cafe' },
};
const X_USER = { id: '1500000000000000101', username: 'complete_cafe', name: 'Complete', accessTokens: ['complete-x-token'] };
const POLL_SECONDS = 3;
const PER_POST = 40;

let ctx: TestContext;
let graph: GraphEmulator;
let x: XEmulator;
let server: http.Server;
let appUrl: string;
let worker: Awaited<ReturnType<typeof startInboxIngestWorker>>;
let fx: InboxFixture;

async function graphPost(path: string, token: string, body: object): Promise<string> {
  const res = await fetch(`${graph.url}/v24.0/${path}?access_token=${token}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return ((await res.json()) as { id: string }).id;
}

beforeAll(async () => {
  graph = await startGraphEmulator({ pages: [PAGE], seed: 3 });
  x = await startXEmulator({ users: [X_USER], seed: 5 });
  ctx = await startTestApp({ env: { ...webhookEnv, META_GRAPH_URL: graph.url, X_API_URL: x.url, INBOX_POLL_SECONDS: String(POLL_SECONDS) } });
  server = http.createServer(ctx.app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  appUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  // Our published posts, on the networks.
  const fbPost = await graphPost(`${PAGE.id}/feed`, PAGE.accessTokens[0] as string, { message: '봄 신메뉴가 나왔어요' });
  const container = await graphPost(`${PAGE.instagram.id}/media`, PAGE.accessTokens[0] as string, {
    image_url: 'https://example.com/a.jpg',
    caption: '봄',
  });
  const igMedia = await graphPost(`${PAGE.instagram.id}/media_publish`, PAGE.accessTokens[0] as string, { creation_id: container });
  const tweet = await fetch(`${x.url}/2/tweets`, {
    method: 'POST',
    headers: { authorization: `Bearer ${X_USER.accessTokens[0]}`, 'content-type': 'application/json' },
    body: JSON.stringify({ text: 'Spring menu is out' }),
  });
  const tweetId = ((await tweet.json()) as { data: { id: string } }).data.id;

  fx = await inboxFixture(ctx.deps.prisma, {
    key: ctx.deps.config.encryptionKey,
    pageId: PAGE.id,
    igUserId: PAGE.instagram.id,
    xUserId: X_USER.id,
    tokens: { facebook: PAGE.accessTokens[0] as string, instagram: PAGE.accessTokens[0] as string, x: X_USER.accessTokens[0] as string },
    posts: { facebook: fbPost, instagram: igMedia, x: tweetId },
  });
  graph.control.setWebhook({ url: `${appUrl}/webhooks/meta`, appSecret: META_SECRET });
  x.control.setWebhook({ url: `${appUrl}/webhooks/x`, consumerSecret: X_SECRET });
  graph.control.setWebhookDrop(0.3);
  x.control.setWebhookDrop(0.3);
  worker = await startInboxIngestWorker(ctx.deps);
});

afterAll(async () => {
  await worker?.close();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  await ctx?.close();
  await graph?.close();
  await x?.close();
});

describe('completeness', () => {
  it('has every audience message exactly once after a polling interval, though 30% of webhooks were lost', async () => {
    graph.control.setAudience({ threadRatio: 0.25 });
    graph.control.simulateAudience(fx.facebook.postRemoteId, PER_POST);
    const started = new Date();
    const firstHalf = new Set(graph.control.simulateAudience(fx.instagram.mediaRemoteId, PER_POST / 2));
    x.control.simulateAudience(fx.x.tweetRemoteId, PER_POST);
    // A media's comment list holds top-level comments only: once a poll has passed them, the rest of the Instagram
    // audience mostly answers in their threads, which only the watched threads' re-read finds.
    await expect
      .poll(
        async () => (await ctx.deps.prisma.inboxCursor.findUnique({ where: { channelAccountId: fx.instagram.channelId } }))?.polledAt?.getTime() ?? 0,
        {
          timeout: 20_000,
        },
      )
      .toBeGreaterThan(started.getTime());
    graph.control.setAudience({ threadRatio: 0.7 });
    const secondHalf = graph.control.simulateAudience(fx.instagram.mediaRemoteId, PER_POST / 2);
    const lateReplies = secondHalf.filter((id) => firstHalf.has(graph.state.nodes.get(id)?.parent?.id ?? ''));
    expect(lateReplies.length).toBeGreaterThan(0);

    // What the networks have: every comment/reply by someone other than us.
    const expected = new Map<string, string>();
    for (const node of graph.state.nodes.values()) {
      if (node.kind === 'comment') expected.set(node.id, fx.facebook.channelId);
      if (node.kind === 'ig_comment') expected.set(node.id, fx.instagram.channelId);
    }
    for (const t of x.state.tweets.values()) if (t.author_id !== X_USER.id) expected.set(t.id, fx.x.channelId);
    expect(expected.size).toBe(3 * PER_POST);

    const dropped = graph.control.setWebhookDrop(0.3) + x.control.setWebhookDrop(0.3);
    expect(dropped).toBeGreaterThan(0.15 * expected.size);

    // Wait for the webhooks that did arrive, then one polling interval (plus processing time on a busy machine).
    const deadline = Date.now() + 40_000;
    let stored: Array<{ remoteId: string | null; channelAccountId: string }> = [];
    const seenAt = Date.now();
    for (;;) {
      stored = await ctx.deps.prisma.inboxMessage.findMany({
        where: { workspaceId: fx.workspaceId, direction: 'inbound' },
        select: { remoteId: true, channelAccountId: true },
      });
      if ((stored.length >= expected.size && Date.now() - seenAt > POLL_SECONDS * 1000) || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    const byId = new Map<string, number>();
    for (const m of stored) byId.set(m.remoteId as string, (byId.get(m.remoteId as string) ?? 0) + 1);
    const missing = [...expected.keys()].filter((id) => !byId.has(id));
    const duplicated = [...byId.entries()].filter(([, n]) => n > 1);
    expect(missing).toEqual([]);
    expect(duplicated).toEqual([]);
    expect(stored.length).toBe(expected.size);
    for (const m of stored) expect(m.channelAccountId).toBe(expected.get(m.remoteId as string));

    // Threads: every message joined its post's conversation (FB/IG), X replies their post's reply chain.
    const conversations = await ctx.deps.prisma.conversation.findMany({
      where: { workspaceId: fx.workspaceId },
      select: { threadRemoteId: true, messageCount: true, variantId: true },
    });
    const fb = conversations.find((c) => c.threadRemoteId === fx.facebook.postRemoteId);
    const ig = conversations.find((c) => c.threadRemoteId === fx.instagram.mediaRemoteId);
    const xc = conversations.find((c) => c.threadRemoteId === fx.x.tweetRemoteId);
    expect(fb).toMatchObject({ messageCount: PER_POST, variantId: fx.facebook.variantId });
    expect(ig).toMatchObject({ messageCount: PER_POST, variantId: fx.instagram.variantId });
    expect(xc).toMatchObject({ messageCount: PER_POST, variantId: fx.x.variantId });
    expect(conversations.filter((c) => c.threadRemoteId.startsWith('~'))).toEqual([]);

    // /metrics counted what came by webhook and what the poll filled in.
    const metrics = (await registry.metrics()).split('\n');
    const counted = (source: string) =>
      metrics
        .filter((l) => l.startsWith('sotong_inbox_messages_ingested_total{') && l.includes(`source="${source}"`))
        .reduce((sum, l) => sum + Number(l.split(' ').pop()), 0);
    expect(counted('webhook')).toBeGreaterThan(0);
    expect(counted('poll')).toBeGreaterThan(0);
    expect(counted('webhook') + counted('poll')).toBeGreaterThanOrEqual(expected.size);
  }, 60_000);

  it('a watched Instagram comment its author deleted is shown as removed, though no webhook said so', async () => {
    const stored = await ctx.deps.prisma.inboxMessage.findFirstOrThrow({
      where: { channelAccountId: fx.instagram.channelId, parentRemoteId: fx.instagram.mediaRemoteId, deletedAt: null },
      select: { id: true, remoteId: true },
    });
    graph.control.deleteComment(stored.remoteId as string); // the emulator sends no webhook for it
    await expect
      .poll(async () => (await ctx.deps.prisma.inboxMessage.findUniqueOrThrow({ where: { id: stored.id } })).deletedAt, { timeout: 20_000 })
      .not.toBeNull();
  }, 30_000);

  it('a live message is not held back while every poll waits on a slow network', async () => {
    // Every poll slot of the inbox-ingest queue busy with a Facebook poll whose comment reads take 8 s …
    graph.control.addFault({ kind: 'latency', endpoint: 'GET /{post}/comments', latencyMs: 8_000, count: 20 });
    for (let i = 0; i < 4; i++) await worker.queue.add(POLL_CHANNEL_JOB, { channelAccountId: fx.facebook.channelId }, { jobId: `stuck-poll-${i}` });
    const until = Date.now() + 5_000;
    while ((await worker.queue.getActiveCount()) < 4 && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    expect(await worker.queue.getActiveCount()).toBe(4);

    // … a webhook's comment is processed on its own queue, not after them.
    const commentId = `${fx.facebook.postRemoteId}_live1`;
    const raw = fbPayload(PAGE.id, [{ commentId, postId: fx.facebook.postRemoteId }]);
    const res = await fetch(`${appUrl}/webhooks/meta`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': metaSignature(raw) },
      body: raw,
    });
    expect(res.status).toBe(200);
    const stored = () => ctx.deps.prisma.inboxMessage.count({ where: { channelAccountId: fx.facebook.channelId, remoteId: commentId } });
    const deadline = Date.now() + 6_000;
    while ((await stored()) === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(await stored()).toBe(1);
    // The polls were still waiting on the network when it arrived.
    expect(await worker.queue.getActiveCount()).toBe(4);
    graph.control.clearFaults();
  }, 60_000);
});
