/**
 * `npm run bench:api`: the API under load. A workspace with 100,000 variants and 100,000 inbox messages in a
 * fresh PostgreSQL database; one API process (the server build, `--role api`, as in production); 50 signed-in
 * connections offer 200 requests/s in total for 30 s — half the week-range calendar as the week view asks it
 * (with a channel filter), half the inbox's first page of 50 (open + mine) — then the offered rate rises in
 * 10 s steps until a p99 passes 100 ms. The API process's RSS is sampled throughout.
 *
 * The load is open-loop and evenly paced (one request every 1000/rps ms, alternating endpoints, over a pool
 * of 50 keep-alive connections), and each latency counts from the moment the request was due, so time spent
 * waiting for a free connection is included (no coordinated omission). autocannon's own rate mode is run
 * too, for reference, and reported apart (`autocannon_*`): it sends each connection's whole quota for a
 * second back to back at the start of that second — 200 requests at once, then nothing — so its p99 is
 * the time to drain a burst of 200, not the latency at 200 requests/s.
 *
 * Last line: {"calendar_p99_ms":..,"inbox_p99_ms":..,"rps":200,"max_rps_at_p99_100ms":..,"errors":0,"rss_mb":..,"rss_peak_all_steps_mb":..,"autocannon_calendar_p99_ms":..,"autocannon_inbox_p99_ms":..}
 * (`rss_mb`: the peak during the warm-up and the 200 req/s run; `rss_peak_all_steps_mb`: including the faster steps.)
 * The API runs with production's heap limit (tests/support/spawn-app.ts API_HEAP_FLAG, docs/SCALING.md "Memory").
 * Env: DATABASE_URL, REDIS_URL (or a local redis-server), BENCH_SECONDS (30), BENCH_RPS (200), BENCH_VARIANTS, BENCH_MESSAGES, BENCH_KEEP,
 * BENCH_RSS_TRACE (a file: every RSS sample, `<ms> <MB>` per line).
 */
import { randomBytes } from 'node:crypto';
import { appendFileSync, mkdtempSync, readFileSync } from 'node:fs';
import http from 'node:http';
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

/** Where the API process's memory is, from its /metrics (prom-client's defaults) and /proc: for the log. */
async function memoryBreakdown(pid: number): Promise<string> {
  const text = await (await fetch(`${base}/metrics`)).text();
  const mb = (name: string) => {
    const value = new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(text)?.[1];
    return value ? Math.round(Number(value) / 1048576) : null;
  };
  const spaces = [...text.matchAll(/^sotong_process_nodejs_heap_space_size_used_bytes\{space="(\w+)"\} (\S+)$/gm)]
    .map((m) => `${m[1]} ${Math.round(Number(m[2]) / 1048576)}`)
    .join(', ');
  const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
  const kb = (field: string) => Math.round(Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(rollup)?.[1] ?? 0) / 1024);
  return [
    `rss ${Math.round(rssMb(pid))} MB (anonymous ${kb('Anonymous')}, file-backed ${kb('Rss') - kb('Anonymous')})`,
    `V8 heap used ${mb('sotong_process_nodejs_heap_size_used_bytes')} of ${mb('sotong_process_nodejs_heap_size_total_bytes')} MB (${spaces})`,
    `external ${mb('sotong_process_nodejs_external_memory_bytes')} MB`,
  ].join('; ');
}

interface Leg {
  p99: number;
  errors: number;
  non2xx: number;
  requests: number;
}

/** autocannon's rate mode (bursts at each second's start; see the header), both endpoints at once. */
async function runAutocannon(
  rps: number,
  seconds: number,
  cookie: string,
  paths: { calendar: string; inbox: string },
): Promise<{ calendar: Leg; inbox: Leg }> {
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

const p99Of = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round((sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.99) - 1)] ?? 0) * 10) / 10;
};

/**
 * Open-loop, evenly paced: request n is due at start + n·1000/rps ms (calendar and inbox alternate), sent
 * over at most CONNECTIONS keep-alive sockets; its latency runs from when it was due to its last byte.
 */
