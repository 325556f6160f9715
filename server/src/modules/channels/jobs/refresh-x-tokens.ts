import type { Deps } from '../../../deps';
import { listXChannelsExpiringBefore } from '../channel-repository';
import { ensureFreshXToken, REFRESH_AHEAD_MS } from '../ensure-fresh-x-token';

/** Refreshes X tokens ahead of expiry, so the due second never waits for a refresh. */
export const REFRESH_X_TOKENS_JOB = 'refresh-x-tokens';
export const REFRESH_X_EVERY_MS = 2 * 60_000;

export async function runRefreshXTokens(deps: Deps, now = new Date()) {
  // Everything that ends before the next run plus the refresh margin.
  const aheadMs = REFRESH_AHEAD_MS + REFRESH_X_EVERY_MS;
  const ids = await listXChannelsExpiringBefore(deps.prisma, new Date(now.getTime() + aheadMs));
  const outcomes: Record<string, number> = {};
  for (const id of ids) {
    try {
      const outcome = await ensureFreshXToken(deps, id, { now, aheadMs });
      outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
    } catch (error) {
      outcomes.failed = (outcomes.failed ?? 0) + 1;
      deps.logger.warn({ channelId: id, err: error instanceof Error ? error.message : String(error) }, 'x token refresh failed; retried next run');
    }
  }
  return { channels: ids.length, outcomes };
}
