import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import type { Deps } from '../../deps';
import { AppError } from '../../lib/errors';
import { redisRateStore } from '../auth/rate-limit';

/**
 * Public review links are guarded like sign-in: refused requests (unknown or dead tokens, bad
 * input) are counted per address in Redis, 30 per 15 minutes, so tokens cannot be guessed at speed.
 */
export function reviewRateLimit(deps: Deps) {
  return rateLimit({
    windowMs: 15 * 60_000,
    limit: 30,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    skipSuccessfulRequests: true,
    store: redisRateStore(deps, 'review'),
    keyGenerator: (req) => ipKeyGenerator(req.ip ?? '0.0.0.0'),
    handler: (_req, _res, next) => next(new AppError('too_many_requests', 'Too many attempts with review links; wait a few minutes and try again')),
  });
}
