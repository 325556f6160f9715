import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import { type RedisReply, RedisStore } from 'rate-limit-redis';
import type { Deps } from '../../deps';
import { AppError } from '../../lib/errors';

/**
 * Login throttling, shared by every API process through Redis: failed sign-ins are counted per
 * address + email (10 per 15 minutes) and per address (50 per 15 minutes).
 */
export function loginRateLimits(deps: Deps) {
  const store = (name: string) =>
    new RedisStore({
      prefix: `${deps.redisPrefix}:rl:${name}:`,
      sendCommand: (command: string, ...args: string[]) => deps.redis.call(command, ...args) as Promise<RedisReply>,
    });
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
