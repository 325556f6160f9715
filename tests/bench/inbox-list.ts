/**
 * `npm run bench:inbox-list`: seeds 100,000 messages in 25,000 conversations (Korean and English text,
 * 6 channels, categories, sentiments, assignees, deadlines) into a fresh PostgreSQL database, then times
 * what a community manager does through the HTTP API: the list (default, filtered, a next page), word and
 * name searches, and the counts of every facet. Prints one JSON line last:
 * {"messages":N,"conversations":N,"list_p95_ms":..,"search_p95_ms":..,"counts_p95_ms":..,"p95_ms":..}.
 * Uses DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres) and REDIS_URL (or starts redis-server).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import pg from 'pg';
import { pino } from 'pino';
import { buildChannel, buildMember, buildUser, buildWorkspace } from '../../prisma/seed/builders';
import { createApp } from '../../server/src/app';
import { loadConfig } from '../../server/src/config';
import { openDatabase } from '../../server/src/lib/db';
import { startLocalRedis } from '../../server/src/lib/redis-server';
import { seedConversations } from './seed-data';

const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 100_000);
const PER_CONVERSATION = 4;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 40);
const baseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const log = (m: string) => process.stderr.write(`${m}\n`);

const dbName = `sotong_bench_inbox_${Date.now().toString(36)}`;
const admin = new pg.Client({ connectionString: baseUrl });
await admin.connect();
await admin.query(`CREATE DATABASE "${dbName}"`);
const url = new URL(baseUrl);
url.pathname = `/${dbName}`;
const localRedis = process.env.REDIS_URL
  ? undefined
  : await startLocalRedis({ dir: mkdtempSync(path.join(tmpdir(), 'bench-redis-')), logger: pino({ level: 'warn' }), persist: false });
const redisUrl = process.env.REDIS_URL ?? (localRedis?.url as string);

const db = await openDatabase({ databaseUrl: url.toString(), poolSize: 10 });
let server: Server | undefined;
try {
  await db.migrate();
  const p = db.prisma;
  const user = await buildUser(p, { email: 'bench-cm@sotong.dev', name: 'Bench CM', password: 'bench-password-1' });
  const workspace = await buildWorkspace(p, user, { name: 'Bench inbox' });
  const colleague = await buildUser(p, { email: 'bench-cm2@sotong.dev', name: 'Colleague', password: 'bench-password-1' });
  await buildMember(p, workspace.id, colleague, ['community_manager']);
  const channels: Array<{ id: string }> = [];
  for (let i = 0; i < 6; i++) {
    const provider = (['x', 'facebook_page', 'instagram'] as const)[i % 3] ?? 'x';
    channels.push(await buildChannel(p, workspace.id, { provider, name: `Channel ${i}`, handle: `c${i}` }));
  }

  const conversations = Math.ceil(MESSAGES / PER_CONVERSATION);
  log(`seeding ${conversations} conversations, ${MESSAGES} messages…`);
  const started = Date.now();
  await seedConversations(p, workspace, channels, [user, colleague], MESSAGES, PER_CONVERSATION);
  await p.$executeRawUnsafe('ANALYZE');
  const messages = await p.inboxMessage.count({ where: { workspaceId: workspace.id } });
  log(`seeded in ${((Date.now() - started) / 1000).toFixed(1)} s`);

  const config = loadConfig({
    // One person sends every request: measure the endpoint, not the per-person limit.
    API_RATE_LIMIT_PER_MINUTE: '10000000',
    DATA_DIR: mkdtempSync(path.join(tmpdir(), 'bench-')),
    DATABASE_URL: url.toString(),
    REDIS_URL: redisUrl,
    LOG_LEVEL: 'silent',
  });
  const redis = new Redis(redisUrl);
  const app = createApp({
    config,
    prisma: p,
    sql: db.reader,
    redis,
    logger: pino({ level: 'silent' }),
    redisPrefix: `bench:${randomBytes(3).toString('hex')}`,
    pingDatabase: () => db.ping(),
  });
  server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const address = server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const login = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'bench-cm@sotong.dev', password: 'bench-password-1' }),
  });
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const inbox = `${base}/api/workspaces/${workspace.id}/inbox`;

  async function timed(pathAndQuery: string): Promise<{ ms: number; body: Record<string, unknown> }> {
    const t0 = performance.now();
    const res = await fetch(`${inbox}${pathAndQuery}`, { headers: { cookie } });
    const body = (await res.json()) as Record<string, unknown>;
    const ms = performance.now() - t0;
    if (res.status !== 200) throw new Error(`${pathAndQuery} answered ${res.status}: ${JSON.stringify(body)}`);
    return { ms, body };
  }

  const cases: Record<'list' | 'search' | 'counts', string[]> = {
    list: [
      '/conversations',
      '/conversations?category=complaint',
      '/conversations?mine=true',
      '/conversations?overdue=true',
      `/conversations?channelId=${channels[2]?.id}&sentiment=negative`,
      '/conversations?unassigned=true&status=all',
    ],
    search: [
      `/conversations?q=${encodeURIComponent('배송')}`,
      '/conversations?q=refund%20please',
      `/conversations?q=${encodeURIComponent('이지은')}`,
      '/conversations?q=user1234',
      '/conversations?q=coupon&category=complaint',
    ],
    counts: ['/counts', '/counts?category=question', `/counts?q=${encodeURIComponent('라떼')}`, '/counts?mine=true&overdue=true'],
  };
  const times: Record<keyof typeof cases, number[]> = { list: [], search: [], counts: [] };
  // Warm up, then measure. A next page follows each first page of the list.
  for (let round = 0; round < ROUNDS + 3; round++) {
    for (const kind of Object.keys(cases) as Array<keyof typeof cases>) {
      for (const q of cases[kind]) {
        const { ms, body } = await timed(q);
        if (round >= 3) times[kind].push(ms);
        const next = (body as { nextCursor?: string | null }).nextCursor;
        if (kind === 'list' && next) {
          const page = await timed(`${q}${q.includes('?') ? '&' : '?'}cursor=${next}`);
          if (round >= 3) times.list.push(page.ms);
        }
      }
    }
  }
  const pct = (list: number[], q: number) => {
    const sorted = [...list].sort((a, b) => a - b);
    return Number((sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0).toFixed(1));
  };
  for (const kind of Object.keys(times) as Array<keyof typeof times>) {
    log(`  ${kind}: ${times[kind].length} requests, p50 ${pct(times[kind], 0.5)} ms, p95 ${pct(times[kind], 0.95)} ms`);
  }
  await redis.quit();
  const all = [...times.list, ...times.search, ...times.counts];
  console.log(
    JSON.stringify({
      messages,
      conversations,
      requests: all.length,
      list_p95_ms: pct(times.list, 0.95),
      search_p95_ms: pct(times.search, 0.95),
      counts_p95_ms: pct(times.counts, 0.95),
      p50_ms: pct(all, 0.5),
      p95_ms: pct(all, 0.95),
    }),
  );
} finally {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  await db.close();
  if (!process.env.BENCH_KEEP) await admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
  else log(`kept database ${dbName}`);
  await admin.end();
  await localRedis?.stop();
}
