/**
 * Real-time across API processes: two app instances (each its own HTTP server, socket.io server and
 * Redis connections) share one Redis; a third instance with no socket server publishes, and sockets on
 * both instances receive it. Sign-in by session cookie; presence for collision detection.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import { io as connect, type Socket } from 'socket.io-client';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildChannel, buildMember, buildUser, buildWorkspace } from '../../prisma/seed/builders';
import { createApp } from '../../server/src/app';
import type { Deps } from '../../server/src/deps';
import { ingest } from '../../server/src/modules/inbox-ingest/ingest-messages';
import type { ClientToServerEvents, PresenceEvent, ServerToClientEvents } from '../../server/src/realtime/events';
import { REALTIME_PATH } from '../../server/src/realtime/events';
import { publishRealtime } from '../../server/src/realtime/publish';
import { attachRealtime, type Realtime } from '../../server/src/realtime/server';
import { TEST_PASSWORD, uniqueEmail } from '../support/factories';
import { startTestApp, type TestContext } from '../support/test-app';

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
const X_ACCOUNT = '1500000000000000931';

interface Instance {
  deps: Deps;
  url: string;
  realtime: Realtime;
  server: http.Server;
}

let ctx: TestContext;
const instances: Instance[] = [];
const sockets: ClientSocket[] = [];
let publisher: Deps;
let workspaceId: string;
let otherWorkspaceId: string;
let conversationId: string;
const cookies: Record<'anna' | 'ben' | 'outsider', string> = { anna: '', ben: '', outsider: '' };

async function startInstance(): Promise<Instance> {
  const deps: Deps = { ...ctx.deps, redis: new Redis(ctx.deps.redis.options) };
  const server = http.createServer(createApp(deps, { clientDir: '/nonexistent' }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const realtime = attachRealtime(deps, server);
  return { deps, server, realtime, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

async function sessionCookie(email: string): Promise<string> {
  const res = await request(ctx.app).post('/api/auth/login').send({ email, password: TEST_PASSWORD });
  expect(res.status).toBe(200);
  const setCookie = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
  const session = setCookie.find((c) => c.startsWith('sotong_session='));
  if (!session) throw new Error('no session cookie');
  return session.split(';')[0] as string;
}

function open(instance: Instance, cookie: string | null): ClientSocket {
  const socket: ClientSocket = connect(instance.url, {
    path: REALTIME_PATH,
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    extraHeaders: cookie ? { cookie } : {},
  });
  sockets.push(socket);
  return socket;
}

function connected(socket: ClientSocket): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
}

function next<E extends keyof ServerToClientEvents>(
  socket: ClientSocket,
  event: E,
  match: (payload: Parameters<ServerToClientEvents[E]>[0]) => boolean = () => true,
  timeoutMs = 5_000,
): Promise<Parameters<ServerToClientEvents[E]>[0]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within ${timeoutMs} ms`)), timeoutMs);
    const handler = ((payload: Parameters<ServerToClientEvents[E]>[0]) => {
      if (!match(payload)) return;
      clearTimeout(timer);
      socket.off(event, handler as never);
      resolve(payload);
    }) as never;
    socket.on(event, handler);
  });
}

/** Collects every event of a kind, to check nothing arrived that should not have. */
function collect<E extends keyof ServerToClientEvents>(socket: ClientSocket, event: E): Array<Parameters<ServerToClientEvents[E]>[0]> {
  const seen: Array<Parameters<ServerToClientEvents[E]>[0]> = [];
  socket.on(event, ((payload: Parameters<ServerToClientEvents[E]>[0]) => seen.push(payload)) as never);
  return seen;
}

const presenceOf = (e: PresenceEvent) => e.people.map((p) => `${p.name}:${p.state}`).join(',');

beforeAll(async () => {
  ctx = await startTestApp();
  const prisma = ctx.deps.prisma;
  const anna = await buildUser(prisma, { email: uniqueEmail('anna'), name: 'Anna', password: TEST_PASSWORD });
  const ben = await buildUser(prisma, { email: uniqueEmail('ben'), name: 'Ben', password: TEST_PASSWORD });
  const outsider = await buildUser(prisma, { email: uniqueEmail('out'), name: 'Olga', password: TEST_PASSWORD });
  const workspace = await buildWorkspace(prisma, anna, { name: 'Realtime brand' });
  await buildMember(prisma, workspace.id, ben, ['community_manager']);
  const other = await buildWorkspace(prisma, outsider, { name: 'Other brand' });
  workspaceId = workspace.id;
  otherWorkspaceId = other.id;
  const channel = await buildChannel(prisma, workspace.id, { provider: 'x', name: 'X', handle: 'rt_brand' });
  await prisma.channelAccount.update({ where: { id: channel.id }, data: { remoteId: X_ACCOUNT }, select: { id: true } });
  const conversation = await prisma.conversation.create({
    data: { workspaceId, channelAccountId: channel.id, kind: 'mention', threadRemoteId: '1', lastMessageAt: new Date() },
    select: { id: true },
  });
  conversationId = conversation.id;
  cookies.anna = await sessionCookie(anna.email);
  cookies.ben = await sessionCookie(ben.email);
  cookies.outsider = await sessionCookie(outsider.email);
  instances.push(await startInstance(), await startInstance());
  publisher = { ...ctx.deps, redis: new Redis(ctx.deps.redis.options) };
});

