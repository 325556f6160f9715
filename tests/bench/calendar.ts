/**
 * `npm run bench:calendar`: seeds 100,000 variants across 20 channels and 2 years into a fresh
 * PostgreSQL database, then times month-range calendar queries with filters through the HTTP API.
 * Prints one JSON line last: {"variants":N,"p50_ms":..,"p95_ms":..}. Target: p95 ≤ 50 ms.
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
import { buildChannel, buildSegment, buildUser, buildWorkspace } from '../../prisma/seed/builders';
import { createApp } from '../../server/src/app';
import { loadConfig } from '../../server/src/config';
import { openDatabase } from '../../server/src/lib/db';
import { startLocalRedis } from '../../server/src/lib/redis-server';
import { seedVariants } from './seed-data';

const VARIANTS = Number(process.env.BENCH_VARIANTS ?? 100_000);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 300);
const baseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const log = (m: string) => process.stderr.write(`${m}\n`);

const dbName = `sotong_bench_${Date.now().toString(36)}`;
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
  const user = await buildUser(p, { email: 'bench@sotong.dev', name: 'Bench', password: 'bench-password-1' });
  const workspace = await buildWorkspace(p, user, { name: 'Bench' });
  const channels: Array<{ id: string }> = [];
  for (let i = 0; i < 20; i++) {
    const provider = (['x', 'facebook_page', 'instagram'] as const)[i % 3] ?? 'x';
    channels.push(await buildChannel(p, workspace.id, { provider, name: `Channel ${i}`, handle: `c${i}` }));
  }
  const segments: Array<{ id: string }> = [];
  for (let i = 0; i < 8; i++) segments.push(await buildSegment(p, workspace.id, { name: `Segment ${i}`, color: '#2563EB' }));

  log(`seeding ${VARIANTS} variants…`);
  const started = Date.now();
  // Two variants per post, spread evenly over two years from 2026-01-01 UTC, in bulk SQL.
  await seedVariants(p, workspace, user, channels, segments, VARIANTS);
  await p.$executeRawUnsafe('ANALYZE');
  const count = await p.variant.count({ where: { workspaceId: workspace.id } });
  log(`seeded ${count} variants in ${((Date.now() - started) / 1000).toFixed(1)} s`);

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
    body: JSON.stringify({ email: 'bench@sotong.dev', password: 'bench-password-1' }),
  });
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';

  // What a planner does: a month view (with its leading/trailing days: 42 days) with a filter.
  const filtersFor = (i: number) => {
    const pick = <T>(list: T[], n: number) => list.filter((_, j) => (j + i) % Math.ceil(list.length / n) === 0).slice(0, n);
    switch (i % 4) {
      case 0:
        return `channelIds=${pick(channels, 3)
          .map((c) => c.id)
          .join(',')}`;
      case 1:
        return `segmentIds=${pick(segments, 2)
          .map((s) => s.id)
          .join(',')}`;
      case 2:
        return `states=scheduled&channelIds=${pick(channels, 5)
          .map((c) => c.id)
          .join(',')}`;
      default:
        return `labels=promo&segmentIds=${pick(segments, 3)
          .map((s) => s.id)
          .join(',')}`;
    }
  };
  const timings: number[] = [];
  const perCase: Array<{ ms: number[]; rows: number }> = [];
  let rows = 0;
  for (let i = 0; i < REQUESTS + 20; i++) {
    const month = i % 24;
    const from = new Date(Date.UTC(2026, month, 1) - 7 * 86_400_000);
    const to = new Date(from.getTime() + 42 * 86_400_000);
    const t0 = performance.now();
    // As the month grid asks: columns and rows (client/src/features/calendar/api.ts), parsed like the browser does.
    const res = await fetch(
      `${base}/api/workspaces/${workspace.id}/calendar?from=${from.toISOString()}&to=${to.toISOString()}&${filtersFor(i)}&format=columns`,
      {
        headers: { cookie },
      },
    );
    const answer = (await res.json()) as { rows: unknown[][] };
    const body = { entries: answer.rows };
    const ms = performance.now() - t0;
    if (res.status !== 200) throw new Error(`calendar answered ${res.status}`);
    if (i >= 20) {
      timings.push(ms);
      rows += body.entries.length;
      const c = perCase[i % 4] ?? { ms: [], rows: 0 };
      c.ms.push(ms);
      c.rows += body.entries.length;
      perCase[i % 4] = c;
    }
  }
  timings.sort((a, b) => a - b);
  const at = (q: number) => Number((timings[Math.min(timings.length - 1, Math.floor(q * timings.length))] ?? 0).toFixed(1));
  log(`${REQUESTS} month queries, ${Math.round(rows / REQUESTS)} entries each on average`);
  for (const [n, c] of perCase.entries()) {
    const sorted = [...c.ms].sort((a, b) => a - b);
    log(
      `  filter ${n}: ${Math.round(c.rows / c.ms.length)} entries, p50 ${sorted[Math.floor(sorted.length / 2)]?.toFixed(1)} ms, p95 ${sorted[Math.floor(sorted.length * 0.95)]?.toFixed(1)} ms`,
    );
  }
  await redis.quit();
  console.log(
    JSON.stringify({
      variants: count,
      requests: REQUESTS,
      avg_entries: Math.round(rows / REQUESTS),
      p50_ms: at(0.5),
      p95_ms: at(0.95),
      p99_ms: at(0.99),
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
