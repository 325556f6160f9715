/**
 * Working the inbox on real parts: PostgreSQL, Redis (BullMQ), the real adapters against the X and Graph
 * emulators, an SMTP sink. Filters and counts, search, keyset pages, assignment, bulk actions, read marks,
 * notes with mentions, saved replies, replies that go out once (through dropped connections, 5xx and a
 * re-run job), reply failures with the reason and a retry, the collision warning, escalations mailed to
 * the department, and round-robin among online community managers.
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { io as connectSocket } from 'socket.io-client';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCampaign, buildChannel, buildMember, buildPost, buildSegment, buildUser } from '../../prisma/seed/builders';
import { encryptCredentials } from '../../server/src/channels/credentials';
import { providerFor } from '../../server/src/channels/providers/registry';
import type { RunningWorker } from '../../server/src/jobs/queues';
import { autoAssign, nextInTurn } from '../../server/src/modules/inbox/auto-assign';
import { deliverReply, type ReplyContext } from '../../server/src/modules/inbox/deliver-reply';
import { onlineMemberIds } from '../../server/src/modules/inbox/online-members';
import { startInboxOutboundWorker } from '../../server/src/modules/inbox/outbound-worker';
import { checkReplyText, fillSavedReply } from '../../server/src/modules/inbox/rules/reply-rules';
import { REALTIME_PATH } from '../../server/src/realtime/events';
import { attachRealtime } from '../../server/src/realtime/server';
import { type GraphEmulator, startGraphEmulator } from '../emulators/graph';
import { startXEmulator, type XEmulator } from '../emulators/x';
import { signIn, TEST_PASSWORD, uniqueEmail, workspaceWithTeam } from '../support/factories';
import { buildConversation } from '../support/inbox-factory';
import { startSmtpSink } from '../support/smtp-sink';
import { startTestApp, type TestContext } from '../support/test-app';

const X_USER = '1500000000000000888';
const X_TOKEN = 'x-token-inbox';
const PAGE_ID = '900000000000777';
const PAGE_TOKEN = 'page-token-inbox';
const IG_USER = '17841400000000777';
const IG_TOKEN = 'ig-token-inbox';

let x: XEmulator;
let graph: GraphEmulator;
let sink: Awaited<ReturnType<typeof startSmtpSink>>;
let ctx: TestContext;
let outbound: { worker: RunningWorker; queue: import('bullmq').Queue };
let team: Awaited<ReturnType<typeof workspaceWithTeam>>;
type Client = Awaited<ReturnType<typeof signIn>>;
let cm: Client;
let cm2: Client;
let cm2Id: string;
let admin: Client;
let viewer: Client;
let ws: string;
let xChannel: string;
let fbChannel: string;
let igChannel: string;

beforeAll(async () => {
  x = await startXEmulator({
    users: [{ id: X_USER, username: 'sotong_inbox', name: '소통 인박스', accessTokens: [X_TOKEN] }],
    audience: { enabled: false },
  });
  graph = await startGraphEmulator({
    pages: [
      { id: PAGE_ID, name: '소통 커피', accessTokens: [PAGE_TOKEN], instagram: { id: IG_USER, username: 'sotong.coffee', accessTokens: [IG_TOKEN] } },
    ],
    audience: { enabled: false },
  });
  sink = await startSmtpSink();
  ctx = await startTestApp({ env: { X_API_URL: x.url, META_GRAPH_URL: graph.url, SMTP_URL: sink.url } });
  team = await workspaceWithTeam(ctx.deps.prisma);
  ws = `/api/workspaces/${team.workspace.id}/inbox`;
  const second = await buildUser(ctx.deps.prisma, { email: uniqueEmail('cm2'), name: '두 번째 매니저', password: TEST_PASSWORD });
  await buildMember(ctx.deps.prisma, team.workspace.id, second, ['community_manager']);
  cm2Id = second.id;
  cm = await signIn(ctx, team.members.community_manager.email);
  cm2 = await signIn(ctx, second.email);
  admin = await signIn(ctx, team.members.admin.email);
  viewer = await signIn(ctx, team.members.viewer.email);
  const keys = ctx.deps.config.encryptionKey;
  const xc = await buildChannel(ctx.deps.prisma, team.workspace.id, { provider: 'x', name: '소통 X', handle: 'sotong_inbox' });
  await ctx.deps.prisma.channelAccount.update({
    where: { id: xc.id },
    data: { remoteId: X_USER, ...encryptCredentials(keys, { accessToken: X_TOKEN }) },
  });
  xChannel = xc.id;
  const fb = await buildChannel(ctx.deps.prisma, team.workspace.id, { provider: 'facebook_page', name: '소통 커피', handle: 'sotongcoffee' });
  await ctx.deps.prisma.channelAccount.update({
    where: { id: fb.id },
    data: { remoteId: PAGE_ID, ...encryptCredentials(keys, { accessToken: PAGE_TOKEN }) },
  });
  fbChannel = fb.id;
  const ig = await buildChannel(ctx.deps.prisma, team.workspace.id, { provider: 'instagram', name: '소통 인스타', handle: 'sotong.coffee' });
  await ctx.deps.prisma.channelAccount.update({
    where: { id: ig.id },
    data: { remoteId: IG_USER, ...encryptCredentials(keys, { accessToken: IG_TOKEN }) },
  });
  igChannel = ig.id;
  outbound = await startInboxOutboundWorker(ctx.deps);
}, 60_000);

afterAll(async () => {
  await outbound?.worker.close();
  await outbound?.queue.close();
  await ctx?.close();
  await Promise.all([x?.close(), graph?.close(), sink?.close()]);
});

const workspaceId = () => team.workspace.id;

/** A tweet of ours on the X emulator and a customer's reply to it, as a conversation in the inbox. */
async function xConversation(text: string, extra: { customerName?: string } = {}) {
  const adapter = providerFor(ctx.deps.config, 'x');
  const post = await adapter.publish({ remoteId: X_USER, accessToken: X_TOKEN }, { text: `Our post ${randomUUID()}`, media: [], fingerprint: 'f' });
  const customer = x.control.addReply(post.remoteId, { text, authorId: '77001', username: 'minsu_k', name: extra.customerName ?? '김민수' });
  const conversation = await buildConversation(ctx.deps.prisma, {
    workspaceId: workspaceId(),
    channelAccountId: xChannel,
    kind: 'reply_chain',
    threadRemoteId: post.remoteId,
    customerName: extra.customerName ?? '김민수',
    customerHandle: 'minsu_k',
    messages: [{ text, remoteId: customer.id, parentRemoteId: post.remoteId }],
  });
  return { ...conversation, customerTweetId: customer.id, postId: post.remoteId };
}

