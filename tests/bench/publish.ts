/**
 * `npm run bench:publish`: 10,000 approved X variants over 1,000 accounts, all due at the same instant
 * (~20 s after seeding), published by the engine as in production — an API process and separate worker
 * processes (`server/src/main.ts --role api|worker`) on real PostgreSQL and Redis — to the X emulator
 * with 50 ms latency. Lateness is measured at the emulator (arrival − scheduled).
 * In the same run: the floor (the same 10,000 calls through the same SDK, createXClient, at one instant,
 * no database or queue) and ≥100 single posts one at a time on the idle system.
 * Prints progress on stderr and, last, one JSON line on stdout.
 * Env: DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres), REDIS_URL (or a local
 * redis-server is started), BENCH_VARIANTS, BENCH_ACCOUNTS, BENCH_WORKERS (2), BENCH_SINGLES (100),
 * BENCH_LEAD_MS (20000). The workers' Redis is a database number of its own (BENCH_REDIS_DB, 8), wiped before and after.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { createXClient } from '../../server/src/channels/providers/sdk/x-client';
import { openDatabase } from '../../server/src/lib/db';
import { type LocalRedis, startLocalRedis } from '../../server/src/lib/redis-server';
import { nowMs, type PostRecord } from '../emulators/kit';
import { startXEmulator } from '../emulators/x';
import {
  createDatabase,
  enqueueVariants,
  quantile,
  redisOnDb,
  type SeededVariant,
  seedApprovedVariants,
  seedFleet,
  spawnRole,
  stopProcess,
  waitForOutput,
  xUsers,
} from '../support/publish-fleet';
import { buildServer, freePort, type SpawnedApp, waitForHealthy } from '../support/spawn-app';

const VARIANTS = Number(process.env.BENCH_VARIANTS ?? 10_000);
const ACCOUNTS = Number(process.env.BENCH_ACCOUNTS ?? 1_000);
const WORKERS = Number(process.env.BENCH_WORKERS ?? 2);
const SINGLES = Number(process.env.BENCH_SINGLES ?? 100);
const LEAD_MS = Number(process.env.BENCH_LEAD_MS ?? 20_000);
const REDIS_DB = Number(process.env.BENCH_REDIS_DB ?? 8);
const SINGLE_GAP_MS = 300;
const LATENCY_MS = 50;
const baseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const log = (m: string) => process.stderr.write(`[bench:publish] ${m}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const round = (n: number) => Math.round(n * 10) / 10;

const users = xUsers(ACCOUNTS, 'bench');
const key = randomBytes(32);
const x = await startXEmulator({ users, latencyMs: LATENCY_MS, seed: 11 });
const pgDb = await createDatabase(baseUrl, 'bench_publish');
const localRedis: LocalRedis | undefined = process.env.REDIS_URL
  ? undefined
  : await startLocalRedis({ dir: mkdtempSync(path.join(tmpdir(), 'bench-redis-')), logger: pino({ level: 'warn' }), persist: false });
const redisUrl = redisOnDb(process.env.REDIS_URL ?? (localRedis as LocalRedis).url, REDIS_DB);
const redis = new Redis(redisUrl, { maxRetriesPerRequest: 3 });
const db = await openDatabase({ databaseUrl: pgDb.url, poolSize: 4 });
const processes: SpawnedApp[] = [];
let exitCode = 0;

/** Waits until every text has arrived at the emulator (or the deadline); answers the arrivals by text. */
async function arrivals(texts: Set<string>, deadline: number): Promise<Map<string, PostRecord[]>> {
  let seen = 0;
  let lastLog = 0;
  while (Date.now() < deadline) {
    seen = 0;
    for (const p of x.control.posts()) if (texts.has(p.text)) seen += 1;
    if (seen >= texts.size) break;
    if (Date.now() - lastLog > 2_000) {
      log(`  ${seen}/${texts.size} arrived`);
      lastLog = Date.now();
    }
    await sleep(250);
  }
  const byText = new Map<string, PostRecord[]>();
  for (const p of x.control.posts()) if (texts.has(p.text)) byText.set(p.text, [...(byText.get(p.text) ?? []), p]);
  return byText;
}

