/**
 * A real Sotong for one test file: a fresh PostgreSQL database (a new database on DATABASE_URL's
 * server, dropped afterwards) or, without DATABASE_URL (or with `embedded`), an in-memory PGlite; the shared test Redis
 * under a key prefix of its own; all migrations applied.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import pg from 'pg';
import { inject } from 'vitest';
import { createApp } from '../../server/src/app';
import { loadConfig } from '../../server/src/config';
import type { Deps } from '../../server/src/deps';
import { type Database, openDatabase } from '../../server/src/lib/db';
import { createLogger } from '../../server/src/lib/logger';

export interface TestContext {
  deps: Deps;
  db: Database;
  app: ReturnType<typeof createApp>;
  close(): Promise<void>;
}

async function createPostgresDatabase(baseUrl: string) {
  const name = `sotong_t_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: baseUrl });
      await c.connect();
      // Let the app's connections finish closing first: killing one that is still ending surfaces
      // as an uncaught "terminating connection" error in the test process.
      for (let i = 0; i < 40; i++) {
        const { rows } = await c.query('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1', [name]);
        if (rows[0]?.n === 0) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    },
  };
}

export async function startTestApp(
  options: {
    env?: Record<string, string>;
    clientDir?: string;
    /** The embedded database (PGlite) even when DATABASE_URL is set: `npm start`'s default, with its single connection. */
    embedded?: boolean;
  } = {},
): Promise<TestContext> {
  const baseUrl = options.embedded ? undefined : process.env.DATABASE_URL;
  const pgDb = baseUrl ? await createPostgresDatabase(baseUrl) : undefined;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'sotong-test-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    APP_URL: 'http://127.0.0.1:3000',
    ...(pgDb ? { DATABASE_URL: pgDb.url } : {}),
    REDIS_URL: inject('redisUrl'),
    ...options.env,
  });
  const db = await openDatabase({ databaseUrl: config.databaseUrl, pgliteDir: 'memory://', poolSize: 5 });
  await db.migrate();
  const redis = new Redis(inject('redisUrl'), { maxRetriesPerRequest: 3 });
  const deps: Deps = {
    config,
    prisma: db.prisma,
    sql: db.reader,
    redis,
    logger: createLogger(config.logLevel),
    redisPrefix: `test:${randomBytes(4).toString('hex')}`,
    pingDatabase: () => db.ping(),
  };
  const app = createApp(deps, { clientDir: options.clientDir ?? path.join(dataDir, 'no-client') });
  return {
    deps,
    db,
    app,
    async close() {
      const keys = await redis.keys(`${deps.redisPrefix}:*`);
      if (keys.length) await redis.del(...keys);
      await redis.quit();
      await db.close();
      await pgDb?.drop();
    },
  };
}
