/**
 * `npm run bench:api`: the API under load (autocannon). A workspace with 100,000 variants and 100,000
 * inbox messages in a fresh PostgreSQL database; one API process (`main.ts --role api`, as in production);
 * 50 signed-in connections offer 200 requests/s in total for 30 s — half the week-range calendar as the
 * week view asks it (with a channel filter), half the inbox's first page of 50 (open + mine) — then the
 * offered rate rises in 10 s steps until a p99 passes 100 ms. The API process's RSS is sampled throughout.
 * Last line: {"calendar_p99_ms":..,"inbox_p99_ms":..,"rps":200,"max_rps_at_p99_100ms":..,"errors":0,"rss_mb":..}
 * Env: DATABASE_URL, REDIS_URL (or a local redis-server), BENCH_SECONDS (30), BENCH_RPS (200), BENCH_VARIANTS, BENCH_MESSAGES.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { pino } from 'pino';
import { buildChannel, buildMember, buildSegment, buildUser, buildWorkspace } from '../../prisma/seed/builders';
import { openDatabase } from '../../server/src/lib/db';
import { type LocalRedis, startLocalRedis } from '../../server/src/lib/redis-server';
import { createDatabase, redisOnDb, spawnRole, stopProcess } from '../support/publish-fleet';
import { buildServer, freePort, waitForHealthy } from '../support/spawn-app';
import { seedConversations, seedVariants } from './seed-data';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
const RPS = Number(process.env.BENCH_RPS ?? 200);
const VARIANTS = Number(process.env.BENCH_VARIANTS ?? 100_000);
const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 100_000);
const CONNECTIONS = 50;
const TARGET_P99 = 100;
const PASSWORD = 'bench-password-1';
const baseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const log = (m: string) => process.stderr.write(`[bench:api] ${m}\n`);

const pgDb = await createDatabase(baseUrl, 'bench_api');
const localRedis: LocalRedis | undefined = process.env.REDIS_URL
  ? undefined
  : await startLocalRedis({ dir: mkdtempSync(path.join(tmpdir(), 'bench-redis-')), logger: pino({ level: 'warn' }), persist: false });
const redisUrl = redisOnDb(process.env.REDIS_URL ?? (localRedis as LocalRedis).url, 10);
const db = await openDatabase({ databaseUrl: pgDb.url, poolSize: 4 });
const port = await freePort();
await buildServer();
// One signed-in person drives all 50 connections: the per-person limit is raised so the endpoints are
// measured, not the limiter (which still counts every request in Redis, as in production).
const api = spawnRole(
  'api',
  {
    databaseUrl: pgDb.url,
    redisUrl,
    xUrl: 'http://127.0.0.1:9',
    encryptionKey: randomBytes(32),
    logLevel: 'warn',
    build: true,
    extra: { API_RATE_LIMIT_PER_MINUTE: '10000000' },
  },
  port,
);
const base = `http://127.0.0.1:${port}`;

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
}

interface Leg {
  p99: number;
  errors: number;
  non2xx: number;
  requests: number;
}

/** Both endpoints at once, each offered half of `rps`, for `seconds`. */
async function run(rps: number, seconds: number, cookie: string, paths: { calendar: string; inbox: string }): Promise<{ calendar: Leg; inbox: Leg }> {
  const leg = (url: string) =>
    autocannon({
      url: `${base}${url}`,
      connections: CONNECTIONS / 2,
      overallRate: rps / 2,
      duration: seconds,
      headers: { cookie },
    });
  const [calendar, inbox] = await Promise.all([leg(paths.calendar), leg(paths.inbox)]);
  const shape = (r: autocannon.Result): Leg => ({ p99: r.latency.p99, errors: r.errors + r.timeouts, non2xx: r.non2xx, requests: r.requests.total });
  return { calendar: shape(calendar), inbox: shape(inbox) };
}

