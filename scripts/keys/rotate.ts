/**
 * `npm run keys:rotate`: re-encrypts every stored channel credential under the current ENCRYPTION_KEY.
 * Set the new key as ENCRYPTION_KEY and the old one(s) in ENCRYPTION_KEYS_PREVIOUS, restart the processes
 * (they read both), run this, then drop the old key. See docs/SCALING.md "Secrets and keys".
 */
import path from 'node:path';
import { Redis } from 'ioredis';
import { loadConfig } from '../../server/src/config';
import { openDatabase } from '../../server/src/lib/db';
import { createLogger } from '../../server/src/lib/logger';
import { rotateChannelKeys } from '../../server/src/modules/channels/rotate-keys';
import { rotateWebhookSecretKeys } from '../../server/src/modules/outgoing-webhooks/rotate-secret-keys';

const config = loadConfig();
const db = await openDatabase({ databaseUrl: config.databaseUrl, pgliteDir: path.join(config.dataDir, 'pgdata'), poolSize: 2 });
const logger = createLogger(config.logLevel);
const redis = new Redis(config.redisUrl ?? 'redis://127.0.0.1:6379', { lazyConnect: true });
try {
  const deps = { config, prisma: db.prisma, sql: db.reader, redis, logger, redisPrefix: 'sotong', pingDatabase: () => db.ping() };
  const result = await rotateChannelKeys(deps);
  console.log(`re-encrypted ${result.rotated} channel credential(s) under the current key`);
  if (result.unreadable.length) {
    console.error(`${result.unreadable.length} could not be read with the configured keys: ${result.unreadable.join(', ')}`);
    process.exitCode = 1;
  }
  const secrets = await rotateWebhookSecretKeys(deps);
  console.log(`re-encrypted ${secrets.rotated} webhook signing secret(s) under the current key`);
  if (secrets.unreadable.length) {
    console.error(`${secrets.unreadable.length} webhook endpoint(s) could not be read with the configured keys: ${secrets.unreadable.join(', ')}`);
    process.exitCode = 1;
  }
} finally {
  redis.disconnect();
  await db.close();
}
