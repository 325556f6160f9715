/**
 * `npm run bench:inbox`: signed Meta webhook deliveries (one comment each, the documented payload) sent at
 * full speed for BENCH_SECONDS (30) against the running app — an API process and worker process(es) from
 * `server/src/main.ts --role api|worker` on real PostgreSQL and Redis — while a socket.io client signed in
 * to the API listens for `inbox.batch` (and `inbox.message`). Counts accepted deliveries (HTTP 200) per second, messages stored
 * (and duplicates), and the time from sending a delivery to the socket seeing its message (visible_p95_ms).
 * Prints progress on stderr and, last, one JSON line on stdout.
 * Env: DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres), REDIS_URL (or a local
 * redis-server), BENCH_SECONDS (30), BENCH_CONCURRENCY (48 deliveries in flight), BENCH_WORKERS (1),
 * BENCH_POSTS (50 threads), BENCH_REDIS_DB (9, wiped before and after).
 */
import { createHmac, randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { io as connect } from 'socket.io-client';
import { Pool } from 'undici';
import { buildChannel, buildPost, buildUser, buildWorkspace } from '../../prisma/seed/builders';
import { openDatabase } from '../../server/src/lib/db';
import { type LocalRedis, startLocalRedis } from '../../server/src/lib/redis-server';
import { REALTIME_PATH } from '../../server/src/realtime/events';
import { measureCpu, perEvent } from '../support/process-cpu';
import { createDatabase, quantile, redisOnDb, spawnRole, stopProcess, waitForOutput } from '../support/publish-fleet';
import { buildServer, freePort, type SpawnedApp, waitForHealthy } from '../support/spawn-app';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 48);
const WORKERS = Number(process.env.BENCH_WORKERS ?? 1);
const POSTS = Number(process.env.BENCH_POSTS ?? 50);
const REDIS_DB = Number(process.env.BENCH_REDIS_DB ?? 9);
const SECRET = 'bench-meta-app-secret';
const PAGE_ID = '100000000009001';
const PASSWORD = 'bench-password-1';
const baseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const log = (m: string) => process.stderr.write(`[bench:inbox] ${m}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const round = (n: number) => Math.round(n * 10) / 10;

const pgDb = await createDatabase(baseUrl, 'bench_inbox');
const localRedis: LocalRedis | undefined = process.env.REDIS_URL
  ? undefined
  : await startLocalRedis({ dir: mkdtempSync(path.join(tmpdir(), 'bench-redis-')), logger: pino({ level: 'warn' }), persist: false });
const redisUrl = redisOnDb(process.env.REDIS_URL ?? (localRedis as LocalRedis).url, REDIS_DB);
const redis = new Redis(redisUrl, { maxRetriesPerRequest: 3 });
const processes: SpawnedApp[] = [];
let exitCode = 0;
const db = await openDatabase({ databaseUrl: pgDb.url, poolSize: 4 });

try {
  await redis.flushdb();
  await db.migrate();
  const email = `bench-${randomBytes(3).toString('hex')}@sotong.dev`;
  const user = await buildUser(db.prisma, { email, name: 'Bench', password: PASSWORD });
  const workspace = await buildWorkspace(db.prisma, user, { name: 'Bench inbox' });
  const channel = await buildChannel(db.prisma, workspace.id, { provider: 'facebook_page', name: 'Bench Page', handle: 'benchpage' });
  await db.prisma.channelAccount.update({ where: { id: channel.id }, data: { remoteId: PAGE_ID }, select: { id: true } });
  const postIds = Array.from({ length: POSTS }, (_, i) => `${PAGE_ID}_${900000 + i}`);
  const post = await buildPost(db.prisma, workspace.id, user, {
    title: 'Bench post',
    variants: postIds.map(() => ({ channelAccountId: channel.id, text: 'Bench', scheduledAt: new Date(Date.now() - 3_600_000) })),
  });
  for (const [i, variantId] of post.variantIds.entries()) {
    await db.prisma.variant.update({
      where: { id: variantId },
      data: { state: 'published', remoteId: postIds[i], publishedAt: new Date() },
      select: { id: true },
    });
  }

  const port = await freePort();
  const env = {
    databaseUrl: pgDb.url,
    redisUrl,
    xUrl: 'http://127.0.0.1:9',
    encryptionKey: randomBytes(32),
    logLevel: 'warn',
    build: true,
    extra: {
      META_APP_SECRET: SECRET,
      META_VERIFY_TOKEN: 'bench',
      INBOX_POLL_SECONDS: '3600',
      LOG_LEVEL: 'info',
      DELIVERY_WRITES_IN_FLIGHT: process.env.DELIVERY_WRITES_IN_FLIGHT ?? '3',
    },
  };
  await buildServer();
  const api = spawnRole('api', { ...env, extra: { ...env.extra, LOG_LEVEL: 'warn' } }, port);
  processes.push(api);
  await waitForHealthy(`http://127.0.0.1:${port}`, api);
  for (let i = 0; i < WORKERS; i++) processes.push(spawnRole('worker', env));
  await Promise.all(processes.slice(1).map((w) => waitForOutput(w, 'workers started')));
  const appUrl = `http://127.0.0.1:${port}`;
  log(`api on ${appUrl}, ${WORKERS} worker process(es); ${POSTS} threads; ${CONCURRENCY} deliveries in flight for ${SECONDS} s`);

  // A signed-in browser: its socket sees each new message.
  const login = await fetch(`${appUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  const cookie = (login.headers.getSetCookie().find((c) => c.startsWith('sotong_session=')) ?? '').split(';')[0] ?? '';
  const socket = connect(appUrl, { path: REALTIME_PATH, transports: ['websocket'], extraHeaders: { cookie }, reconnection: true });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  const sentAt = new Map<string, number>();
  const visibleMs: number[] = [];
  const seen = new Set<string>();
  const saw = (e: { remoteId: string | null; change: string }) => {
    if (e.change !== 'created' || !e.remoteId || seen.has(e.remoteId)) return;
    seen.add(e.remoteId);
    const at = sentAt.get(e.remoteId);
    if (at !== undefined) visibleMs.push(performance.now() - at);
  };
  // Ingested messages come in one `inbox.batch` per stored batch (as the browser's client unpacks them); replies alone.
  socket.on('inbox.batch', (batch: { messages: Array<{ remoteId: string | null; change: string }> }) => {
    for (const e of batch.messages) saw(e);
  });
  socket.on('inbox.message', saw);

  // undici (keep-alive pool, one request per connection at a time): the generator shares the two cores with
  // the app, and costs a third less per request than node:http's client.
  const pool = new Pool(appUrl, { connections: CONCURRENCY, pipelining: 1 });
  const post1 = async (delivery: Delivery): Promise<number> => {
    try {
      const res = await pool.request({
        path: '/webhooks/meta',
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-hub-signature-256': delivery.signature },
        body: delivery.body,
      });
      await res.body.dump();
      return res.statusCode;
    } catch {
      return 0;
    }
  };

  const texts = [
    '주문한 지 일주일이 넘었는데 아직 배송이 안 왔어요.',
    'Love this! Been waiting for it all month.',
    '매장에서도 살 수 있나요?',
    'Great work, team.',
  ];
  interface Delivery {
    commentId: string;
    body: Buffer;
    signature: string;
  }
  /** The n-th delivery: one comment, the documented payload, signed as Meta signs it. */
  const deliveryOf = (n: number): Delivery => {
    const postId = postIds[n % POSTS] as string;
    const commentId = `${postId}_c${n}`;
    const body = JSON.stringify({
      object: 'page',
      entry: [
        {
          id: PAGE_ID,
          time: Math.floor(Date.now() / 1000),
          changes: [
            {
              field: 'feed',
              value: {
                from: { id: `91000${n % 1000}`, name: `고객 ${n % 1000}` },
                item: 'comment',
                verb: 'add',
                post_id: postId,
                comment_id: commentId,
                parent_id: postId,
                created_time: Math.floor(Date.now() / 1000),
                message: texts[n % texts.length],
              },
            },
          ],
        },
      ],
    });
    const bytes = Buffer.from(body);
    return { commentId, body: bytes, signature: `sha256=${createHmac('sha256', SECRET).update(bytes).digest('hex')}` };
  };
  // Made and signed before the clock starts, so the load generator (on the same two cores) spends its time
  // sending, as Meta's servers would, not building JSON and HMACs; past these, deliveries are made on the way.
  const prepared = Array.from({ length: Math.min(SECONDS * 3_000, 200_000) }, (_, n) => deliveryOf(n));

  let sent = 0;
  let accepted = 0;
  let refused = 0;
  const cpu = measureCpu([
    ['api', api.child.pid],
    ['generator', process.pid],
    ...processes.slice(1).map((w): [string, number | undefined] => ['worker', w.child.pid]),
  ]);
  const started = performance.now();
  const endAt = started + SECONDS * 1000;
  let lastLog = started;
  const runner = async () => {
    while (performance.now() < endAt) {
      const n = sent++;
      const delivery = prepared[n] ?? deliveryOf(n);
      const commentId = delivery.commentId;
      sentAt.set(commentId, performance.now());
      const status = await post1(delivery);
      if (status === 200) accepted += 1;
      else {
        refused += 1;
        sentAt.delete(commentId);
      }
      if (performance.now() - lastLog > 5_000) {
        lastLog = performance.now();
        log(`  ${accepted} accepted, ${visibleMs.length} seen live after ${round((lastLog - started) / 1000)} s`);
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, runner));
  const elapsed = (performance.now() - started) / 1000;
  const cpuSeconds = cpu();
  log(`sent ${sent}, accepted ${accepted}, refused ${refused} in ${round(elapsed)} s; waiting for processing`);

  // Every accepted delivery should become one message.
  const deadline = Date.now() + 120_000;
  let stored = 0;
  while (Date.now() < deadline) {
    const [row] = await db.prisma.$queryRawUnsafe<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM "InboxMessage"`);
    stored = row?.n ?? 0;
    if (stored >= accepted && seen.size >= accepted) break;
    await sleep(500);
  }
  await sleep(500);
  const [dup] = await db.prisma.$queryRawUnsafe<Array<{ n: number; distinct: number }>>(
    `SELECT count(*)::int AS n, count(DISTINCT ("channelAccountId", "remoteId"))::int AS distinct FROM "InboxMessage"`,
  );
  const [unprocessed] = await db.prisma.$queryRawUnsafe<Array<{ n: number }>>(
    `SELECT count(*)::int AS n FROM "WebhookDelivery" WHERE "processedAt" IS NULL`,
  );
  socket.disconnect();
  await pool.close();
  const sorted = [...visibleMs].sort((a, b) => a - b);
  const result = {
    events: accepted,
    accepted_per_sec: round(accepted / elapsed),
    stored: dup?.n ?? stored,
    duplicates: (dup?.n ?? 0) - (dup?.distinct ?? 0),
    visible_p95_ms: round(quantile(sorted, 0.95)),
    visible_p50_ms: round(quantile(sorted, 0.5)),
    visible_max_ms: round(sorted[sorted.length - 1] ?? 0),
    seen_live: visibleMs.length,
    refused,
    unprocessed: unprocessed?.n ?? 0,
    seconds: SECONDS,
    concurrency: CONCURRENCY,
    workers: WORKERS,
    // CPU spent during the load per accepted event, in µs (the machine's speed drifts; this says more about the code).
    cpu_us_per_event: perEvent(cpuSeconds, accepted),
  };
  if (result.stored !== accepted || result.duplicates !== 0) exitCode = 1;
  process.stdout.write(`${JSON.stringify(result)}\n`);
} catch (error) {
  exitCode = 1;
  log(`failed: ${(error as Error).stack ?? String(error)}`);
  for (const p of processes) log(p.output().slice(-3000));
} finally {
  for (const p of processes) await stopProcess(p);
  await redis.flushdb().catch(() => undefined);
  await redis.quit();
  await db.close();
  await pgDb.drop().catch(() => undefined);
  await localRedis?.stop();
}
process.exit(exitCode);
