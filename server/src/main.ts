/**
 * Starts Sotong: `--role all` (default) runs the API and the workers in one process;
 * `--role api` / `--role worker` run them apart (several of each against one PostgreSQL and Redis).
 */
import type { Server } from 'node:http';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import { demoCredentialsText, seedDemo } from '../../prisma/seed/demo';
import { createApp } from './app';
import { ConfigError, loadConfig } from './config';
import { connectDemoChannels } from './demo/connect-demo-channels';
import { DEMO_WEBHOOK_SECRETS, startDemoNetworks } from './demo/demo-networks';
import type { Deps } from './deps';
import { startWorkers, type Workers } from './jobs/workers';
import { openDatabase } from './lib/db';
import { createLogger } from './lib/logger';
import { MigrationError } from './lib/migrations';
import { type LocalRedis, RedisMissingError, startLocalRedis } from './lib/redis-server';
import { serveWorkerMetrics } from './modules/observability/routes';
import { attachRealtime, type Realtime } from './realtime/server';

type Role = 'all' | 'api' | 'worker';

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

async function main() {
  const { values } = parseArgs({ options: { role: { type: 'string', default: 'all' } }, allowPositionals: false });
  const role = values.role as Role;
  if (!['all', 'api', 'worker'].includes(role)) fail(`--role must be all, api or worker (got "${values.role}")`);

  const loaded = loadConfig();
  const logger = createLogger(loaded.logLevel).child({ role });
  let config = loaded;
  if (role !== 'all' && (!config.databaseUrl || !config.redisUrl)) {
    fail('Running the API and the workers as separate processes needs a shared DATABASE_URL and REDIS_URL; without them use the default --role all');
  }

  const localRedis: LocalRedis | undefined = config.redisUrl ? undefined : await startLocalRedis({ dir: path.join(config.dataDir, 'redis'), logger });
  const redisUrl = config.redisUrl ?? (localRedis as LocalRedis).url;
  const db = await openDatabase({
    databaseUrl: config.databaseUrl,
    pgliteDir: path.join(config.dataDir, 'pgdata'),
    poolSize: config.databasePoolSize,
  });
  // The demo's networks: emulators in this process, the channels' base URLs pointed at them.
  const demoNetworks = loaded.demoNetworks ? await startDemoNetworks() : undefined;
  if (demoNetworks) {
    config = {
      ...loaded,
      meta: {
        ...loaded.meta,
        graphUrl: demoNetworks.graphUrl,
        appSecret: loaded.meta.appSecret ?? DEMO_WEBHOOK_SECRETS.metaAppSecret,
        verifyToken: loaded.meta.verifyToken ?? DEMO_WEBHOOK_SECRETS.metaVerifyToken,
      },
      x: { ...loaded.x, apiUrl: demoNetworks.xUrl, consumerSecret: loaded.x.consumerSecret ?? DEMO_WEBHOOK_SECRETS.xConsumerSecret },
    };
    logger.info({ graph: demoNetworks.graphUrl, x: demoNetworks.xUrl }, 'demo networks (emulators) started');
  }
  const applied = await db.migrate();
  if (applied.length) logger.info({ applied }, 'applied database migrations');

  if (db.kind === 'pglite' && config.seedDemo === 'auto' && (await db.prisma.user.count()) === 0) {
    await seedDemo(db.prisma);
    process.stdout.write(`\n${demoCredentialsText()}\n\n`);
  }
  if (demoNetworks) await connectDemoChannels(db.prisma, config.encryptionKey);

  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 3 });
  const deps: Deps = { config, prisma: db.prisma, sql: db.reader, redis, logger, redisPrefix: 'sotong', pingDatabase: () => db.ping() };

  let server: Server | undefined;
  let workers: Workers | undefined;
  let realtime: Realtime | undefined;
  if (role !== 'worker') {
    const app = createApp(deps);
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(config.port, config.host, () => resolve(s));
    });
    realtime = attachRealtime(deps, server);
    // The demo audience's replies reach the inbox by webhook (and by polling, for any webhook lost).
    const address = server.address();
    if (demoNetworks && address && typeof address === 'object' && config.meta.appSecret && config.x.consumerSecret) {
      demoNetworks.connectWebhooks(`http://127.0.0.1:${address.port}`, {
        metaAppSecret: config.meta.appSecret,
        xConsumerSecret: config.x.consumerSecret,
      });
    }
    logger.info({ url: config.appUrl, database: db.kind }, `Sotong is listening on ${config.appUrl}`);
  }
  if (role !== 'api') workers = await startWorkers(deps);
  const metricsServer = role === 'worker' && config.metricsPort ? await serveWorkerMetrics(deps, config.metricsPort) : undefined;

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: finishing requests and jobs in progress');
    const force = setTimeout(() => fail('shutdown took longer than 30 s; exiting'), 30_000);
    force.unref();
    await realtime?.close();
    await new Promise<void>((resolve) => {
      if (!server) return resolve();
      server.close(() => resolve());
      server.closeIdleConnections();
    });
    metricsServer?.close();
    await workers?.close();
    await demoNetworks?.close();
    await redis.quit().catch(() => undefined);
    await db.close();
    await localRedis?.stop();
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof RedisMissingError || error instanceof MigrationError) fail(error.message);
  process.stderr.write(`Sotong failed to start: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
