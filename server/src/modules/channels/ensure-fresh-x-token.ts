import { decryptCredentials, encryptCredentials } from '../../channels/credentials';
import { XAuthError, xRefreshTokens } from '../../channels/providers/x-oauth';
import type { Deps } from '../../deps';
import { AppError } from '../../lib/errors';
import { findChannelSecret, lockChannel, updateChannelRow } from './channel-repository';
import { markNeedsReconnect } from './mark-needs-reconnect';

/** Refresh when the access token ends within this much time. */
export const REFRESH_AHEAD_MS = 10 * 60_000;

export type FreshOutcome = 'fresh' | 'refreshed' | 'needs_reconnect' | 'skipped';

/**
 * Keeps an X channel's access token usable: refreshes it when it ends within 10 minutes (or when `force`),
 * and stores the rotated refresh token in the same transaction. The row stays locked during the call, so
 * two workers never present one refresh token twice (the second sees the new expiry and stops). A refused
 * refresh turns the channel `needs_reconnect` and tells the admins; a network failure throws (retry later).
 */
export async function ensureFreshXToken(
  deps: Deps,
  channelId: string,
  options: { force?: boolean; now?: Date; aheadMs?: number } = {},
): Promise<FreshOutcome> {
  const now = options.now ?? new Date();
  const x = deps.config.x;
  return deps.prisma.$transaction(
    async (tx) => {
      await lockChannel(tx, channelId);
      const channel = await findChannelSecret(tx, channelId);
      if (channel?.provider !== 'x' || channel.status !== 'active' || !channel.credentials) return 'skipped';
      const due = channel.tokenExpiresAt !== null && channel.tokenExpiresAt.getTime() - now.getTime() <= (options.aheadMs ?? REFRESH_AHEAD_MS);
      if (!options.force && !due) return 'fresh';
      const keys = deps.config.decryptionKeys;
      const current = decryptCredentials(keys, channel);
      if (!current.refreshToken) {
        if (!due) return 'fresh';
        await markNeedsReconnect(tx, channel, 'The X token expires and there is no refresh token');
        return 'needs_reconnect';
      }
      if (!x.clientId) throw new AppError('oauth_not_configured', 'X sign-in is not configured: set X_CLIENT_ID and X_CLIENT_SECRET');
      try {
        const tokens = await xRefreshTokens({ clientId: x.clientId, clientSecret: x.clientSecret }, x.apiUrl, current.refreshToken);
        const sealed = encryptCredentials(deps.config.encryptionKey, { accessToken: tokens.accessToken, refreshToken: tokens.refreshToken });
        await updateChannelRow(tx, channel.id, { ...sealed, tokenExpiresAt: tokens.expiresAt });
        return 'refreshed';
      } catch (error) {
        if (error instanceof XAuthError && error.kind === 'invalid_grant') {
          await markNeedsReconnect(tx, channel, error.message);
          deps.logger.warn({ channelId, kind: error.kind }, 'x token refresh refused: channel needs reconnect');
          return 'needs_reconnect';
        }
        throw error;
      }
    },
    { timeout: 45_000, maxWait: 10_000 },
  );
}
