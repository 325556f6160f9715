import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/**
 * Every setting, parsed once from the environment. Nothing else reads `process.env`.
 * A bad value stops the boot with a message naming the variable.
 */
const optionalUrl = z.url().optional();
const emptyAsUndefined = (v: unknown) => (v === '' ? undefined : v);

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATABASE_URL: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
      .optional(),
  ),
  REDIS_URL: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .regex(/^rediss?:\/\//, 'must be a redis:// URL')
      .optional(),
  ),
  /** Connections per process for the main pool (a read pool of half as many comes on top). */
  DATABASE_POOL_SIZE: z.coerce.number().int().min(2).max(200).default(10),
  DATA_DIR: z.string().min(1).default('./data'),
  APP_URL: z.preprocess(emptyAsUndefined, optionalUrl),
  SESSION_SECRET: z.preprocess(emptyAsUndefined, z.string().min(32, 'must be at least 32 characters').optional()),
  ENCRYPTION_KEY: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .regex(/^[A-Za-z0-9+/=_-]{43,}$/, 'must be 32 bytes, base64 encoded')
      .optional(),
  ),
  /** Older keys (comma-separated, same format), still accepted for reading while `npm run keys:rotate` re-encrypts. */
  ENCRYPTION_KEYS_PREVIOUS: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .regex(/^[A-Za-z0-9+/=_-]{43,}(,[A-Za-z0-9+/=_-]{43,})*$/, 'must be base64 keys separated by commas')
      .optional(),
  ),
  META_GRAPH_URL: z.url().default('https://graph.facebook.com'),
  META_APP_ID: z.preprocess(emptyAsUndefined, z.string().optional()),
  META_APP_SECRET: z.preprocess(emptyAsUndefined, z.string().optional()),
  META_VERIFY_TOKEN: z.preprocess(emptyAsUndefined, z.string().optional()),
  X_API_URL: z.url().default('https://api.x.com'),
  X_CLIENT_ID: z.preprocess(emptyAsUndefined, z.string().optional()),
  X_CLIENT_SECRET: z.preprocess(emptyAsUndefined, z.string().optional()),
  X_CONSUMER_SECRET: z.preprocess(emptyAsUndefined, z.string().optional()),
  SMTP_URL: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .regex(/^smtps?:\/\//, 'must be an smtp:// URL')
      .optional(),
  ),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SEED_DEMO: z.enum(['auto', 'never']).default('auto'),
  DEMO_NETWORKS: z.enum(['auto', 'never']).default('auto'),
  /** Bearer token a Prometheus scrape of /metrics must send; unset: /metrics is open. */
  METRICS_TOKEN: z.preprocess(emptyAsUndefined, z.string().min(16, 'must be at least 16 characters').optional()),
  /** E-mails (comma-separated) of the operators who may open the queue dashboard at /admin/queues. */
  OPS_ADMINS: z.preprocess(emptyAsUndefined, z.string().optional()),
  /** A worker process (`--role worker`) serves /metrics on this port when set. */
  METRICS_PORT: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).max(65535).optional()),
  /** How often every connected channel is polled for comments and mentions (webhooks' backfill). */
  INBOX_POLL_SECONDS: z.coerce.number().int().min(1).max(86_400).default(60),
  /** An address whose webhook deliveries are refused (unsigned, wrong signature, not JSON) more often than this in a minute gets 429s for the rest of it. */
  /**
   * Which proxies in front of the API to believe about the caller's address (X-Forwarded-For), as Express's
   * `trust proxy`: a hop count (`1`), or addresses/subnets/`loopback`, `uniquelocal` (comma-separated). Unset: none.
   */
  TRUST_PROXY: z.preprocess(emptyAsUndefined, z.string().max(500).optional()),
  /** Requests a minute per API token, signed-in person or (signed out) address on /api. */
  API_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(10_000_000).default(1_200),
  WEBHOOK_REFUSALS_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(60),
  /** Outgoing webhooks may reach private, loopback and link-local addresses (and plain http). Local tests only. */
  WEBHOOKS_ALLOW_PRIVATE: z.enum(['true', 'false']).default('false'),
  /** The first retry of a failed outgoing webhook waits this long; each next one three times longer (at most 6 h). */
  WEBHOOKS_RETRY_BASE_SECONDS: z.coerce.number().min(0.1).max(3600).default(60),
});

export type Env = z.infer<typeof envSchema>;

