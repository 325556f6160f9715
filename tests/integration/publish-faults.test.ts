/**
 * The fault campaign: 500 approved X variants due over ~30 s, published by two separate worker
 * processes (`main.ts --role worker`) against the X emulator while it injects 10% 5xx (and some 5xx
 * that did commit), 5% 429 with a short reset and 5% commit-then-drop; one worker is SIGKILLed and
 * restarted every few seconds and the workers' Redis is wiped once mid-run. Every variant must end
 * published exactly once (never before its second) or failed with a reason, and the database must
 * agree with the network. Real PostgreSQL only: separate processes need a shared database.
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type Database, openDatabase } from '../../server/src/lib/db';
import { startXEmulator, type XEmulator } from '../emulators/x';
import {
  createDatabase,
  enqueueVariants,
  type Fleet,
  redisOnDb,
  type SeededVariant,
  seedApprovedVariants,
  seedFleet,
  spawnRole,
  stopProcess,
  waitForOutput,
  xUsers,
} from '../support/publish-fleet';
import type { SpawnedApp } from '../support/spawn-app';

const pgUrl = process.env.DATABASE_URL;
if (!pgUrl) console.log('publish-faults: skipped — the fault campaign needs a real PostgreSQL (DATABASE_URL) shared by separate worker processes');

const VARIANTS = 500;
const ACCOUNTS = 50;
const SPREAD_MS = 30_000;
const LEAD_MS = 6_000;
const KILL_EVERY_MS = 4_000;
/** Workers' Redis: a database number of its own, so wiping it touches nothing else of the suite. */
const REDIS_DB = 7;

let x: XEmulator;
let pgDb: Awaited<ReturnType<typeof createDatabase>>;
let db: Database;
let redis: Redis;
let redisUrl: string;
let fleet: Fleet;
const key = randomBytes(32);
const users = xUsers(ACCOUNTS, 'faults');
const workers: SpawnedApp[] = [];
const log = (m: string) => process.stdout.write(`[publish-faults] ${m}\n`);

