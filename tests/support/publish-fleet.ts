/**
 * A publishing fleet on real parts, shared by the fault campaign and `npm run bench:publish`: a fresh
 * PostgreSQL database, X channels with encrypted credentials for emulator users, approved variants
 * written straight into the database in bulk, their jobs queued as the API does after an approval,
 * and worker/API processes run from `server/src/main.ts` exactly as in production.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import pg from 'pg';
import { buildUser, buildWorkspace } from '../../prisma/seed/builders';
import { encryptCredentials } from '../../server/src/channels/credentials';
import { queueNames } from '../../server/src/jobs/queues';
import type { PrismaClient } from '../../server/src/lib/db';
import { enqueuePublish } from '../../server/src/modules/publishing/publish-jobs';
import type { XUserSeed } from '../emulators/x';
import { type SpawnedApp, spawnApp } from './spawn-app';

/** The prefix `server/src/main.ts` gives every process's queues. */
export const APP_REDIS_PREFIX = 'sotong';

export async function createDatabase(baseUrl: string, tag: string) {
  const name = `sotong_${tag}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: baseUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    },
  };
}

/** Redis URL `base` on database number `db` (a whole database of its own, so wiping it is safe). */
export function redisOnDb(base: string, db: number): string {
  const url = new URL(base);
  url.pathname = `/${db}`;
  return url.toString();
}

export const xUsers = (count: number, tag: string): XUserSeed[] =>
  Array.from({ length: count }, (_, i) => ({
    id: String(1_700_000_000_000_000_000n + BigInt(i)),
    username: `${tag}_${i}`,
    accessTokens: [`${tag}-token-${i}`],
  }));

export interface Fleet {
  workspaceId: string;
  authorId: string;
  channelIds: string[];
}

/** A workspace and one X channel per emulator user, credentials encrypted under `key`. */
export async function seedFleet(prisma: PrismaClient, key: Buffer, users: XUserSeed[]): Promise<Fleet> {
  const author = await buildUser(prisma, {
    email: `fleet-${randomBytes(3).toString('hex')}@sotong.dev`,
    name: 'Fleet',
    password: 'fleet-password-1',
  });
  const workspace = await buildWorkspace(prisma, author, { name: 'Fleet' });
  const secrets = users.map((u) => encryptCredentials(key, { accessToken: u.accessTokens?.[0] ?? '' }));
  const rows = await prisma.$queryRawUnsafe<Array<{ id: string }>>(
    `INSERT INTO "ChannelAccount" (id, "workspaceId", provider, name, handle, "remoteId", credentials, "credentialsKeyId", "updatedAt")
     SELECT gen_random_uuid(), $1::uuid, 'x', 'X ' || u.handle, u.handle, u.remote, u.cred, u.kid, now()
     FROM unnest($2::text[], $3::text[], $4::text[], $5::text[]) WITH ORDINALITY AS u(handle, remote, cred, kid, n)
     ORDER BY u.n RETURNING id`,
    workspace.id,
    users.map((u) => u.username),
    users.map((u) => u.id),
    secrets.map((s) => s.credentials),
    secrets.map((s) => s.credentialsKeyId),
  );
  return { workspaceId: workspace.id, authorId: author.id, channelIds: rows.map((r) => r.id) };
}

export interface SeededVariant {
  id: string;
  text: string;
  scheduledAt: Date;
  scheduleVersion: number;
}

/**
 * Approved posts (state `scheduled`, approvedVersion = version), one X variant each, already
 * `scheduled`: variant i goes to channel i mod channels, due at `at(i)`, with the text `text(i)`.
 */
export async function seedApprovedVariants(
  prisma: PrismaClient,
  fleet: Fleet,
  count: number,
  at: (i: number) => Date,
  text: (i: number) => string,
): Promise<SeededVariant[]> {
  const out: SeededVariant[] = [];
  for (let start = 0; start < count; start += 5_000) {
    const n = Math.min(5_000, count - start);
    const idx = Array.from({ length: n }, (_, k) => start + k);
    const rows = await prisma.$queryRawUnsafe<Array<{ id: string; text: string; scheduledAt: Date; scheduleVersion: number }>>(
      `WITH input AS (
         SELECT gen_random_uuid() AS post_id, t.text, t.at, t.channel
         FROM unnest($3::text[], $4::timestamptz[], $5::uuid[]) AS t(text, at, channel)
       ), posts AS (
         INSERT INTO "Post" (id, "workspaceId", title, labels, "authorId", state, version, "approvedVersion", "updatedAt")
         SELECT post_id, $1::uuid, left(text, 60), ARRAY[]::text[], $2::uuid, 'scheduled', 1, 1, now() FROM input
       )
       INSERT INTO "Variant" (id, "postId", "workspaceId", "channelAccountId", text, "scheduledAt", "scheduleVersion", state, "updatedAt")
       SELECT gen_random_uuid(), post_id, $1::uuid, channel, text, at, 1, 'scheduled', now() FROM input
       RETURNING id, text, "scheduledAt", "scheduleVersion"`,
      fleet.workspaceId,
      fleet.authorId,
      idx.map(text),
      idx.map((i) => at(i).toISOString()),
      idx.map((i) => fleet.channelIds[i % fleet.channelIds.length] as string),
    );
    out.push(...rows);
  }
  return out;
}

/** What the API does after an approval (syncPostJobs): one deterministic delayed job per variant. */
export async function enqueueVariants(redisUrl: string, variants: SeededVariant[]): Promise<void> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 3 });
  const queue = new Queue(queueNames.publish, { connection: redis, prefix: APP_REDIS_PREFIX });
  try {
    for (let i = 0; i < variants.length; i += 500) {
      await Promise.all(variants.slice(i, i + 500).map((v) => enqueuePublish(queue, v)));
    }
  } finally {
    await queue.close();
    await redis.quit();
  }
}

export interface ProcessEnv {
  databaseUrl: string;
  redisUrl: string;
  xUrl: string;
  encryptionKey: Buffer;
  logLevel?: string;
  extra?: Record<string, string>;
  /** Run the server build (benchmarks; `buildServer()` first) instead of the sources through tsx. */
  build?: boolean;
}

/** `node … main --role <role>` with the fleet's database, Redis, X and key. */
export function spawnRole(role: 'api' | 'worker', env: ProcessEnv, port?: number): SpawnedApp {
  return spawnApp(
    {
      DATABASE_URL: env.databaseUrl,
      REDIS_URL: env.redisUrl,
      X_API_URL: env.xUrl,
      ENCRYPTION_KEY: env.encryptionKey.toString('base64'),
      DATA_DIR: mkdtempSync(path.join(tmpdir(), `sotong-${role}-`)),
      LOG_LEVEL: env.logLevel ?? 'warn',
      NODE_ENV: 'production',
      ...(port ? { PORT: String(port), APP_URL: `http://127.0.0.1:${port}` } : {}),
      ...env.extra,
    },
    ['--role', role],
    { build: env.build },
  );
}

/** Resolves once the worker process logged that its workers started (LOG_LEVEL ≤ info), or after `timeoutMs`. */
export async function waitForOutput(app: SpawnedApp, needle: string, timeoutMs = 60_000): Promise<void> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (app.output().includes(needle)) return;
    if (app.child.exitCode !== null) throw new Error(`the process exited early:\n${app.output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`"${needle}" not seen within ${timeoutMs} ms:\n${app.output()}`);
}

export async function stopProcess(app: SpawnedApp, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (app.child.exitCode !== null || app.child.signalCode !== null) return;
  app.child.kill(signal);
  const timer = setTimeout(() => app.child.kill('SIGKILL'), 15_000);
  await app.exited;
  clearTimeout(timer);
}

/** Quantile of sorted numbers (nearest rank). */
export const quantile = (sorted: number[], q: number): number =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? 0;