try {
  await db.migrate();
  await redis.flushdb();
  const env = { databaseUrl: pgDb.url, redisUrl, xUrl: x.url, encryptionKey: key, logLevel: 'info', build: true };
  await buildServer();
  const port = await freePort();
  const api = spawnRole('api', env, port);
  processes.push(api);
  for (let i = 0; i < WORKERS; i++) processes.push(spawnRole('worker', env));
  await waitForHealthy(`http://127.0.0.1:${port}`, api);
  await Promise.all(processes.slice(1).map((w) => waitForOutput(w, 'workers started')));
  log(`API on :${port} and ${WORKERS} worker processes started; X emulator ${x.url} with ${LATENCY_MS} ms latency`);
  const fleet = await seedFleet(db.prisma, key, users);

  // 1. The floor: the same calls straight through the SDK, at one instant, no database and no queue.
  const clients = users.map((u) => createXClient(u.accessTokens?.[0] ?? '', { baseUrl: x.url }));
  await Promise.all(clients.map((c) => c.v2.me()));
  const floorTexts = Array.from({ length: VARIANTS }, (_, i) => `floor post ${i}`);
  const floorStart = nowMs();
  await Promise.allSettled(floorTexts.map((text, i) => clients[i % ACCOUNTS]?.v2.tweet(text)));
  const floorSet = new Set(floorTexts);
  const floorLate = x.control
    .posts()
    .filter((p) => floorSet.has(p.text))
    .map((p) => p.arrivedAt - floorStart)
    .sort((a, b) => a - b);
  const floorP99 = quantile(floorLate, 0.99);
  log(`floor: ${floorLate.length} calls, p50 ${round(quantile(floorLate, 0.5))} ms, p99 ${round(floorP99)} ms`);
  await sleep(2_000);

  // 2. The burst: every variant due at the same instant, ~LEAD_MS after seeding.
  const seedStart = Date.now();
  const due = new Date(Math.ceil((Date.now() + LEAD_MS + 2_000) / 1000) * 1000);
  const burst: SeededVariant[] = await seedApprovedVariants(
    db.prisma,
    fleet,
    VARIANTS,
    () => due,
    (i) => `bench post ${i} ${randomBytes(2).toString('hex')}`,
  );
  await enqueueVariants(redisUrl, burst);
  log(
    `seeded and queued ${burst.length} variants in ${Date.now() - seedStart} ms, all due at ${due.toISOString()} (in ${due.getTime() - Date.now()} ms)`,
  );
  const burstTexts = new Set(burst.map((v) => v.text));
  const burstArrivals = await arrivals(burstTexts, due.getTime() + 180_000);
  const late: number[] = [];
  let duplicates = 0;
  let early = 0;
  let lastArrival = due.getTime();
  for (const list of burstArrivals.values()) {
    duplicates += list.length - 1;
    for (const p of list) {
      late.push(p.arrivedAt - due.getTime());
      if (p.arrivedAt < due.getTime()) early += 1;
      lastArrival = Math.max(lastArrival, p.arrivedAt);
    }
  }
  late.sort((a, b) => a - b);
  const missing = burst.length - burstArrivals.size;
  const states = await db.prisma.variant.groupBy({ by: ['state'], where: { id: { in: burst.map((v) => v.id) } }, _count: true });
  log(
    `burst: ${late.length} arrivals, p50 ${round(quantile(late, 0.5))} ms, p99 ${round(quantile(late, 0.99))} ms, max ${round(late.at(-1) ?? 0)} ms; ` +
      `database ${states.map((s) => `${s.state}=${s._count}`).join(' ')}`,
  );
  // The engine is idle again once every result is stored.
  const settledBy = Date.now() + 180_000;
  const burstIds = burst.map((v) => v.id);
  while (Date.now() < settledBy) {
    const open = await db.prisma.variant.count({ where: { id: { in: burstIds }, state: { notIn: ['published', 'failed'] } } });
    if (open === 0) break;
    await sleep(1_000);
  }
  log(`burst stored in the database ${((Date.now() - due.getTime()) / 1000).toFixed(1)} s after the instant`);
  await sleep(3_000);

  // 3. Single posts, one at a time on the idle system (each alone at its instant, SINGLE_GAP_MS apart).
  const singlesStart = Math.ceil((Date.now() + 4_000) / 1000) * 1000;
  const singles = await seedApprovedVariants(
    db.prisma,
    fleet,
    SINGLES,
    (i) => new Date(singlesStart + i * SINGLE_GAP_MS),
    (i) => `single post ${i} ${randomBytes(2).toString('hex')}`,
  );
  await enqueueVariants(redisUrl, singles);
  const singleArrivals = await arrivals(new Set(singles.map((s) => s.text)), singlesStart + SINGLES * SINGLE_GAP_MS + 60_000);
  const singleLate = singles
    .flatMap((s) => (singleArrivals.get(s.text) ?? []).map((p) => p.arrivedAt - s.scheduledAt.getTime()))
    .sort((a, b) => a - b);
  const singlesMissing = singles.length - singleArrivals.size;
  log(`singles: ${singleLate.length} arrivals, p50 ${round(quantile(singleLate, 0.5))} ms, p99 ${round(quantile(singleLate, 0.99))} ms`);

  const p99 = quantile(late, 0.99);
  const result = {
    variants: VARIANTS,
    accounts: ACCOUNTS,
    p50_late_ms: round(quantile(late, 0.5)),
    p99_late_ms: round(p99),
    max_late_ms: round(late.at(-1) ?? 0),
    floor_p99_ms: round(floorP99),
    ratio_p99: Math.round((p99 / floorP99) * 100) / 100,
    per_sec: Math.round(late.length / Math.max(0.001, (lastArrival - due.getTime()) / 1000)),
    duplicates: duplicates + [...singleArrivals.values()].reduce((n, l) => n + l.length - 1, 0),
    missing: missing + singlesMissing,
    early: early + singleLate.filter((l) => l < 0).length,
    single_p99_late_ms: round(quantile(singleLate, 0.99)),
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
  if (process.env.BENCH_DEBUG) for (const p of processes) log(`--- process output (tail)\n${p.output().slice(-6_000)}`);
} catch (error) {
  log(`failed: ${(error as Error).stack ?? String(error)}`);
  for (const p of processes) log(`--- process output (tail)\n${p.output().slice(-2_000)}`);
  exitCode = 1;
} finally {
  await Promise.all(processes.map((p) => stopProcess(p)));
  await redis.flushdb().catch(() => undefined);
  await redis.quit();
  await db.close();
  await pgDb.drop();
  await x.close();
  await localRedis?.stop();
}
process.exit(exitCode);