const repliesTo = (tweetId: string) =>
  x.control
    .posts()
    .filter((p) => p.kind === 'reply' && (p.body.reply as { in_reply_to_tweet_id?: string } | undefined)?.in_reply_to_tweet_id === tweetId);

const messageOf = (id: string) =>
  ctx.deps.prisma.inboxMessage.findUniqueOrThrow({
    where: { id },
    select: { deliveryState: true, remoteId: true, failureReason: true, failureKind: true, attempts: true, claimedAt: true },
  });

const settled = (id: string, states = ['sent', 'failed']) =>
  expect
    .poll(async () => (await messageOf(id)).deliveryState, { timeout: 30_000, interval: 200 })
    .toSatisfy((s: string | null) => states.includes(s ?? ''));

function replyContext(): ReplyContext {
  return { deps: ctx.deps, queue: outbound.queue, providers: (name) => providerFor(ctx.deps.config, name), keys: [ctx.deps.config.encryptionKey] };
}

describe('conversation list, filters and counts', () => {
  let segmentId: string;
  let campaignId: string;
  let postId: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    const db = ctx.deps.prisma;
    const w = workspaceId();
    segmentId = (await buildSegment(db, w, { name: '서울 20대', color: '#3B82F6' })).id;
    campaignId = (await buildCampaign(db, w, { name: '겨울 신메뉴', color: '#EF4444' })).id;
    const post = await buildPost(db, w, team.members.planner, {
      title: '딸기 라떼 출시',
      campaignId,
      variants: [{ channelAccountId: fbChannel, text: '딸기 라떼가 나왔어요', segmentId }],
    });
    postId = post.id;
    const variantId = post.variantIds[0] as string;
    const cmId = team.members.community_manager.id;
    const past = new Date(Date.now() - 3_600_000);
    ids.complaint = (
      await buildConversation(db, {
        workspaceId: w,
        channelAccountId: fbChannel,
        variantId,
        postId,
        segmentId,
        campaignId,
        category: 'complaint',
        sentiment: 'negative',
        customerName: '이지은',
        responseDueAt: past,
        tags: ['배송'],
        messages: [{ text: '주문한 원두가 아직도 배송이 안 됐어요. 환불해 주세요' }],
      })
    ).id;
    ids.question = (
      await buildConversation(db, {
        workspaceId: w,
        channelAccountId: fbChannel,
        variantId,
        postId,
        segmentId,
        campaignId,
        category: 'question',
        customerName: 'Jamie Park',
        customerHandle: 'jamiep',
        assigneeId: cmId,
        messages: [{ text: 'Is the strawberry latte available in Busan stores?' }],
      })
    ).id;
    ids.praise = (
      await buildConversation(db, {
        workspaceId: w,
        channelAccountId: xChannel,
        kind: 'mention',
        category: 'praise',
        sentiment: 'positive',
        customerName: '박서연',
        messages: [{ text: '라떼 정말 맛있어요! 최고' }],
      })
    ).id;
    ids.closed = (
      await buildConversation(db, {
        workspaceId: w,
        channelAccountId: xChannel,
        status: 'closed',
        category: 'question',
        customerName: '최도윤',
        messages: [{ text: '영업시간이 어떻게 되나요?' }],
      })
    ).id;
  });

  const list = async (client: Client, query: string) => {
    const res = await client.get(`${ws}/conversations?${query}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return (res.body.conversations as Array<{ id: string }>).map((c) => c.id);
  };
  const mine = (found: string[]) => found.filter((id) => Object.values(ids).includes(id));

  it('filters by status, channel, category, sentiment, assignee, mine, unassigned, overdue, post, segment, campaign and tag', async () => {
    expect(mine(await list(viewer, 'status=open'))).toEqual(expect.arrayContaining([ids.complaint, ids.question, ids.praise]));
    expect(mine(await list(viewer, 'status=open'))).not.toContain(ids.closed);
    expect(mine(await list(viewer, 'status=closed'))).toEqual([ids.closed]);
    expect(mine(await list(viewer, `status=all&channelId=${xChannel}`)).sort()).toEqual([ids.praise, ids.closed].sort());
    expect(mine(await list(viewer, 'category=complaint'))).toEqual([ids.complaint]);
    expect(mine(await list(viewer, 'sentiment=positive'))).toEqual([ids.praise]);
    expect(mine(await list(viewer, `assigneeId=${team.members.community_manager.id}`))).toEqual([ids.question]);
    expect(mine(await list(cm, 'mine=true'))).toEqual([ids.question]);
    expect(mine(await list(viewer, 'unassigned=true'))).not.toContain(ids.question);
    expect(mine(await list(viewer, 'overdue=true'))).toEqual([ids.complaint]);
    expect(mine(await list(viewer, `postId=${postId}`)).sort()).toEqual([ids.complaint, ids.question].sort());
    expect(mine(await list(viewer, `segmentId=${segmentId}&category=question`))).toEqual([ids.question]);
    expect(mine(await list(viewer, `campaignId=${campaignId}`)).length).toBe(2);
    expect(mine(await list(viewer, `tag=${encodeURIComponent('배송')}`))).toEqual([ids.complaint]);
  });

  it('searches message words (Korean word beginnings too) and customer names', async () => {
    expect(mine(await list(viewer, `q=${encodeURIComponent('배송')}`))).toEqual([ids.complaint]);
    expect(mine(await list(viewer, `q=${encodeURIComponent('환불')}`))).toEqual([ids.complaint]);
    expect(mine(await list(viewer, 'q=strawberry%20busan'))).toEqual([ids.question]);
    expect(mine(await list(viewer, `q=${encodeURIComponent('박서')}`))).toEqual([ids.praise]);
    expect(mine(await list(viewer, 'q=%40jamie'))).toEqual([ids.question]);
    expect(mine(await list(viewer, 'q=nothing-like-this'))).toEqual([]);
  });

  it('answers the counts of every facet in one request, each without its own filter', async () => {
    const res = await viewer.get(`${ws}/counts?category=complaint&campaignId=${campaignId}`);
    expect(res.status).toBe(200);
    // Within the campaign: categories ignore the category filter; the rest apply it.
    expect(res.body.categories).toMatchObject({ complaint: 1, question: 1, praise: 0 });
    expect(res.body.status).toMatchObject({ open: 1, closed: 0 });
    expect(res.body.views).toMatchObject({ all: 1, overdue: 1, unassigned: 1, mine: 0 });
    expect(res.body.sentiments).toMatchObject({ negative: 1, neutral: 0 });
    expect(res.body.channels).toEqual([{ key: fbChannel, count: 1 }]);
    const mineCounts = await cm.get(`${ws}/counts?campaignId=${campaignId}`);
    expect(mineCounts.body.views).toMatchObject({ all: 2, mine: 1, unassigned: 1 });
    expect(mineCounts.body.assignees).toEqual(
      expect.arrayContaining([
        { key: team.members.community_manager.id, count: 1 },
        { key: 'none', count: 1 },
      ]),
    );
  });

  it('pages with a keyset cursor, newest activity first, without repeats', async () => {
    const w = workspaceId();
    const made: string[] = [];
    for (let i = 0; i < 7; i++) {
      const c = await buildConversation(ctx.deps.prisma, {
        workspaceId: w,
        channelAccountId: xChannel,
        customerName: `페이지 ${i}`,
        tags: ['paging'],
        messages: [{ text: `페이지 테스트 ${i}`, sentAt: new Date(Date.UTC(2026, 0, 1, 0, 0, i)) }],
      });
      made.push(c.id);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 10; page++) {
      const res = await viewer.get(`${ws}/conversations?tag=paging&limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      seen.push(...(res.body.conversations as Array<{ id: string }>).map((c) => c.id));
      cursor = res.body.nextCursor;
      if (!cursor) break;
    }
    expect(seen).toEqual([...made].reverse());
    const bad = await viewer.get(`${ws}/conversations?cursor=not-a-cursor`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].field).toBe('query.cursor');
  });

  it('shows the thread with the post variant it answers', async () => {
    const res = await viewer.get(`${ws}/conversations/${ids.complaint}`);
    expect(res.status).toBe(200);
    expect(res.body.conversation).toMatchObject({ id: ids.complaint, overdue: true, category: 'complaint', channel: { provider: 'facebook_page' } });
    expect(res.body.post).toMatchObject({
      title: '딸기 라떼 출시',
      text: '딸기 라떼가 나왔어요',
      segment: { name: '서울 20대' },
      campaign: { name: '겨울 신메뉴' },
    });
    expect(res.body.messages).toHaveLength(1);
    expect(res.body.messages[0]).toMatchObject({ direction: 'inbound', authorName: '이지은' });
  });

  it('keeps unread counts per person and clears them with read marks', async () => {
    const before = (await cm2.get(`${ws}/unread`)).body.unread as number;
    expect(before).toBeGreaterThanOrEqual(3);
    const read = await cm2.post(`${ws}/conversations/${ids.complaint}/read`);
    expect(read.status).toBe(200);
    expect(read.body.unread).toBe(before - 1);
    expect((await cm2.get(`${ws}/conversations?unread=true&category=complaint`)).body.conversations).toEqual([]);
    // Someone else's read marks are their own.
    expect((await cm.get(`${ws}/unread`)).body.unread).toBeGreaterThanOrEqual(before);
    const all = await cm2.post(`${ws}/read`, { all: true });
    expect(all.body.unread).toBe(0);
  });

  it('records a manual category/sentiment override with who and when, and changes status, priority and tags', async () => {
    const res = await cm.patch(`${ws}/conversations/${ids.praise}`, { category: 'question', sentiment: 'neutral', priority: 'high', tags: ['VIP'] });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ category: 'question', sentiment: 'neutral', priority: 'high', tags: ['VIP'], classificationOverridden: true });
    const row = await ctx.deps.prisma.conversation.findUniqueOrThrow({ where: { id: ids.praise }, select: { classificationOverride: true } });
    expect(row.classificationOverride).toMatchObject({ category: 'question', sentiment: 'neutral', by: { id: team.members.community_manager.id } });
    const closed = await cm.patch(`${ws}/conversations/${ids.praise}`, { status: 'closed' });
    expect(closed.body.status).toBe('closed');
    const resolved = await ctx.deps.prisma.conversation.findUniqueOrThrow({ where: { id: ids.praise }, select: { resolvedAt: true } });
    expect(resolved.resolvedAt).not.toBeNull();
    await cm.patch(`${ws}/conversations/${ids.praise}`, { status: 'open' });
  });

  it('lets everyone read but only community managers and admins change things', async () => {
    expect((await viewer.patch(`${ws}/conversations/${ids.praise}`, { status: 'closed' })).status).toBe(403);
    const planner = await signIn(ctx, team.members.planner.email);
    expect((await planner.get(`${ws}/conversations/${ids.praise}`)).status).toBe(200);
    expect((await planner.post(`${ws}/conversations/${ids.praise}/notes`, { body: 'x' })).status).toBe(403);
  });
});

