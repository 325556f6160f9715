/**
 * When a failed delivery is tried again: 1 min, 3, 9, 27, 81 min, 4 h 3 min, then 6 h (the cap) — each
 * with ±20 % jitter so many endpoints failing together do not retry in step. Eight attempts in all (about
 * 12 hours), then the delivery is failed and waits for a person (redeliver). `baseMs` is 60 s unless
 * WEBHOOKS_RETRY_BASE_SECONDS says otherwise (tests).
 */
export const MAX_ATTEMPTS = 8;
export const MAX_DELAY_MS = 6 * 3_600_000;
const FACTOR = 3;
const JITTER = 0.2;

/** The wait after attempt `attempt` (1-based) failed, or null when it was the last one. */
export function retryDelayMs(attempt: number, baseMs = 60_000, random: () => number = Math.random): number | null {
  if (attempt >= MAX_ATTEMPTS) return null;
  const plain = Math.min(MAX_DELAY_MS, baseMs * FACTOR ** (attempt - 1));
  const jittered = plain * (1 - JITTER + 2 * JITTER * random());
  return Math.round(Math.min(MAX_DELAY_MS, jittered));
}