let peakRss = 0;
try {
  await db.migrate();
  const p = db.prisma;
  const user = await buildUser(p, { email: 'bench-api@sotong.dev', name: 'Bench', password: PASSWORD });
  const workspace = await buildWorkspace(p, user, { name: 'Bench API' });
  const colleague = await buildUser(p, { email: 'bench-api-2@sotong.dev', name: 'Colleague', password: PASSWORD });
  await buildMember(p, workspace.id, colleague, ['community_manager']);
  const channels: Array<{ id: string }> = [];
  for (let i = 0; i < 20; i++) {
    const provider = (['x', 'facebook_page', 'instagram'] as const)[i % 3] ?? 'x';
    channels.push(await buildChannel(p, workspace.id, { provider, name: `Channel ${i}`, handle: `c${i}` }));
  }
  const segments: Array<{ id: string }> = [];
  for (let i = 0; i < 8; i++) segments.push(await buildSegment(p, workspace.id, { name: `Segment ${i}`, color: '#2563EB' }));
  log(`seeding ${VARIANTS} variants and ${MESSAGES} messages…`);
  const seeded = Date.now();
  await seedVariants(p, workspace, user, channels, segments, VARIANTS);
  await seedConversations(p, workspace, channels.slice(0, 6), [user, colleague], MESSAGES);
  await p.$executeRawUnsafe('ANALYZE');
  log(`seeded in ${((Date.now() - seeded) / 1000).toFixed(1)} s`);

  await waitForHealthy(base, api, 90_000);
  const login = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'bench-api@sotong.dev', password: PASSWORD }),
  });
  if (login.status !== 200) throw new Error(`sign-in answered ${login.status}`);
  const cookie = (login.headers.getSetCookie().find((c) => c.startsWith('sotong_session=')) ?? '').split(';')[0] ?? '';
  // A week the seed fills (~960 variants a week over 20 channels), as the week view asks it, three channels.
  const from = new Date('2026-06-07T15:00:00Z');
  const to = new Date(from.getTime() + 7 * 86_400_000);
  const paths = {
    calendar: `/api/workspaces/${workspace.id}/calendar?from=${from.toISOString()}&to=${to.toISOString()}&channelIds=${channels
      .slice(0, 3)
      .map((c) => c.id)
      .join(',')}`,
    inbox: `/api/workspaces/${workspace.id}/inbox/conversations?status=open&mine=true&limit=50`,
  };
  for (const url of Object.values(paths)) {
    const res = await fetch(`${base}${url}`, { headers: { cookie } });
    if (res.status !== 200) throw new Error(`${url} answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
  }
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, rssMb(api.child.pid as number));
  }, 250);
  log('warm-up 5 s at 50 req/s');
  await run(50, 5, cookie, paths);
  log(`${RPS} req/s for ${SECONDS} s with ${CONNECTIONS} connections`);
  const main = await run(RPS, SECONDS, cookie, paths);
  log(`calendar p99 ${main.calendar.p99} ms (${main.calendar.requests} requests), inbox p99 ${main.inbox.p99} ms (${main.inbox.requests})`);
  let maxRps = main.calendar.p99 <= TARGET_P99 && main.inbox.p99 <= TARGET_P99 ? RPS : 0;
  for (let rps = RPS + 100; maxRps === rps - 100 && rps <= 3_000; rps += 100) {
    const step = await run(rps, 10, cookie, paths);
    log(`  ${rps} req/s: calendar p99 ${step.calendar.p99} ms, inbox p99 ${step.inbox.p99} ms`);
    if (step.calendar.p99 <= TARGET_P99 && step.inbox.p99 <= TARGET_P99 && step.calendar.errors + step.inbox.errors === 0) maxRps = rps;
  }
  clearInterval(sampler);
  const result = {
    calendar_p99_ms: main.calendar.p99,
    inbox_p99_ms: main.inbox.p99,
    rps: RPS,
    max_rps_at_p99_100ms: maxRps,
    errors: main.calendar.errors + main.inbox.errors + main.calendar.non2xx + main.inbox.non2xx,
    rss_mb: Math.round(peakRss),
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
} finally {
  await stopProcess(api);
  await db.close();
  await pgDb.drop();
  await localRedis?.stop();
}