export interface Config {
  env: Env['NODE_ENV'];
  port: number;
  host: string;
  databaseUrl: string | undefined;
  redisUrl: string | undefined;
  dataDir: string;
  appUrl: string;
  secureCookies: boolean;
  sessionSecret: string;
  encryptionKey: Buffer;
  meta: { graphUrl: string; appId?: string; appSecret?: string; verifyToken?: string };
  x: { apiUrl: string; clientId?: string; clientSecret?: string; consumerSecret?: string };
  smtpUrl: string | undefined;
  logLevel: Env['LOG_LEVEL'];
  seedDemo: Env['SEED_DEMO'];
  /** Start the Graph API and X API emulators for the demo (embedded start with no network URLs set). */
  demoNetworks: boolean;
  inbox: { pollIntervalMs: number; webhookRefusalsPerMinute: number };
  /** Outgoing webhooks (modules/outgoing-webhooks/). */
  webhooks: { allowPrivate: boolean; retryBaseMs: number };
  metricsToken: string | undefined;
  apiRateLimitPerMinute: number;
  /** TRUST_PROXY as Express and proxy-addr take it: a hop count or a list of addresses/subnets; undefined trusts none. */
  trustProxy: number | string[] | undefined;
  /** The current key first, then ENCRYPTION_KEYS_PREVIOUS: what stored secrets may be read with. */
  decryptionKeys: Buffer[];
  metricsPort: number | undefined;
  opsAdmins: string[];
  databasePoolSize: number;
}

export class ConfigError extends Error {}

const decodeKey = (text: string) => Buffer.from(text, text.includes('-') || text.includes('_') ? 'base64url' : 'base64');

/** Reads a secret from DATA_DIR, or creates it there once with 0600 permissions. */
function persistedSecret(dataDir: string, file: string, make: () => string): string {
  const full = path.join(dataDir, file);
  if (existsSync(full)) return readFileSync(full, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const value = make();
  writeFileSync(full, `${value}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(full, 0o600);
  return value;
}

export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const dataDir = path.resolve(e.DATA_DIR);
  const sessionSecret = e.SESSION_SECRET ?? persistedSecret(dataDir, 'session-secret', () => randomBytes(48).toString('base64url'));
  const keyText = e.ENCRYPTION_KEY ?? persistedSecret(dataDir, 'encryption-key', () => randomBytes(32).toString('base64'));
  const encryptionKey = decodeKey(keyText);
  if (encryptionKey.length !== 32) throw new ConfigError('Invalid configuration:\n  ENCRYPTION_KEY: must decode to exactly 32 bytes');
  const previousKeys = (e.ENCRYPTION_KEYS_PREVIOUS ?? '').split(',').filter(Boolean).map(decodeKey);
  if (previousKeys.some((k) => k.length !== 32))
    throw new ConfigError('Invalid configuration:\n  ENCRYPTION_KEYS_PREVIOUS: every key must decode to exactly 32 bytes');
  const appUrl = (e.APP_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, '');
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    redisUrl: e.REDIS_URL,
    dataDir,
    appUrl,
    secureCookies: appUrl.startsWith('https://'),
    sessionSecret,
    encryptionKey,
    decryptionKeys: [encryptionKey, ...previousKeys],
    meta: { graphUrl: e.META_GRAPH_URL, appId: e.META_APP_ID, appSecret: e.META_APP_SECRET, verifyToken: e.META_VERIFY_TOKEN },
    x: { apiUrl: e.X_API_URL, clientId: e.X_CLIENT_ID, clientSecret: e.X_CLIENT_SECRET, consumerSecret: e.X_CONSUMER_SECRET },
    smtpUrl: e.SMTP_URL,
    logLevel: e.LOG_LEVEL,
    seedDemo: e.SEED_DEMO,
    demoNetworks: e.DEMO_NETWORKS === 'auto' && !e.DATABASE_URL && !source.META_GRAPH_URL && !source.X_API_URL,
    inbox: { pollIntervalMs: e.INBOX_POLL_SECONDS * 1000, webhookRefusalsPerMinute: e.WEBHOOK_REFUSALS_PER_MINUTE },
    webhooks: { allowPrivate: e.WEBHOOKS_ALLOW_PRIVATE === 'true', retryBaseMs: Math.round(e.WEBHOOKS_RETRY_BASE_SECONDS * 1000) },
    metricsToken: e.METRICS_TOKEN,
    apiRateLimitPerMinute: e.API_RATE_LIMIT_PER_MINUTE,
    trustProxy:
      e.TRUST_PROXY === undefined ? undefined : /^\d+$/.test(e.TRUST_PROXY) ? Number(e.TRUST_PROXY) : e.TRUST_PROXY.split(',').map((p) => p.trim()),
    metricsPort: e.METRICS_PORT,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    opsAdmins: (e.OPS_ADMINS ?? '')
      .split(',')
      .map((email) => email.trim())
      .filter(Boolean),
  };
}
