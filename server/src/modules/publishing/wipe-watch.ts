import type { Deps } from '../../deps';

/**
 * Notices a Redis wipe within seconds: a marker key the publish workers keep is gone. The first
 * worker to set it again runs `onWipe` (queue the due variants again from the database, declare the
 * reconciler again), so publishing resumes within seconds instead of at the next minute's reconcile
 * — which stays the fallback, as the scheduler itself lived in the wiped Redis.
 */
export function watchForWipe(deps: Deps, onWipe: () => Promise<unknown>, everyMs = 2_000): { stop(): void } {
  const key = `${deps.redisPrefix}:publishing:alive`;
  let running = false;
  const check = async () => {
    if (running) return;
    running = true;
    try {
      if (await deps.redis.exists(key)) return;
      // SET NX: of several workers noticing at once, one reconciles (the others' extra work would be harmless).
      const first = await deps.redis.set(key, new Date().toISOString(), 'NX');
      if (first !== 'OK') return;
      deps.logger.warn('the publishing queue was wiped in Redis: queuing again from the database');
      await onWipe();
    } finally {
      running = false;
    }
  };
  // The marker of a fresh start is set quietly (start-up reconciles anyway).
  void deps.redis.set(key, new Date().toISOString(), 'NX').catch(() => undefined);
  const timer = setInterval(() => void check().catch((error) => deps.logger.warn({ err: error }, 'could not check the queue marker')), everyMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