describe.skipIf(!pgUrl)('publishing fault campaign (separate workers, kills, a Redis wipe, network faults)', () => {
  beforeAll(async () => {
    x = await startXEmulator({ users, seed: 2024 });
    const endpoint = 'POST /2/tweets';
    x.control.addFault({ kind: 'server_error', ratio: 0.1, status: 503, endpoint });
    x.control.addFault({ kind: 'server_error', ratio: 0.03, status: 500, commit: true, endpoint });
    x.control.addFault({ kind: 'rate_limit', ratio: 0.05, resetInSeconds: 2, endpoint });
    x.control.addFault({ kind: 'commit_then_drop', ratio: 0.05, endpoint });
    pgDb = await createDatabase(pgUrl as string, 'faults');
    db = await openDatabase({ databaseUrl: pgDb.url, poolSize: 4 });
    await db.migrate();
    redisUrl = redisOnDb(inject('redisUrl'), REDIS_DB);
    redis = new Redis(redisUrl, { maxRetriesPerRequest: 3 });
    await redis.flushdb();
    fleet = await seedFleet(db.prisma, key, users);
    for (let i = 0; i < 2; i++) workers.push(startWorker());
    await Promise.all(workers.map((w) => waitForOutput(w, 'workers started')));
  }, 90_000);

  afterAll(async () => {
    await Promise.all(workers.map((w) => stopProcess(w, 'SIGKILL')));
    await redis?.flushdb().catch(() => undefined);
    await redis?.quit();
    await db?.close();
    await pgDb?.drop();
    await x?.close();
  }, 60_000);

  function startWorker(): SpawnedApp {
    return spawnRole('worker', { databaseUrl: pgDb.url, redisUrl, xUrl: x.url, encryptionKey: key, logLevel: 'info' });
  }

  it('publishes every variant exactly once, on or after its second, or fails it with a reason', async () => {
    const t0 = Date.now() + LEAD_MS;
    const seeded: SeededVariant[] = await seedApprovedVariants(
      db.prisma,
      fleet,
      VARIANTS,
      (i) => new Date(t0 + Math.floor((i * SPREAD_MS) / VARIANTS)),
      (i) => `Fault campaign post ${i} · 캠페인 ${randomBytes(3).toString('hex')}`,
    );
    await enqueueVariants(redisUrl, seeded);
    log(`seeded and queued ${seeded.length} variants due from +${LEAD_MS / 1000}s over ${SPREAD_MS / 1000}s`);

    // Chaos while the variants fall due: SIGKILL one worker every few seconds and start it again; wipe Redis once.
    let kills = 0;
    let wiped = false;
    while (Date.now() < t0 + SPREAD_MS + 2_000) {
      await new Promise((r) => setTimeout(r, KILL_EVERY_MS));
      const slot = kills % 2;
      const victim = workers[slot] as SpawnedApp;
      victim.child.kill('SIGKILL');
      await victim.exited;
      workers[slot] = startWorker();
      kills += 1;
      if (!wiped && Date.now() > t0 + SPREAD_MS / 2) {
        await redis.flushdb();
        wiped = true;
        log(`wiped the workers' Redis at +${((Date.now() - t0) / 1000).toFixed(1)}s`);
      }
    }
    log(`${kills} worker kills; waiting for every variant to settle`);
    expect(wiped).toBe(true);

    const ids = seeded.map((v) => v.id);
    // Generous: after the wipe, work whose jobs were lost comes back through the reconciler (once a minute).
    const deadline = t0 + SPREAD_MS + 150_000;
    let open = ids.length;
    while (Date.now() < deadline) {
      open = await db.prisma.variant.count({ where: { id: { in: ids }, state: { notIn: ['published', 'failed'] } } });
      if (open === 0) break;
      await new Promise((r) => setTimeout(r, 1_000));
    }
    const rows = await db.prisma.variant.findMany({
      where: { id: { in: ids } },
      select: { id: true, text: true, state: true, remoteId: true, failureReason: true, scheduledAt: true },
    });
    const byState: Record<string, number> = {};
    for (const r of rows) byState[r.state] = (byState[r.state] ?? 0) + 1;
    const faults = x.control.faults().map((f) => `${f.kind}${f.commit ? '+commit' : ''}:${f.hits}`);
    log(`settled at +${((Date.now() - t0) / 1000).toFixed(1)}s: ${JSON.stringify(byState)}; faults hit ${faults.join(' ')}`);
    expect(open, `variants still not published or failed: ${JSON.stringify(byState)}`).toBe(0);

    // The network's record: every post made (answered, 5xx-after-commit and dropped alike), by text.
    const posts = x.control.posts().filter((p) => p.kind === 'post');
    const byText = new Map<string, typeof posts>();
    for (const p of posts) byText.set(p.text, [...(byText.get(p.text) ?? []), p]);
    const duplicates = [...byText.entries()].filter(([, list]) => list.length > 1).map(([text]) => text);
    expect(duplicates, 'posted more than once').toEqual([]);
    const early = rows.filter((r) => (byText.get(r.text) ?? []).some((p) => p.arrivedAt < (r.scheduledAt as Date).getTime()));
    expect(
      early.map((r) => r.text),
      'posted before the scheduled second',
    ).toEqual([]);

    const published = rows.filter((r) => r.state === 'published');
    const missing = published.filter((r) => !byText.has(r.text));
    expect(
      missing.map((r) => r.text),
      'published in the database but not on X',
    ).toEqual([]);
    const mismatched = published.filter((r) => byText.get(r.text)?.[0]?.remoteId !== r.remoteId);
    expect(
      mismatched.map((r) => r.text),
      'remote id differs from the post on X',
    ).toEqual([]);

    const failed = rows.filter((r) => r.state === 'failed');
    expect(
      failed.filter((r) => !r.failureReason?.trim()),
      'failed without a reason',
    ).toEqual([]);
    expect(
      failed.filter((r) => byText.has(r.text)).map((r) => r.text),
      'failed in the database but the post is on X',
    ).toEqual([]);
    // With these fault rates nearly everything goes out; failures are the rare variant out of retries.
    expect(published.length).toBeGreaterThan(VARIANTS * 0.9);
    expect(posts.length).toBe(published.length);
  }, 240_000);
});