afterAll(async () => {
  for (const s of sockets) s.disconnect();
  for (const instance of instances) {
    await instance.realtime.close();
    await new Promise<void>((resolve) => instance.server.close(() => resolve()));
    await instance.deps.redis.quit();
  }
  await publisher?.redis.quit();
  await ctx?.close();
});

describe('real-time', () => {
  it('refuses a socket without a live session', async () => {
    await expect(connected(open(instances[0] as Instance, null))).rejects.toThrow('unauthenticated');
    await expect(connected(open(instances[0] as Instance, 'sotong_session=not-a-session'))).rejects.toThrow('unauthenticated');
  });

  it('an ingested batch reaches each browser as one inbox.batch event with every message and conversation in it', async () => {
    const annaSocket = open(instances[0] as Instance, cookies.anna);
    const outsiderSocket = open(instances[1] as Instance, cookies.outsider);
    await Promise.all([connected(annaSocket), connected(outsiderSocket)]);
    const annaSingles = collect(annaSocket, 'inbox.message');
    const outsiderBatches = collect(outsiderSocket, 'inbox.batch');
    const annaGets = next(annaSocket, 'inbox.batch');
    const stamp = Date.now();
    await ingest(
      publisher,
      [1, 2, 3].map((i) => ({
        provider: 'x' as const,
        accountRemoteId: X_ACCOUNT,
        action: 'upsert' as const,
        edited: false,
        remoteId: `${stamp}${i}`,
        parentRemoteId: null,
        threadRemoteId: null,
        author: { remoteId: `u${i}`, name: `Customer ${i}`, handle: `customer${i}` },
        text: `@rt_brand question ${i}?`,
        createdAt: new Date(),
      })),
    );
    const batch = await annaGets;
    expect(batch.workspaceId).toBe(workspaceId);
    expect(batch.messages.map((m) => [m.remoteId, m.change, m.direction])).toEqual([1, 2, 3].map((i) => [`${stamp}${i}`, 'created', 'inbound']));
    expect(batch.conversations).toHaveLength(3);
    expect(batch.conversations.every((c) => c.change === 'created' && c.workspaceId === workspaceId)).toBe(true);
    await new Promise((r) => setTimeout(r, 300));
    expect(annaSingles).toEqual([]);
    expect(outsiderBatches).toEqual([]);
  });

  it('delivers an event published by a third instance to sockets on both API instances, only in that workspace', async () => {
    const annaSocket = open(instances[0] as Instance, cookies.anna);
    const benSocket = open(instances[1] as Instance, cookies.ben);
    const outsiderSocket = open(instances[1] as Instance, cookies.outsider);
    await Promise.all([connected(annaSocket), connected(benSocket), connected(outsiderSocket)]);
    const outsiderSaw = collect(outsiderSocket, 'inbox.message');

    const payload = {
      workspaceId,
      conversationId,
      messageId: '0190a000-0000-7000-8000-000000000001',
      direction: 'inbound' as const,
      change: 'created' as const,
      remoteId: '42',
    };
    const annaGets = next(annaSocket, 'inbox.message');
    const benGets = next(benSocket, 'inbox.message');
    publishRealtime(publisher, { workspaceId }, 'inbox.message', payload);
    expect(await annaGets).toEqual(payload);
    expect(await benGets).toEqual(payload);

    // To one person: only their sockets.
    const benNotified = next(benSocket, 'notification');
    const annaSaw = collect(annaSocket, 'notification');
    const ben = await ctx.deps.prisma.user.findFirstOrThrow({ where: { name: 'Ben' }, select: { id: true } });
    publishRealtime(publisher, { userId: ben.id }, 'notification', { userId: ben.id, kind: 'conversation_assigned' });
    expect(await benNotified).toEqual({ userId: ben.id, kind: 'conversation_assigned' });

    // Another workspace's event reaches its member only; a socket in several target rooms gets it once.
    const outsiderGets = next(outsiderSocket, 'inbox.conversation');
    const annaConversationEvents = collect(annaSocket, 'inbox.conversation');
    publishRealtime(publisher, { workspaceId: otherWorkspaceId }, 'inbox.conversation', {
      workspaceId: otherWorkspaceId,
      conversationId,
      change: 'created',
    });
    await outsiderGets;
    const twice = next(annaSocket, 'inbox.conversation');
    publishRealtime(publisher, [{ workspaceId }, { userId: ben.id }], 'inbox.conversation', { workspaceId, conversationId, change: 'assigned' });
    await twice;
    await new Promise((r) => setTimeout(r, 300));
    expect(annaConversationEvents).toHaveLength(1);
    expect(annaSaw).toEqual([]);
    expect(outsiderSaw).toEqual([]);
  });

  it('shows who views and types in a conversation across instances, and clears them on leave and disconnect', async () => {
    const annaSocket = open(instances[0] as Instance, cookies.anna);
    const benSocket = open(instances[1] as Instance, cookies.ben);
    const outsiderSocket = open(instances[0] as Instance, cookies.outsider);
    await Promise.all([connected(annaSocket), connected(benSocket), connected(outsiderSocket)]);

    // A conversation of another workspace cannot be joined.
    expect(await outsiderSocket.emitWithAck('conversation.join', conversationId)).toEqual({ ok: false, error: 'not_found' });
    expect(await outsiderSocket.emitWithAck('conversation.join', 'nope')).toEqual({ ok: false, error: 'invalid' });

    const annaAlone = next(annaSocket, 'presence', (e) => e.conversationId === conversationId);
    expect(await annaSocket.emitWithAck('conversation.join', conversationId)).toEqual({ ok: true });
    expect(presenceOf(await annaAlone)).toBe('Anna:viewing');

    const annaSeesBen = next(annaSocket, 'presence', (e) => e.people.length === 2);
    expect(await benSocket.emitWithAck('conversation.join', conversationId)).toEqual({ ok: true });
    expect(presenceOf(await annaSeesBen)).toBe('Anna:viewing,Ben:viewing');

    const annaSeesTyping = next(annaSocket, 'presence', (e) => e.people.some((p) => p.state === 'typing'));
    benSocket.emit('presence.typing', { conversationId, typing: true });
    expect(presenceOf(await annaSeesTyping)).toBe('Anna:viewing,Ben:typing');

    const benStopped = next(annaSocket, 'presence', (e) => e.people.every((p) => p.state === 'viewing'));
    benSocket.emit('presence.typing', { conversationId, typing: false });
    expect(presenceOf(await benStopped)).toBe('Anna:viewing,Ben:viewing');

    // Ben's second tab typing counts once, as typing.
    const benTab = open(instances[0] as Instance, cookies.ben);
    await connected(benTab);
    await benTab.emitWithAck('conversation.join', conversationId);
    const tabTyping = next(annaSocket, 'presence', (e) => e.people.some((p) => p.state === 'typing'));
    benTab.emit('presence.typing', { conversationId, typing: true });
    expect(presenceOf(await tabTyping)).toBe('Anna:viewing,Ben:typing');

    const tabGone = next(annaSocket, 'presence', (e) => e.people.every((p) => p.state === 'viewing'));
    benTab.disconnect();
    expect(presenceOf(await tabGone)).toBe('Anna:viewing,Ben:viewing');

    const benLeft = next(annaSocket, 'presence', (e) => e.people.length === 1);
    benSocket.emit('conversation.leave', conversationId);
    expect(presenceOf(await benLeft)).toBe('Anna:viewing');

    // Events for the conversation room reach only the sockets in it.
    const benConversation = collect(benSocket, 'inbox.conversation');
    const annaGets = next(annaSocket, 'inbox.conversation');
    publishRealtime(publisher, { conversationId }, 'inbox.conversation', { workspaceId, conversationId, change: 'note' });
    await annaGets;
    await new Promise((r) => setTimeout(r, 300));
    expect(benConversation).toEqual([]);
  });

  it('disconnects the sockets of a session that signs out', async () => {
    const agent = request.agent(instances[1]?.server as http.Server);
    const email = (await ctx.deps.prisma.user.findFirstOrThrow({ where: { name: 'Ben' }, select: { email: true } })).email;
    const login = await agent.post('/api/auth/login').send({ email, password: TEST_PASSWORD });
    const cookie =
      ([] as string[])
        .concat(login.headers['set-cookie'] ?? [])
        .find((c) => c.startsWith('sotong_session='))
        ?.split(';')[0] ?? '';
    const socket = open(instances[0] as Instance, cookie);
    await connected(socket);
    const gone = new Promise<string>((resolve) => socket.once('disconnect', (reason) => resolve(reason)));
    const res = await agent.post('/api/auth/logout').set('x-csrf-token', login.body.csrfToken as string);
    expect(res.status).toBe(204);
    expect(await gone).toBe('io server disconnect');
  });
});
