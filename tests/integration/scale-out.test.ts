/**
 * Scale-out on real parts: 2 API processes + 2 worker processes (`--role api` / `--role worker`) against
 * one PostgreSQL and one Redis, a signed-in socket client on each API process. Scheduled variants are
 * published exactly once (none early), an inbox event from a webhook taken by one API process reaches
 * the clients on both, and a second worker declares no second set of repeatable jobs.
 */
import { randomBytes } from 'node:crypto';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { queueNames } from '../../server/src/jobs/queues';
import { type Database, openDatabase } from '../../server/src/lib/db';
import { formatTime, localOf } from '../../server/src/lib/local-time';
import { REALTIME_PATH } from '../../server/src/realtime/events';
import { startXEmulator, type XEmulator } from '../emulators/x';
import { fbPayload, type InboxFixture, inboxFixture, metaSignature, webhookEnv } from '../support/inbox-fixtures';
import {
  APP_REDIS_PREFIX,
  createDatabase,
  enqueueVariants,
  type Fleet,
  type ProcessEnv,
  redisOnDb,
  seedApprovedVariants,
  seedFleet,
  spawnRole,
  stopProcess,
  waitForOutput,
  xUsers,
} from '../support/publish-fleet';
import { startSmtpSink } from '../support/smtp-sink';
import { freePort, type SpawnedApp, waitForHealthy } from '../support/spawn-app';

const pgUrl = process.env.DATABASE_URL;
const REDIS_DB = 11;
const VARIANTS = 40;
const PASSWORD = 'correct-horse-battery';
const key = randomBytes(32);
const users = xUsers(4, 'scale');

let x: XEmulator;
let pgDb: Awaited<ReturnType<typeof createDatabase>>;
let db: Database;
let redis: Redis;
let redisUrl: string;
let env: ProcessEnv;
let fleet: Fleet;
let fx: InboxFixture;
let sink: Awaited<ReturnType<typeof startSmtpSink>>;
const apis: Array<{ app: SpawnedApp; url: string }> = [];
const workers: SpawnedApp[] = [];
const sockets: Socket[] = [];

/** Every queue's job schedulers (repeatable jobs) as "queue id every/pattern", sorted. */
async function schedulers(): Promise<string[]> {
  const out: string[] = [];
  for (const name of Object.values(queueNames)) {
    const queue = new Queue(name, { connection: redis, prefix: APP_REDIS_PREFIX });
    for (const s of await queue.getJobSchedulers(0, -1)) out.push(`${name} ${s.key} ${s.every ?? s.pattern ?? ''}`);
    await queue.close();
  }
  return out.sort();
}

