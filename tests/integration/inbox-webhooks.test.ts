/**
 * Webhooks end to end on real PostgreSQL and Redis: the documented Meta and X payloads with real
 * signatures → stored raw before the 200 → processed by the inbox-ingest worker (BullMQ) into
 * conversations linked to our variants. Bad and missing signatures, replays, edits and removals,
 * a 1,000-change batch, X threading (reply chain, late parent, standalone mention), reopening, and
 * a poll reporting a message the webhook already brought.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInboxIngestWorker } from '../../server/src/modules/inbox-ingest/inbox-worker';
import { ingest } from '../../server/src/modules/inbox-ingest/ingest-messages';
import { processDeliveries } from '../../server/src/modules/inbox-ingest/process-deliveries';
import { xCrcResponse } from '../../server/src/modules/inbox-ingest/signatures';
import { sweepDeliveries } from '../../server/src/modules/inbox-ingest/sweep-deliveries';
import {
  fbPayload,
  type InboxFixture,
  igPayload,
  inboxFixture,
  META_VERIFY,
  metaSignature,
  webhookEnv,
  X_SECRET,
  xDeletePayload,
  xPayload,
  xSignature,
} from '../support/inbox-fixtures';
import { startTestApp, type TestContext } from '../support/test-app';

let ctx: TestContext;
let fx: InboxFixture;
let worker: Awaited<ReturnType<typeof startInboxIngestWorker>>;
let seq = 0;
const nextId = () => `${Date.now()}${String(++seq).padStart(4, '0')}`;

const postMeta = (raw: string, signature: string | null = metaSignature(raw)) => {
  const req = request(ctx.app).post('/webhooks/meta').set('content-type', 'application/json');
  return (signature === null ? req : req.set('x-hub-signature-256', signature)).send(raw);
};
const postX = (raw: string, signature: string | null = xSignature(raw)) => {
  const req = request(ctx.app).post('/webhooks/x').set('content-type', 'application/json');
  return (signature === null ? req : req.set('x-twitter-webhooks-signature', signature)).send(raw);
};
const deliveries = () => ctx.deps.prisma.webhookDelivery.count();

async function settled(timeoutMs = 20_000): Promise<void> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if ((await ctx.deps.prisma.webhookDelivery.count({ where: { processedAt: null } })) === 0) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('webhook deliveries still unprocessed');
}

const message = (channelAccountId: string, remoteId: string) =>
  ctx.deps.prisma.inboxMessage.findUnique({
    where: { channelAccountId_remoteId: { channelAccountId, remoteId } },
    select: {
      id: true,
      text: true,
      editedAt: true,
      deletedAt: true,
      conversationId: true,
      category: true,
      sentiment: true,
      conversation: {
        select: {
          kind: true,
          threadRemoteId: true,
          variantId: true,
          postId: true,
          segmentId: true,
          campaignId: true,
          status: true,
          messageCount: true,
          category: true,
          sentiment: true,
          classification: true,
          responseDueAt: true,
        },
      },
    },
  });

beforeAll(async () => {
  ctx = await startTestApp({ env: webhookEnv });
  fx = await inboxFixture(ctx.deps.prisma);
  worker = await startInboxIngestWorker(ctx.deps);
});

afterAll(async () => {
  await worker?.close();
  await ctx?.close();
});

describe('webhook handshakes', () => {
  it('answers the Meta verification challenge only with the right verify token', async () => {
    const ok = await request(ctx.app)
      .get('/webhooks/meta')
      .query({ 'hub.mode': 'subscribe', 'hub.challenge': '1158201444', 'hub.verify_token': META_VERIFY });
    expect(ok.status).toBe(200);
    expect(ok.text).toBe('1158201444');
    const bad = await request(ctx.app).get('/webhooks/meta').query({ 'hub.mode': 'subscribe', 'hub.challenge': '1', 'hub.verify_token': 'nope' });
    expect(bad.status).toBe(403);
    expect(bad.body.error.code).toBe('webhook_verify_failed');
  });

  it('answers the X CRC with the HMAC of the token', async () => {
    const res = await request(ctx.app).get('/webhooks/x').query({ crc_token: 'challenge-123' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ response_token: xCrcResponse(X_SECRET, 'challenge-123') });
    expect(res.body.response_token).toMatch(/^sha256=[A-Za-z0-9+/]+=*$/);
    expect((await request(ctx.app).get('/webhooks/x')).status).toBe(400);
  });
});

describe('signatures', () => {
  it('refuses a missing signature with 401 and a wrong one with 403, storing nothing', async () => {
    const before = await deliveries();
    const raw = fbPayload(fx.facebook.pageId, [{ commentId: `${fx.facebook.postRemoteId}_${nextId()}`, postId: fx.facebook.postRemoteId }]);
    const missing = await postMeta(raw, null);
    expect(missing.status).toBe(401);
    expect(missing.body.error.code).toBe('webhook_signature_missing');
    expect((await postMeta(raw, metaSignature(raw, 'another-secret'))).status).toBe(403);
    expect((await postMeta(raw, metaSignature(`${raw} `))).status).toBe(403);
    expect((await postMeta(raw, 'sha1=abc')).status).toBe(403);
    const xRaw = xPayload(fx.x.userId, [{ id: nextId(), text: 'hi', parentId: fx.x.tweetRemoteId }]);
    expect((await postX(xRaw, null)).status).toBe(401);
    expect((await postX(xRaw, xSignature(xRaw, 'wrong'))).status).toBe(403);
    expect(await deliveries()).toBe(before);
  });
});

describe('ingestion', () => {
  it('stores a Facebook comment before answering, threads it under our post, and a replay adds nothing', async () => {
    const commentId = `${fx.facebook.postRemoteId}_${nextId()}`;
    const raw = fbPayload(fx.facebook.pageId, [
      { commentId, postId: fx.facebook.postRemoteId, message: '주문한 지 일주일이 넘었는데 아직 배송이 안 왔어요. 확인 부탁드립니다.' },
    ]);
    const before = await deliveries();
    const res = await postMeta(raw);
    expect(res.status).toBe(200);
    // Stored raw by the time the 200 is sent.
    const stored = await ctx.deps.prisma.webhookDelivery.findFirst({ where: { body: raw }, select: { source: true, body: true } });
    expect(stored).toEqual({ source: 'meta', body: raw });
    expect((await postMeta(raw)).status).toBe(200);
    expect(await deliveries()).toBe(before + 2);
    await settled();
    const m = await message(fx.facebook.channelId, commentId);
    expect(m?.conversation).toMatchObject({
      kind: 'comment_thread',
      threadRemoteId: fx.facebook.postRemoteId,
      variantId: fx.facebook.variantId,
      postId: fx.facebook.postId,
      segmentId: fx.segmentId,
      campaignId: fx.campaignId,
      status: 'open',
      category: 'complaint',
      sentiment: 'negative',
    });
    expect(m?.conversation.responseDueAt).not.toBeNull();
    expect(JSON.stringify(m?.conversation.classification)).toContain('배송');
    expect(await ctx.deps.prisma.inboxMessage.count({ where: { channelAccountId: fx.facebook.channelId, remoteId: commentId } })).toBe(1);
  });

  it('applies edits and removals from the network to the stored message', async () => {
    const commentId = `${fx.facebook.postRemoteId}_${nextId()}`;
    const base = { commentId, postId: fx.facebook.postRemoteId };
    await postMeta(fbPayload(fx.facebook.pageId, [{ ...base, message: 'Is this available outside Korea?' }]));
    await settled();
    await postMeta(fbPayload(fx.facebook.pageId, [{ ...base, verb: 'edited', message: 'Is this available in Japan?' }]));
    await settled();
    const edited = await message(fx.facebook.channelId, commentId);
    expect(edited?.text).toBe('Is this available in Japan?');
    expect(edited?.editedAt).not.toBeNull();
    await postMeta(fbPayload(fx.facebook.pageId, [{ ...base, verb: 'remove' }]));
    await settled();
    const removed = await message(fx.facebook.channelId, commentId);
    expect(removed?.deletedAt).not.toBeNull();
    expect(removed?.text).toBe('Is this available in Japan?');
  });

  it('stores a batch of 1,000 changes once each, threaded per post', async () => {
    const postIds = [fx.facebook.postRemoteId, `${fx.facebook.pageId}_${nextId()}`];
    const changes = Array.from({ length: 1000 }, (_, i) => ({
      commentId: `${postIds[i % 2]}_b${nextId()}`,
      postId: postIds[i % 2] as string,
      message: i % 3 === 0 ? 'Love this! Been waiting for it all month.' : '매장에서도 살 수 있나요?',
    }));
    const raw = fbPayload(fx.facebook.pageId, changes);
    expect(Buffer.byteLength(raw)).toBeGreaterThan(200_000);
    expect((await postMeta(raw)).status).toBe(200);
    await settled(30_000);
    const stored = await ctx.deps.prisma.inboxMessage.count({ where: { remoteId: { in: changes.map((c) => c.commentId) } } });
    expect(stored).toBe(1000);
    const other = await ctx.deps.prisma.conversation.findUniqueOrThrow({
      where: { channelAccountId_threadRemoteId: { channelAccountId: fx.facebook.channelId, threadRemoteId: postIds[1] as string } },
      select: { messageCount: true, variantId: true },
    });
    expect(other).toEqual({ messageCount: 500, variantId: null });
  });

  it('threads Instagram comments under the media', async () => {
    const id = nextId();
    await postMeta(
      igPayload(fx.instagram.igUserId, { id, mediaId: fx.instagram.mediaRemoteId, text: 'Great work, team. The new colours look amazing.' }),
    );
    await settled();
    const m = await message(fx.instagram.channelId, id);
    expect(m?.conversation).toMatchObject({ kind: 'comment_thread', threadRemoteId: fx.instagram.mediaRemoteId, variantId: fx.instagram.variantId });
    expect(m).toMatchObject({ category: 'praise', sentiment: 'positive' });
  });

  it('threads X replies into our post’s reply chain, merges a reply that came before its parent, keeps a mention apart, and removes a deleted tweet', async () => {
    const first = nextId();
    const child = nextId();
    const grandchild = nextId();
    // The grandchild arrives before its parent (a dropped or late webhook).
    await postX(xPayload(fx.x.userId, [{ id: grandchild, text: '@brand still nothing?', parentId: child }]));
    await settled();
    expect((await message(fx.x.channelId, grandchild))?.conversation.threadRemoteId).toBe(`~${child}`);
    await postX(xPayload(fx.x.userId, [{ id: first, text: '@brand when will it ship?', parentId: fx.x.tweetRemoteId }]));
    await postX(xPayload(fx.x.userId, [{ id: child, text: '@brand any news?', parentId: first }]));
    await settled();
    const a = await message(fx.x.channelId, first);
    const b = await message(fx.x.channelId, child);
    const c = await message(fx.x.channelId, grandchild);
    expect(a?.conversation).toMatchObject({ kind: 'reply_chain', threadRemoteId: fx.x.tweetRemoteId, variantId: fx.x.variantId });
    expect(b?.conversationId).toBe(a?.conversationId);
    expect(c?.conversationId).toBe(a?.conversationId);
    expect(await ctx.deps.prisma.conversation.count({ where: { threadRemoteId: `~${child}` } })).toBe(0);
    expect((await message(fx.x.channelId, first))?.conversation.messageCount).toBe(3);

    const mention = nextId();
    await postX(xPayload(fx.x.userId, [{ id: mention, text: '@brand love the new store' }]));
    // Our own tweets in the stream are not customer messages.
    await postX(xPayload(fx.x.userId, [{ id: nextId(), text: 'Thanks!', parentId: mention, userId: fx.x.userId }]));
    await settled();
    const m = await message(fx.x.channelId, mention);
    expect(m?.conversation).toMatchObject({ kind: 'mention', threadRemoteId: mention, variantId: null, messageCount: 1 });

    await postX(xDeletePayload(fx.x.userId, mention));
    await settled();
    expect((await message(fx.x.channelId, mention))?.deletedAt).not.toBeNull();
  });

  it('reopens a closed conversation when the customer writes again', async () => {
    const firstId = `${fx.facebook.postRemoteId}_${nextId()}`;
    await postMeta(fbPayload(fx.facebook.pageId, [{ commentId: firstId, postId: fx.facebook.postRemoteId }]));
    await settled();
    const conversationId = (await message(fx.facebook.channelId, firstId))?.conversationId as string;
    await ctx.deps.prisma.conversation.update({
      where: { id: conversationId },
      data: { status: 'closed', resolvedAt: new Date(Date.now() - 1000), responseDueAt: null },
      select: { id: true },
    });
    const secondId = `${fx.facebook.postRemoteId}_${nextId()}`;
    await postMeta(
      fbPayload(fx.facebook.pageId, [{ commentId: secondId, postId: fx.facebook.postRemoteId, message: '앱이 계속 튕겨서 결제를 못 하고 있어요.' }]),
    );
    await settled();
    const reopened = await ctx.deps.prisma.conversation.findUniqueOrThrow({
      where: { id: conversationId },
      select: { status: true, resolvedAt: true, responseDueAt: true, category: true },
    });
    expect(reopened).toMatchObject({ status: 'open', resolvedAt: null, category: 'complaint' });
    expect(reopened.responseDueAt).not.toBeNull();
  });

  it('keeps a manual classification override', async () => {
    const firstId = `${fx.instagram.mediaRemoteId}${nextId()}`;
    await postMeta(igPayload(fx.instagram.igUserId, { id: firstId, mediaId: fx.instagram.mediaRemoteId, text: 'Love it' }));
    await settled();
    const conversationId = (await message(fx.instagram.channelId, firstId))?.conversationId as string;
    await ctx.deps.prisma.conversation.update({
      where: { id: conversationId },
      data: { category: 'question', sentiment: 'neutral', classificationOverride: { category: 'question', sentiment: 'neutral' } },
      select: { id: true },
    });
    await postMeta(
      igPayload(fx.instagram.igUserId, { id: nextId(), mediaId: fx.instagram.mediaRemoteId, text: 'My order is broken, I want a refund' }),
    );
    await settled();
    const after = await ctx.deps.prisma.conversation.findUniqueOrThrow({
      where: { id: conversationId },
      select: { category: true, sentiment: true },
    });
    expect(after).toEqual({ category: 'question', sentiment: 'neutral' });
  });

  it('stores a message once when a poll reports what a webhook brought', async () => {
    const id = nextId();
    await postX(xPayload(fx.x.userId, [{ id, text: '@brand is this in stores?', parentId: fx.x.tweetRemoteId }]));
    await settled();
    const counts = await ingest(ctx.deps, [
      {
        provider: 'x',
        accountRemoteId: fx.x.userId,
        action: 'upsert',
        edited: false,
        remoteId: id,
        parentRemoteId: fx.x.tweetRemoteId,
        threadRemoteId: fx.x.tweetRemoteId,
        author: { remoteId: '9100000000000006', name: 'Daniel Osei', handle: 'dan_osei' },
        text: '@brand is this in stores?',
        createdAt: new Date(),
      },
    ]);
    expect(counts).toMatchObject({ created: 0, unchanged: 1 });
    expect(await ctx.deps.prisma.inboxMessage.count({ where: { channelAccountId: fx.x.channelId, remoteId: id } })).toBe(1);
  });

  it('loses nothing when the job is lost: the sweeper queues unprocessed deliveries again, and processing twice is harmless', async () => {
    const commentId = `${fx.facebook.postRemoteId}_${nextId()}`;
    const raw = fbPayload(fx.facebook.pageId, [{ commentId, postId: fx.facebook.postRemoteId }]);
    // As if Redis had lost the job: the delivery is in the database only.
    const [row] = await ctx.deps.prisma.$queryRawUnsafe<Array<{ id: string }>>(
      `INSERT INTO "WebhookDelivery" (id, source, body, "receivedAt") VALUES (gen_random_uuid(), 'meta', $1, now() - interval '1 minute') RETURNING id`,
      raw,
    );
    expect(await sweepDeliveries(ctx.deps, worker.deliveriesQueue)).toBeGreaterThanOrEqual(1);
    await settled();
    expect(await message(fx.facebook.channelId, commentId)).not.toBeNull();
    const again = await processDeliveries(ctx.deps, [row?.id as string]);
    expect(again.deliveries).toBe(0);
    expect(await ctx.deps.prisma.inboxMessage.count({ where: { channelAccountId: fx.facebook.channelId, remoteId: commentId } })).toBe(1);
  });
});

describe('refused deliveries are throttled per address; signed ones are not', () => {
  let strict: TestContext;
  beforeAll(async () => {
    strict = await startTestApp({ env: { ...webhookEnv, WEBHOOK_REFUSALS_PER_MINUTE: '5' } });
  });
  afterAll(async () => {
    await strict?.close();
  });

  it('after 5 refusals in a minute an address gets 429 without its body being read; nothing is stored', async () => {
    // The count is per clock minute: start well inside one.
    const intoMinute = Date.now() % 60_000;
    if (intoMinute > 50_000) await new Promise((r) => setTimeout(r, 61_000 - intoMinute));
    const raw = fbPayload(fx.facebook.pageId, [{ commentId: `${fx.facebook.postRemoteId}_${nextId()}`, postId: fx.facebook.postRemoteId }]);
    const post = (signature: string) =>
      request(strict.app).post('/webhooks/meta').set('content-type', 'application/json').set('x-hub-signature-256', signature).send(raw);
    // Many correctly signed deliveries: never counted.
    for (let i = 0; i < 8; i++) expect((await post(metaSignature(raw))).status).toBe(200);
    for (let i = 0; i < 6; i++) expect((await post(metaSignature(raw, 'guessed-secret'))).status).toBe(403);
    const blocked = await post(metaSignature(raw));
    expect(blocked.status).toBe(429);
    expect(blocked.body.error).toMatchObject({ code: 'too_many_requests' });
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    expect(await strict.deps.prisma.webhookDelivery.count()).toBe(8);
    // Another deployment's counter (the main app's Redis prefix) is untouched.
    expect((await postMeta(raw)).status).toBe(200);
  }, 90_000);

  it('behind a trusted proxy each forwarded address has its own count', async () => {
    const proxied = await startTestApp({ env: { ...webhookEnv, WEBHOOK_REFUSALS_PER_MINUTE: '2', TRUST_PROXY: 'loopback' } });
    try {
      const intoMinute = Date.now() % 60_000;
      if (intoMinute > 55_000) await new Promise((r) => setTimeout(r, 61_000 - intoMinute));
      const raw = '{"object":"page","entry":[]}';
      const from = (address: string) =>
        request(proxied.app)
          .post('/webhooks/meta')
          .set('content-type', 'application/json')
          .set('x-forwarded-for', address)
          .set('x-hub-signature-256', metaSignature(raw, 'wrong'))
          .send(raw);
      for (let i = 0; i < 3; i++) expect((await from('203.0.113.7')).status).toBe(403);
      expect((await from('203.0.113.7')).status).toBe(429);
      expect((await from('198.51.100.20')).status).toBe(403);
    } finally {
      await proxied.close();
    }
  }, 90_000);

  it('a body over 5 MB is refused with 413 in the error shape', async () => {
    const big = JSON.stringify({ object: 'page', entry: [], pad: 'x'.repeat(5 * 1024 * 1024) });
    const res = await request(ctx.app)
      .post('/webhooks/meta')
      .set('content-type', 'application/json')
      .set('x-hub-signature-256', metaSignature(big))
      .send(big);
    expect(res.status).toBe(413);
    expect(res.body.error).toMatchObject({ code: 'payload_too_large' });
  });
});
