/**
 * Rate budgets an adapter learns from the network's own answers (X `x-rate-limit-*`, Graph
 * `x-app-usage` / `x-business-use-case-usage`), so a call that would be refused is not made: the
 * engine gets `rate_limited(resetAt)` before anything is sent and waits for the reset. Per process
 * (each process learns from every answer it gets; the network's numbers are account- or app-wide).
 */
import { ProviderError } from './provider';

export interface RateBudget {
  /** Nothing may be sent for `key` before `until`. */
  block(key: string, until: Date, reason: string): void;
  /** Throws `rate_limited` while `key` (or the whole budget, key '*') is blocked. */
  check(key: string, now?: Date): void;
}

export function createRateBudget(network: string): RateBudget {
  const blocked = new Map<string, { until: number; reason: string }>();
  const active = (key: string, now: number) => {
    const entry = blocked.get(key);
    if (entry && entry.until <= now) blocked.delete(key);
    return entry && entry.until > now ? entry : null;
  };
  return {
    block(key, until, reason) {
      const current = blocked.get(key);
      if (!current || current.until < until.getTime()) blocked.set(key, { until: until.getTime(), reason });
    },
    check(key, now = new Date()) {
      const entry = active(key, now.getTime()) ?? active('*', now.getTime());
      if (entry)
        throw new ProviderError('rate_limited', `${network}: ${entry.reason}; waiting until the budget resets`, { resetAt: new Date(entry.until) });
    },
  };
}