describe.skipIf(!pgUrl)('scale-out: 2 API + 2 worker processes on one PostgreSQL and one Redis', () => {
  beforeAll(async () => {
    x = await startXEmulator({ users, seed: 7 });
    pgDb = await createDatabase(pgUrl as string, 'scale');
    db = await openDatabase({ databaseUrl: pgDb.url, poolSize: 4 });
    await db.migrate();
    redisUrl = redisOnDb(inject('redisUrl'), REDIS_DB);
    redis = new Redis(redisUrl, { maxRetriesPerRequest: 3 });
    await redis.flushdb();
    fleet = await seedFleet(db.prisma, key, users);
    fx = await inboxFixture(db.prisma, { key, password: PASSWORD });
    // The inbox workspace's morning digest fell due five minutes ago (an older workspace, so today's
    // digest is owed): the workers' start-up reconcile queues it, and both workers take digest jobs.
    sink = await startSmtpSink();
    const { timeZone } = await db.prisma.workspace.update({
      where: { id: fx.workspaceId },
      data: { createdAt: new Date(Date.now() - 3 * 86_400_000) },
      select: { timeZone: true },
    });
    const local = localOf(new Date(Date.now() - 5 * 60_000), timeZone);
    await db.prisma.digestSettings.create({ data: { workspaceId: fx.workspaceId, sendTime: formatTime(local.hour * 60 + local.minute) } });
    env = {
      databaseUrl: pgDb.url,
      redisUrl,
      xUrl: x.url,
      encryptionKey: key,
      logLevel: 'info',
      extra: { ...webhookEnv, SESSION_SECRET: randomBytes(48).toString('base64url'), INBOX_POLL_SECONDS: '3600', SMTP_URL: sink.url },
    };
    for (let i = 0; i < 2; i++) {
      const port = await freePort();
      const app = spawnRole('api', env, port);
      apis.push({ app, url: `http://127.0.0.1:${port}` });
    }
    await Promise.all(apis.map((a) => waitForHealthy(a.url, a.app, 90_000)));
  }, 150_000);

  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await Promise.all([...workers, ...apis.map((a) => a.app)].map((p) => stopProcess(p)));
    await redis?.flushdb().catch(() => undefined);
    await redis?.quit();
    await db?.close();
    await pgDb?.drop();
    await x?.close();
    await sink?.close();
  }, 60_000);

  it('a second worker process declares no second set of repeatable jobs', async () => {
    workers.push(spawnRole('worker', env));
    await waitForOutput(workers[0] as SpawnedApp, 'workers started', 90_000);
    const one = await schedulers();
    expect(one.length).toBeGreaterThanOrEqual(3);
    workers.push(spawnRole('worker', env));
    await waitForOutput(workers[1] as SpawnedApp, 'workers started', 90_000);
    expect(await schedulers()).toEqual(one);
  }, 200_000);

  it('publishes every scheduled variant exactly once, not before its second', async () => {
    const due = Date.now() + 20_000;
    const seeded = await seedApprovedVariants(
      db.prisma,
      fleet,
      VARIANTS,
      (i) => new Date(due + (i % 4) * 1000),
      (i) => `Scale-out post ${i} ${randomBytes(2).toString('hex')}`,
    );
    await enqueueVariants(redisUrl, seeded);
    const texts = new Map(seeded.map((v) => [v.text, v]));
    await expect
      .poll(async () => await db.prisma.variant.count({ where: { id: { in: seeded.map((v) => v.id) }, state: { in: ['published', 'failed'] } } }), {
        timeout: 90_000,
        interval: 500,
      })
      .toBe(VARIANTS);
    const arrivals = x.control.posts().filter((p) => p.kind === 'post' && texts.has(p.text));
    expect(arrivals).toHaveLength(VARIANTS); // none twice, none missing
    for (const a of arrivals) expect(a.arrivedAt).toBeGreaterThanOrEqual((texts.get(a.text) as { scheduledAt: Date }).scheduledAt.getTime());
    expect(await db.prisma.variant.count({ where: { id: { in: seeded.map((v) => v.id) }, state: 'published' } })).toBe(VARIANTS);
  }, 150_000);

  it('an inbox event taken by one API process reaches clients on both', async () => {
    const login = await fetch(`${apis[0]?.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: (await db.prisma.user.findUniqueOrThrow({ where: { id: fx.managerId } })).email, password: PASSWORD }),
    });
    expect(login.status).toBe(200);
    const cookie = (login.headers.getSetCookie().find((c) => c.startsWith('sotong_session=')) ?? '').split(';')[0] ?? '';
    const seen: Array<Promise<string>> = [];
    for (const api of apis) {
      const socket = connect(api.url, { path: REALTIME_PATH, transports: ['websocket'], extraHeaders: { cookie, origin: api.url } });
      sockets.push(socket);
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', () => resolve());
        socket.once('connect_error', reject);
      });
      seen.push(
        new Promise((resolve) =>
          socket.on('inbox.batch', (event: { messages: Array<{ conversationId: string }> }) => resolve(event.messages[0]?.conversationId ?? '')),
        ),
      );
    }
    const raw = fbPayload(fx.facebook.pageId, [
      { commentId: `${fx.facebook.postRemoteId}_${Date.now()}`, postId: fx.facebook.postRemoteId, message: '배송이 너무 늦어요' },
    ]);
    const res = await fetch(`${apis[1]?.url}/webhooks/meta`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': metaSignature(raw) },
      body: raw,
    });
    expect(res.status).toBe(200);
    const [onFirst, onSecond] = await Promise.race([
      Promise.all(seen),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('the event did not reach both API processes in 30 s')), 30_000)),
    ]);
    expect(onFirst).toBe(onSecond);
    expect(await db.prisma.inboxMessage.count({ where: { workspaceId: fx.workspaceId, text: '배송이 너무 늦어요' } })).toBe(1);
  }, 60_000);

  it('the morning digest is composed once and mailed once to each subscriber, though two workers run digests', async () => {
    await expect
      .poll(
        async () => {
          const deliveries = await db.prisma.digestDelivery.findMany({ where: { workspaceId: fx.workspaceId }, select: { sentAt: true } });
          return deliveries.length > 0 && deliveries.every((d) => d.sentAt);
        },
        { timeout: 60_000, interval: 500 },
      )
      .toBe(true);
    // Give a second copy every chance to arrive: both workers reconciled at start, and the schedulers fire too.
    await new Promise((r) => setTimeout(r, 3_000));
    const deliveries = await db.prisma.digestDelivery.findMany({
      where: { workspaceId: fx.workspaceId },
      select: { attempts: true, user: { select: { email: true } } },
    });
    const recipients = deliveries.map((d) => d.user.email).sort();
    expect(new Set(recipients).size).toBe(recipients.length);
    expect(await db.prisma.digest.count({ where: { workspaceId: fx.workspaceId } })).toBe(1);
    const digestMails = sink.received.filter((m) => m.subject.includes('아침 브리핑') || m.subject.includes('Morning digest'));
    expect(digestMails.flatMap((m) => m.to).sort(), JSON.stringify(sink.received.map((m) => [m.to, m.subject]))).toEqual(recipients);
  }, 90_000);
});
