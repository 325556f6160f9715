import type { Redis } from 'ioredis';
import type { Config } from './config';
import type { PrismaClient, SqlReader } from './lib/db';
import type { Logger } from './lib/logger';

/** What the API and the workers are built from; created once in main.ts (or by a test). */
export interface Deps {
  config: Config;
  prisma: PrismaClient;
  /** Fast read path for large queries (see SqlReader). */
  sql: SqlReader;
  redis: Redis;
  logger: Logger;
  /** Prefix for every Redis key (queues, rate limits), so tests and deployments can share a Redis. */
  redisPrefix: string;
  /** Checks that the database answers. */
  pingDatabase(): Promise<void>;
}
