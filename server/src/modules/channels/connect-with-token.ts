import { MetaAuthError } from '../../channels/providers/meta-auth-error';
import { XAuthError, xRefreshTokens, xVerifyToken } from '../../channels/providers/x-oauth';
import type { Deps } from '../../deps';
import { AppError } from '../../lib/errors';
import type { AuditActor } from '../audit/record-audit';
import { type ConnectedProvider, type Connection, saveConnection } from './save-connection';

export interface TokenInput {
  provider: ConnectedProvider;
  token: string;
  refreshToken?: string;
  pageId?: string;
  igUserId?: string;
}

/** What a refused token or an unreachable network means for the caller. */
export function connectError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof XAuthError || error instanceof MetaAuthError) {
    if (error.kind === 'transient') return new AppError('unavailable', error.message);
    return new AppError('channel_token_rejected', error.message, { reason: error.kind });
  }
  // An answer none of the adapters' classes covers: the network's side, told plainly (not a 5xx of ours).
  return new AppError('unprocessable', 'The network answered in a way Sotong did not expect; try again, or connect with a token', {
    reason: 'unexpected_answer',
  });
}

/** Checks the token against the network, then stores it (encrypted) on the workspace's channel. */
async function verify(deps: Deps, input: TokenInput): Promise<Connection> {
  const { meta, x } = deps.config;
  switch (input.provider) {
    case 'x': {
      const profile = await xVerifyToken(x.apiUrl, input.token);
      if (input.refreshToken && x.clientId) {
        // A refresh right away: proves the refresh token and tells when the access token ends.
        const tokens = await xRefreshTokens({ clientId: x.clientId, clientSecret: x.clientSecret }, x.apiUrl, input.refreshToken);
        return { provider: 'x', profile, accessToken: tokens.accessToken, refreshToken: tokens.refreshToken, tokenExpiresAt: tokens.expiresAt };
      }
      return { provider: 'x', profile, accessToken: input.token, refreshToken: input.refreshToken ?? null, tokenExpiresAt: null };
    }
    case 'facebook_page': {
      // Loaded on first use (the Graph SDK is large; see channels/providers/registry.ts).
      const { metaVerifyPageToken } = await import('../../channels/providers/meta-oauth');
      const page = await metaVerifyPageToken(meta.graphUrl, input.token, input.pageId);
      return { provider: 'facebook_page', profile: page.profile, accessToken: page.accessToken, tokenExpiresAt: null };
    }
    case 'instagram': {
      const { metaVerifyInstagramToken } = await import('../../channels/providers/meta-oauth');
      const ig = await metaVerifyInstagramToken(meta.graphUrl, input.token, input.igUserId);
      return { provider: 'instagram', profile: ig.profile, accessToken: ig.accessToken, tokenExpiresAt: null };
    }
  }
}

export async function connectWithToken(deps: Deps, workspaceId: string, actor: AuditActor, input: TokenInput) {
  let connection: Connection;
  try {
    connection = await verify(deps, input);
  } catch (error) {
    throw connectError(error);
  }
  return deps.prisma.$transaction((tx) => saveConnection(tx, deps.config.encryptionKey, workspaceId, actor, connection));
}