async function run(rps: number, seconds: number, cookie: string, paths: { calendar: string; inbox: string }): Promise<{ calendar: Leg; inbox: Leg }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  const legs = { calendar: { latencies: [] as number[], errors: 0, non2xx: 0 }, inbox: { latencies: [] as number[], errors: 0, non2xx: 0 } };
  const total = Math.round(rps * seconds);
  const interval = 1000 / rps;
  const start = performance.now() + 50;
  const pending: Array<Promise<void>> = [];
  const send = (kind: keyof typeof legs, due: number) =>
    new Promise<void>((resolve) => {
      const req = http.get(`${base}${paths[kind]}`, { agent, headers: { cookie } }, (res) => {
        res.on('data', () => undefined);
        res.on('end', () => {
          if (res.statusCode === 200) legs[kind].latencies.push(performance.now() - due);
          else {
            legs[kind].non2xx += 1;
            if (legs[kind].non2xx <= 3) log(`  ${kind} answered ${res.statusCode}`);
          }
          resolve();
        });
      });
      req.setTimeout(10_000, () => req.destroy(new Error('timeout')));
      req.on('error', (error) => {
        legs[kind].errors += 1;
        if (legs[kind].errors <= 3) log(`  ${kind} failed: ${error.message}`);
        resolve();
      });
    });
  for (let n = 0; n < total; n++) {
    const due = start + n * interval;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    pending.push(send(n % 2 === 0 ? 'calendar' : 'inbox', due));
  }
  await Promise.all(pending);
  agent.destroy();
  const shape = (l: (typeof legs)['calendar']): Leg => ({
    p99: p99Of(l.latencies),
    errors: l.errors,
    non2xx: l.non2xx,
    requests: l.latencies.length,
  });
  return { calendar: shape(legs.calendar), inbox: shape(legs.inbox) };
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
    // The calendar screen asks every range with format=columns (client/src/features/calendar/api.ts).
    calendar: `/api/workspaces/${workspace.id}/calendar?format=columns&from=${from.toISOString()}&to=${to.toISOString()}&channelIds=${channels
      .slice(0, 3)
      .map((c) => c.id)
      .join(',')}`,
    inbox: `/api/workspaces/${workspace.id}/inbox/conversations?status=open&mine=true&limit=50`,
  };
  if (process.env.BENCH_KEEP) log(`paths: ${JSON.stringify(paths)}`);
  for (const url of Object.values(paths)) {
    const res = await fetch(`${base}${url}`, { headers: { cookie } });
    if (res.status !== 200) throw new Error(`${url} answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
  }
  const sampler = setInterval(() => {
    const rss = rssMb(api.child.pid as number);
    if (process.env.BENCH_RSS_TRACE) appendFileSync(process.env.BENCH_RSS_TRACE, `${Date.now()} ${Math.round(rss)}\n`);
    peakRss = Math.max(peakRss, rss);
  }, 250);
  log('warm-up 5 s at 50 req/s');
  await run(50, 5, cookie, paths);
  log(`${RPS} req/s for ${SECONDS} s with ${CONNECTIONS} connections`);
  const main = await run(RPS, SECONDS, cookie, paths);
  // The RSS target is at the offered 200 req/s; the steps above it are reported apart.
  const rssAtRps = peakRss;
  log(`memory after the 200 req/s run: ${await memoryBreakdown(api.child.pid as number)}`);
  log(`calendar p99 ${main.calendar.p99} ms (${main.calendar.requests} requests), inbox p99 ${main.inbox.p99} ms (${main.inbox.requests})`);
  let maxRps = main.calendar.p99 <= TARGET_P99 && main.inbox.p99 <= TARGET_P99 ? RPS : 0;
  for (let rps = RPS + 100; maxRps === rps - 100 && rps <= 3_000; rps += 100) {
    const step = await run(rps, 10, cookie, paths);
    log(`  ${rps} req/s: calendar p99 ${step.calendar.p99} ms, inbox p99 ${step.inbox.p99} ms`);
    if (step.calendar.p99 <= TARGET_P99 && step.inbox.p99 <= TARGET_P99 && step.calendar.errors + step.inbox.errors === 0) maxRps = rps;
  }
  clearInterval(sampler);
  log(`for reference, autocannon's rate mode at ${RPS} req/s for ${SECONDS} s (bursts at each second)`);
  const bursty = await runAutocannon(RPS, SECONDS, cookie, paths);
  log(`  autocannon: calendar p99 ${bursty.calendar.p99} ms, inbox p99 ${bursty.inbox.p99} ms`);
  const result = {
    calendar_p99_ms: main.calendar.p99,
    inbox_p99_ms: main.inbox.p99,
    rps: RPS,
    max_rps_at_p99_100ms: maxRps,
    errors: main.calendar.errors + main.inbox.errors + main.calendar.non2xx + main.inbox.non2xx,
    rss_mb: Math.round(rssAtRps),
    rss_peak_all_steps_mb: Math.round(peakRss),
    autocannon_calendar_p99_ms: bursty.calendar.p99,
    autocannon_inbox_p99_ms: bursty.inbox.p99,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
} finally {
  await stopProcess(api);
  await db.close();
  // BENCH_KEEP=1 keeps the database for EXPLAIN (its name is logged).
  if (process.env.BENCH_KEEP) log(`kept database ${pgDb.url}`);
  else await pgDb.drop();
  await localRedis?.stop();
}
