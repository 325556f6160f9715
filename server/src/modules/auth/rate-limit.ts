import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import { type RedisReply, RedisStore } from 'rate-limit-redis';
import type { Deps } from '../../deps';
import { AppError } from '../../lib/errors';

/** A rate-limit counter in Redis, shared by every API process, under this deployment's prefix. */
export function redisRateStore(deps: Deps, name: string): RedisStore {
  return new RedisStore({
    prefix: `${deps.redisPrefix}:rl:${name}:`,
    sendCommand: (command: string, ...args: string[]) => deps.redis.call(command, ...args) as Promise<RedisReply>,
  });
}

/**
 * Login throttling, shared by every API process through Redis: failed sign-ins are counted per
 * address + email (10 per 15 minutes) and per address (50 per 15 minutes).
 */
export function loginRateLimits(deps: Deps) {
  const store = (name: string) => redisRateStore(deps, name);
  const refuse = () => new AppError('too_many_requests', 'Too many sign-in attempts; wait a few minutes and try again');
  const base = {
    windowMs: 15 * 60_000,
    standardHeaders: 'draft-8' as const,
    legacyHeaders: false,
    skipSuccessfulRequests: true,
    handler: (_req: unknown, _res: unknown, next: (e: unknown) => void) => next(refuse()),
  };
  const ip = (req: { ip?: string }) => ipKeyGenerator(req.ip ?? '0.0.0.0');
  return [
    rateLimit({ ...base, limit: 50, store: store('login-ip'), keyGenerator: ip }),
    rateLimit({
      ...base,
      limit: 10,
      store: store('login'),
      keyGenerator: (req) => {
        const email = typeof req.body?.email === 'string' ? req.body.email.trim().toLowerCase() : '';
        return `${ip(req)}:${email}`;
      },
    }),
  ];
}

/**
 * Every /api request is counted per caller, shared by all API processes through Redis: an API token by its
 * id, a signed-in person by their user id (all their tabs and devices together), anyone else by address.
 * API_RATE_LIMIT_PER_MINUTE (default 1,200: 20 a second, far above what the UI sends — a busy calendar
 * week with its lookups is about 15 requests). Over it: 429 with RateLimit headers (draft-8) and Retry-After.
 */
export function apiRateLimit(deps: Deps) {
  return rateLimit({
    windowMs: 60_000,
    limit: deps.config.apiRateLimitPerMinute,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    store: redisRateStore(deps, 'api'),
    keyGenerator: (req) =>
      req.auth?.tokenId ? `token:${req.auth.tokenId}` : req.auth ? `user:${req.auth.user.id}` : `ip:${ipKeyGenerator(req.ip ?? '0.0.0.0')}`,
    // Health and readiness probes come from the platform, often every second.
    skip: (req) => req.path.startsWith('/health'),
    handler: (_req, _res, next) => next(new AppError('too_many_requests', 'Too many requests; slow down and try again in a minute')),
  });
}