describe('assignment and bulk actions', () => {
  it('assigns to a community manager (who is told) and refuses people who do not work the inbox', async () => {
    const c = await buildConversation(ctx.deps.prisma, {
      workspaceId: workspaceId(),
      channelAccountId: xChannel,
      customerName: '한지민',
      messages: [{ text: '안녕하세요' }],
    });
    const res = await cm.patch(`${ws}/conversations/${c.id}`, { assigneeId: cm2Id });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.assignee).toEqual({ id: cm2Id, name: '두 번째 매니저' });
    const notes = await ctx.deps.prisma.notification.findMany({ where: { userId: cm2Id, kind: 'conversation_assigned' }, select: { data: true } });
    expect(notes.map((n) => (n.data as { conversationId: string }).conversationId)).toContain(c.id);
    const refused = await cm.patch(`${ws}/conversations/${c.id}`, { assigneeId: team.members.planner.id });
    expect(refused.status).toBe(422);
    expect(refused.body.error.details[0].code).toBe('not_an_inbox_member');
  });

  it('assigns, closes and tags many at once; another workspace’s ids are skipped', async () => {
    const made = [];
    for (let i = 0; i < 3; i++) {
      made.push(
        (
          await buildConversation(ctx.deps.prisma, {
            workspaceId: workspaceId(),
            channelAccountId: fbChannel,
            customerName: `묶음 ${i}`,
            messages: [{ text: `묶음 ${i}` }],
          })
        ).id,
      );
    }
    const other = await workspaceWithTeam(ctx.deps.prisma, 'Other brand');
    const foreignChannel = await buildChannel(ctx.deps.prisma, other.workspace.id, { provider: 'x', name: 'Other X', handle: 'other' });
    const foreign = await buildConversation(ctx.deps.prisma, {
      workspaceId: other.workspace.id,
      channelAccountId: foreignChannel.id,
      customerName: 'Stranger',
      messages: [{ text: 'hi' }],
    });
    const assign = await cm.post(`${ws}/conversations/bulk`, {
      ids: [...made, foreign.id],
      action: { type: 'assign', assigneeId: team.members.community_manager.id },
    });
    expect(assign.status, JSON.stringify(assign.body)).toBe(200);
    expect(assign.body).toEqual({ updated: 3, skipped: 1 });
    const tag = await cm.post(`${ws}/conversations/bulk`, { ids: made, action: { type: 'tag', add: ['bulk', '이벤트'] } });
    expect(tag.body.updated).toBe(3);
    const close = await cm.post(`${ws}/conversations/bulk`, { ids: made, action: { type: 'status', status: 'closed' } });
    expect(close.body.updated).toBe(3);
    const rows = await ctx.deps.prisma.conversation.findMany({ where: { id: { in: made } }, select: { status: true, tags: true, assigneeId: true } });
    expect(rows.every((r) => r.status === 'closed' && r.tags.includes('이벤트') && r.assigneeId === team.members.community_manager.id)).toBe(true);
    expect((await ctx.deps.prisma.conversation.findUniqueOrThrow({ where: { id: foreign.id } })).assigneeId).toBeNull();
    const untag = await cm.post(`${ws}/conversations/bulk`, { ids: made, action: { type: 'tag', remove: ['bulk'] } });
    expect(untag.body.updated).toBe(3);
  });

  it('round-robins new conversations among the community managers who are online', async () => {
    expect(nextInTurn([{ id: 'a' }, { id: 'b' }, { id: 'c' }], 'b')?.id).toBe('c');
    expect(nextInTurn([{ id: 'a' }, { id: 'b' }], 'c')?.id).toBe('a');
    const db = ctx.deps.prisma;
    await db.inboxSettings.upsert({
      where: { workspaceId: workspaceId() },
      create: { workspaceId: workspaceId(), autoAssign: true },
      update: { autoAssign: true },
    });
    const made: string[] = [];
    for (let i = 0; i < 4; i++) {
      made.push(
        (
          await buildConversation(db, {
            workspaceId: workspaceId(),
            channelAccountId: xChannel,
            customerName: `순번 ${i}`,
            messages: [{ text: `순번 ${i}` }],
          })
        ).id,
      );
    }
    const cmId = team.members.community_manager.id;
    // Nobody online: nobody is assigned.
    expect(await autoAssign(ctx.deps, workspaceId(), made.slice(0, 1), new Set())).toEqual({ assigned: 0 });
    // Only online community managers take turns (the admin is online too, but is not in the pool).
    expect(await autoAssign(ctx.deps, workspaceId(), made, new Set([cmId, cm2Id, team.members.admin.id]))).toEqual({ assigned: 4 });
    const rows = await db.conversation.findMany({ where: { id: { in: made } }, select: { id: true, assigneeId: true } });
    const byId = new Map(rows.map((r) => [r.id, r.assigneeId]));
    const turns = made.map((id) => byId.get(id));
    expect(new Set(turns)).toEqual(new Set([cmId, cm2Id]));
    expect(turns[0]).not.toBe(turns[1]);
    expect(turns[0]).toBe(turns[2]);
    // Already assigned: left alone.
    expect(await autoAssign(ctx.deps, workspaceId(), made, new Set([cmId]))).toEqual({ assigned: 0 });
    // Without the setting nothing happens.
    await db.inboxSettings.update({ where: { workspaceId: workspaceId() }, data: { autoAssign: false } });
    const later = await buildConversation(db, {
      workspaceId: workspaceId(),
      channelAccountId: xChannel,
      customerName: '나중',
      messages: [{ text: '나중' }],
    });
    expect(await autoAssign(ctx.deps, workspaceId(), [later.id], new Set([cmId]))).toEqual({ assigned: 0 });
  });

  it('knows who is online from the real-time connections of every API process (asked from outside them)', async () => {
    const server = http.createServer(ctx.app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const realtime = attachRealtime(ctx.deps, server);
    const login = await request(ctx.app).post('/api/auth/login').send({ email: team.members.community_manager.email, password: TEST_PASSWORD });
    const cookie =
      ([] as string[])
        .concat(login.headers['set-cookie'] ?? [])
        .find((c) => c.startsWith('sotong_session='))
        ?.split(';')[0] ?? '';
    const socket = connectSocket(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, {
      path: REALTIME_PATH,
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      extraHeaders: { cookie },
    });
    try {
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', () => resolve());
        socket.once('connect_error', reject);
      });
      const online = await onlineMemberIds(ctx.deps, workspaceId());
      expect([...online]).toEqual([team.members.community_manager.id]);
      const db = ctx.deps.prisma;
      await db.inboxSettings.update({ where: { workspaceId: workspaceId() }, data: { autoAssign: true } });
      const fresh = await buildConversation(db, {
        workspaceId: workspaceId(),
        channelAccountId: xChannel,
        customerName: '온라인',
        messages: [{ text: '안녕' }],
      });
      expect(await autoAssign(ctx.deps, workspaceId(), [fresh.id])).toEqual({ assigned: 1 });
      expect((await db.conversation.findUniqueOrThrow({ where: { id: fresh.id } })).assigneeId).toBe(team.members.community_manager.id);
      await db.inboxSettings.update({ where: { workspaceId: workspaceId() }, data: { autoAssign: false } });
    } finally {
      socket.disconnect();
      await realtime.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

describe('replies through the networks', () => {
  it('checks a reply like the composer (X counts Korean double) and fills saved-reply variables', async () => {
    expect(checkReplyText('x', '가'.repeat(141)).map((p) => p.code)).toEqual(['text_too_long']);
    expect(checkReplyText('x', '가'.repeat(140))).toEqual([]);
    expect(checkReplyText('facebook_page', '   ').map((p) => p.code)).toEqual(['text_empty']);
    expect(fillSavedReply('{{name}}님, {{agent}}입니다. {{handle}} {{unknown}}', { name: '김민수', handle: 'minsu_k', agent: '최유나' })).toBe(
      '김민수님, 최유나입니다. @minsu_k {{unknown}}',
    );
    const c = await xConversation('너무 늦어요');
    const tooLong = await cm.post(`${ws}/conversations/${c.id}/replies`, { text: '가'.repeat(141), idempotencyKey: randomUUID() });
    expect(tooLong.status).toBe(422);
    expect(tooLong.body.error.details[0]).toMatchObject({ code: 'text_too_long', field: 'text', params: { provider: 'x', max: 280 } });
  });

  it('replies on X to the customer’s post, once, and records the first response', async () => {
    const c = await xConversation('배송이 언제 오나요?');
    const key = randomUUID();
    const res = await cm.post(`${ws}/conversations/${c.id}/replies`, {
      text: '확인해 보고 바로 알려 드릴게요!',
      idempotencyKey: key,
      seenUpTo: c.messages[0]?.id,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ direction: 'outbound', deliveryState: 'sending', sentBy: { id: team.members.community_manager.id } });
    await settled(res.body.id);
    const sent = await messageOf(res.body.id);
    expect(sent.deliveryState).toBe('sent');
    const onX = repliesTo(c.customerTweetId);
    expect(onX).toHaveLength(1);
    expect(onX[0]?.remoteId).toBe(sent.remoteId);
    // The same key again: the same reply, nothing more sent.
    const again = await cm.post(`${ws}/conversations/${c.id}/replies`, { text: '확인해 보고 바로 알려 드릴게요!', idempotencyKey: key });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(res.body.id);
    // A job run again after it was sent does nothing.
    expect(await deliverReply(replyContext(), { messageId: res.body.id })).toMatchObject({ outcome: 'skipped' });
    expect(repliesTo(c.customerTweetId)).toHaveLength(1);
    const conversation = await ctx.deps.prisma.conversation.findUniqueOrThrow({ where: { id: c.id }, select: { firstResponseAt: true } });
    expect(conversation.firstResponseAt).not.toBeNull();
  });

  it('a dropped connection after X made the reply is found on X and adopted, not sent twice', async () => {
    const c = await xConversation('쿠폰이 안 들어왔어요');
    x.control.addFault({ kind: 'commit_then_drop', count: 1, endpoint: 'POST /2/tweets' });
    const res = await cm.post(`${ws}/conversations/${c.id}/replies`, { text: '쿠폰을 다시 보내 드렸어요.', idempotencyKey: randomUUID() });
    expect(res.status).toBe(201);
    await settled(res.body.id);
    const m = await messageOf(res.body.id);
    expect(m).toMatchObject({ deliveryState: 'sent', attempts: 1 });
    expect(repliesTo(c.customerTweetId)).toHaveLength(1);
    expect(repliesTo(c.customerTweetId)[0]?.remoteId).toBe(m.remoteId);
  });

  it('a 5xx that did not take effect is looked for, not found, and sent once', async () => {
    const c = await xConversation('매장 위치가 어디예요?');
    x.control.addFault({ kind: 'server_error', count: 1, status: 503, endpoint: 'POST /2/tweets' });
    const res = await cm.post(`${ws}/conversations/${c.id}/replies`, { text: '강남역 2번 출구 앞이에요.', idempotencyKey: randomUUID() });
    await settled(res.body.id);
    expect(await messageOf(res.body.id)).toMatchObject({ deliveryState: 'sent', attempts: 2 });
    expect(repliesTo(c.customerTweetId)).toHaveLength(1);
  });

  it('a worker that died after sending leaves a claim: the next run asks X first and never replies twice', async () => {
    const c = await xConversation('주문 번호 확인 부탁해요');
    // The reply is written, the job's worker claims it and makes the call, then dies before recording anything.
    const key = randomUUID();
    const text = '주문 번호를 DM으로 보내 주세요.';
    const row = await ctx.deps.prisma.inboxMessage.create({
      data: {
        workspaceId: workspaceId(),
        conversationId: c.id,
        channelAccountId: xChannel,
        direction: 'outbound',
        parentRemoteId: c.customerTweetId,
        text,
        sentAt: new Date(),
        deliveryState: 'sending',
        idempotencyKey: key,
        attempts: 1,
        claimedAt: new Date(Date.now() - 60_000),
        sentById: team.members.community_manager.id,
      },
      select: { id: true },
    });
    await providerFor(ctx.deps.config, 'x').reply({ remoteId: X_USER, accessToken: X_TOKEN }, { toRemoteId: c.customerTweetId, text });
    // Two runs at once (the retried job and the reconciler's): one resolves, the other sees the claim.
    const [a, b] = await Promise.all([deliverReply(replyContext(), { messageId: row.id }), deliverReply(replyContext(), { messageId: row.id })]);
    expect([a.outcome, b.outcome]).toContain('adopted');
    expect(await messageOf(row.id)).toMatchObject({ deliveryState: 'sent' });
    expect(repliesTo(c.customerTweetId)).toHaveLength(1);
  });

  it('a rejected reply fails with the network’s reason, and a retry sends it', async () => {
    const c = await xConversation('답글 테스트');
    // The customer's post is gone on X: X refuses the reply.
    const gone = '1999999999999999999';
    await ctx.deps.prisma.inboxMessage.updateMany({ where: { conversationId: c.id }, data: { remoteId: gone } });
    const res = await cm.post(`${ws}/conversations/${c.id}/replies`, { text: '확인했습니다.', idempotencyKey: randomUUID() });
    await settled(res.body.id);
    const failed = await messageOf(res.body.id);
    expect(failed).toMatchObject({ deliveryState: 'failed', failureKind: 'rejected' });
    expect(failed.failureReason).toMatch(/deleted or not visible/);
    const thread = await cm.get(`${ws}/conversations/${c.id}`);
    expect(thread.body.messages.at(-1)).toMatchObject({ deliveryState: 'failed', failureKind: 'rejected' });
    expect((await cm.post(`${ws}/messages/${res.body.id}/retry`)).status).toBe(202);
    // Still gone: fails again. Point the reply at the real post and retry.
    await settled(res.body.id, ['failed']);
    await ctx.deps.prisma.inboxMessage.update({ where: { id: res.body.id }, data: { parentRemoteId: c.customerTweetId } });
    expect((await cm.post(`${ws}/messages/${res.body.id}/retry`)).status).toBe(202);
    await expect.poll(async () => (await messageOf(res.body.id)).deliveryState, { timeout: 30_000, interval: 200 }).toBe('sent');
    expect(repliesTo(c.customerTweetId)).toHaveLength(1);
    const notFailed = await cm.post(`${ws}/messages/${res.body.id}/retry`);
    expect(notFailed.status).toBe(409);
  });

  it('replies to a Facebook comment under its top-level comment, once through a dropped connection', async () => {
    const page = providerFor(ctx.deps.config, 'facebook_page');
    const post = await page.publish({ remoteId: PAGE_ID, accessToken: PAGE_TOKEN }, { text: '겨울 신메뉴 출시!', media: [], fingerprint: 'f' });
    const top = graph.control.addComment(post.remoteId, { message: '가격이 얼마예요?', from: { id: '5501', name: '정하늘' } });
    const nested = graph.control.addComment(top, { message: '저도 궁금해요', from: { id: '5502', name: '윤가을' } });
    const c = await buildConversation(ctx.deps.prisma, {
      workspaceId: workspaceId(),
      channelAccountId: fbChannel,
      threadRemoteId: post.remoteId,
      customerName: '정하늘',
      messages: [
        { text: '가격이 얼마예요?', remoteId: top, parentRemoteId: post.remoteId },
        { text: '저도 궁금해요', remoteId: nested, parentRemoteId: top, authorName: '윤가을' },
      ],
    });
    // The Graph API makes the reply but the connection drops: it is found under the comment, not sent again.
    graph.control.addFault({ kind: 'commit_then_drop', count: 1, endpoint: 'POST /{comment}/comments' });
    const res = await cm.post(`${ws}/conversations/${c.id}/replies`, { text: '5,800원이에요!', idempotencyKey: randomUUID() });
    await settled(res.body.id);
    const sent = await messageOf(res.body.id);
    expect(sent.deliveryState).toBe('sent');
    const replies = graph.control.posts().filter((p) => p.kind === 'reply' && p.text === '5,800원이에요!');
    expect(replies).toHaveLength(1);
    expect(replies[0]?.endpoint).toBe('POST /{comment}/comments');
    expect(graph.state.nodes.get(sent.remoteId ?? '')?.parent?.id).toBe(top);
  });

  it('replies to an Instagram comment, and a dropped connection after Instagram made it is found, not sent twice', async () => {
    const insta = providerFor(ctx.deps.config, 'instagram');
    const media = await insta.publish(
      { remoteId: IG_USER, accessToken: IG_TOKEN },
      {
        text: '신메뉴 사진',
        media: [{ kind: 'image', mimeType: 'image/jpeg', url: 'https://cdn.test/latte.jpg', read: async () => Buffer.alloc(0) }],
        fingerprint: 'f',
      },
    );
    const comment = graph.control.addComment(media.remoteId, {
      message: '이거 언제까지 팔아요?',
      from: { id: '8801', name: 'yuna', username: 'yuna.k' },
    });
    const c = await buildConversation(ctx.deps.prisma, {
      workspaceId: workspaceId(),
      channelAccountId: igChannel,
      threadRemoteId: media.remoteId,
      customerName: 'yuna.k',
      customerHandle: 'yuna.k',
      messages: [{ text: '이거 언제까지 팔아요?', remoteId: comment, parentRemoteId: media.remoteId }],
    });
    graph.control.addFault({ kind: 'commit_then_drop', count: 1, endpoint: 'POST /{comment}/replies' });
    const res = await cm.post(`${ws}/conversations/${c.id}/replies`, { text: '이번 달 말까지예요!', idempotencyKey: randomUUID() });
    expect(res.status).toBe(201);
    await settled(res.body.id);
    const sent = await messageOf(res.body.id);
    expect(sent).toMatchObject({ deliveryState: 'sent', attempts: 1 });
    const replies = graph.control.posts().filter((p) => p.kind === 'reply' && p.text === '이번 달 말까지예요!');
    expect(replies).toHaveLength(1);
    expect(replies[0]?.endpoint).toBe('POST /{comment}/replies');
    expect(replies[0]?.remoteId).toBe(sent.remoteId);
  });

  it('warns with 409 when someone replied after the message I last saw, and sends when I insist', async () => {
    const c = await xConversation('환불은 어떻게 하나요?');
    const seen = c.messages[0]?.id;
    const first = await cm.post(`${ws}/conversations/${c.id}/replies`, {
      text: '고객센터로 연락 주세요.',
      idempotencyKey: randomUUID(),
      seenUpTo: seen,
    });
    expect(first.status).toBe(201);
    const second = await cm2.post(`${ws}/conversations/${c.id}/replies`, {
      text: '환불 도와드릴게요.',
      idempotencyKey: randomUUID(),
      seenUpTo: seen,
    });
    expect(second.status).toBe(409);
    expect(second.body.error.code).toBe('reply_collision');
    expect(second.body.error.details.replies).toEqual([
      expect.objectContaining({
        id: first.body.id,
        text: '고객센터로 연락 주세요.',
        by: { id: team.members.community_manager.id, name: 'community_manager' },
      }),
    ]);
    // Having seen the other reply, no warning.
    const informed = await cm2.post(`${ws}/conversations/${c.id}/replies`, {
      text: '환불 도와드릴게요!',
      idempotencyKey: randomUUID(),
      seenUpTo: first.body.id,
    });
    expect(informed.status).toBe(201);
    const forced = await cm.post(`${ws}/conversations/${c.id}/replies`, {
      text: '추가 안내드려요.',
      idempotencyKey: randomUUID(),
      seenUpTo: seen,
      force: true,
    });
    expect(forced.status).toBe(201);
    for (const id of [first.body.id, informed.body.id, forced.body.id]) await settled(id);
    expect(repliesTo(c.customerTweetId)).toHaveLength(3);
  });
});

describe('notes, saved replies, departments and escalations', () => {
  it('adds internal notes; mentioned members are notified, strangers refused', async () => {
    const c = await buildConversation(ctx.deps.prisma, {
      workspaceId: workspaceId(),
      channelAccountId: fbChannel,
      customerName: '메모 고객',
      messages: [{ text: '문의' }],
    });
    const res = await cm.post(`${ws}/conversations/${c.id}/notes`, { body: '@두 번째 매니저 확인 부탁해요', mentions: [cm2Id] });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ body: '@두 번째 매니저 확인 부탁해요', mentions: [{ id: cm2Id, name: '두 번째 매니저' }] });
    const notified = await ctx.deps.prisma.notification.findMany({ where: { userId: cm2Id, kind: 'inbox_mentioned' }, select: { data: true } });
    expect(notified.map((n) => n.data)).toEqual([expect.objectContaining({ conversationId: c.id, by: 'community_manager', title: '메모 고객' })]);
    const stranger = await cm.post(`${ws}/conversations/${c.id}/notes`, { body: 'x', mentions: [randomUUID()] });
    expect(stranger.status).toBe(422);
    const thread = await viewer.get(`${ws}/conversations/${c.id}`);
    expect(thread.body.notes).toHaveLength(1);
  });

  it('keeps saved replies in Korean and English (community managers and admins edit them)', async () => {
    const created = await cm.post(`${ws}/saved-replies`, {
      title: '배송 지연 사과',
      body: '{{name}}님, 불편을 드려 죄송합니다. {{agent}} 드림',
      locale: 'ko',
    });
    expect(created.status).toBe(201);
    const en = await admin.post(`${ws}/saved-replies`, { title: 'Delay apology', body: 'Sorry, {{name}}!', locale: 'en' });
    expect(en.status).toBe(201);
    expect((await viewer.post(`${ws}/saved-replies`, { title: 'x', body: 'y', locale: 'ko' })).status).toBe(403);
    const changed = await cm.patch(`${ws}/saved-replies/${created.body.id}`, { title: '배송 지연' });
    expect(changed.body.title).toBe('배송 지연');
    const list = await viewer.get(`${ws}/saved-replies`);
    expect(list.body.savedReplies.map((r: { locale: string }) => r.locale).sort()).toEqual(['en', 'ko']);
    expect((await cm.delete(`${ws}/saved-replies/${en.body.id}`)).status).toBe(204);
    expect((await viewer.get(`${ws}/saved-replies`)).body.savedReplies).toHaveLength(1);
  });

  it('escalates to a department, which gets an e-mail with the message and a link; resolves with a note and tells the customer', async () => {
    expect((await cm.post(`${ws}/departments`, { name: '물류팀', email: 'logistics@brand.test' })).status).toBe(403);
    const dept = await admin.post(`${ws}/departments`, { name: '물류팀', email: 'logistics@brand.test' });
    expect(dept.status, JSON.stringify(dept.body)).toBe(201);
    expect((await admin.post(`${ws}/departments`, { name: '물류팀', email: 'other@brand.test' })).status).toBe(409);
    const c = await xConversation('택배가 파손되어 왔어요. 교환해 주세요.', { customerName: '오세훈' });
    const esc = await cm.post(`${ws}/conversations/${c.id}/escalations`, {
      departmentId: dept.body.id,
      note: '사진 확인 후 교환 처리 부탁드립니다.',
    });
    expect(esc.status, JSON.stringify(esc.body)).toBe(201);
    expect(esc.body).toMatchObject({ status: 'open', department: { name: '물류팀' } });
    await expect.poll(() => sink.received.filter((m) => m.to.includes('logistics@brand.test')).length, { timeout: 20_000, interval: 200 }).toBe(1);
    const mail = sink.received.find((m) => m.to.includes('logistics@brand.test'));
    expect(mail?.subject).toContain('오세훈');
    expect(mail?.text).toContain('택배가 파손되어 왔어요');
    expect(mail?.text).toContain('사진 확인 후 교환 처리 부탁드립니다.');
    expect(mail?.text).toContain(`/w/${workspaceId()}/inbox?c=${c.id}`);
    expect((await ctx.deps.prisma.escalation.findUniqueOrThrow({ where: { id: esc.body.id } })).emailedAt).not.toBeNull();
    const admins = await ctx.deps.prisma.notification.count({ where: { userId: team.members.admin.id, kind: 'escalation_created' } });
    expect(admins).toBe(1);

    // Telling the customer before it is resolved is refused.
    const early = await cm.post(`${ws}/conversations/${c.id}/replies`, {
      text: '처리됐어요',
      idempotencyKey: randomUUID(),
      escalationId: esc.body.id,
    });
    expect(early.status).toBe(409);
    expect((await cm.patch(`${ws}/escalations/${esc.body.id}`, { status: 'in_progress' })).body.status).toBe('in_progress');
    const noNote = await cm.patch(`${ws}/escalations/${esc.body.id}`, { status: 'resolved' });
    expect(noNote.status).toBe(400);
    const resolved = await cm.patch(`${ws}/escalations/${esc.body.id}`, { status: 'resolved', resolutionNote: '새 상품으로 교환 발송했습니다.' });
    expect(resolved.body).toMatchObject({ status: 'resolved', resolutionNote: '새 상품으로 교환 발송했습니다.' });
    expect((await cm.patch(`${ws}/escalations/${esc.body.id}`, { status: 'open' })).status).toBe(409);
    const told = await cm.post(`${ws}/conversations/${c.id}/replies`, {
      text: '새 상품으로 교환 발송해 드렸어요. 불편을 드려 죄송합니다.',
      idempotencyKey: randomUUID(),
      escalationId: esc.body.id,
      force: true,
    });
    expect(told.status).toBe(201);
    const thread = await cm.get(`${ws}/conversations/${c.id}`);
    expect(thread.body.escalations[0]).toMatchObject({ status: 'resolved', department: { name: '물류팀' } });
    expect(thread.body.escalations[0].customerToldAt).not.toBeNull();
    expect(thread.body.conversation.openEscalations).toBe(0);
    await settled(told.body.id);
    const archived = await admin.patch(`${ws}/departments/${dept.body.id}`, { archived: true });
    expect(archived.body.archivedAt).not.toBeNull();
    expect((await viewer.get(`${ws}/departments`)).body.departments).toEqual([]);
    expect((await cm.post(`${ws}/conversations/${c.id}/escalations`, { departmentId: dept.body.id, note: 'x' })).status).toBe(422);
  });
});
