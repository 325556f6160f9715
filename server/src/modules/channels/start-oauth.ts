import { randomBytes } from 'node:crypto';
import { xAuthorizeLink } from '../../channels/providers/x-oauth';
import type { Config } from '../../config';
import type { Deps } from '../../deps';
import { AppError } from '../../lib/errors';
import { type OAuthProvider, saveOAuthState } from './oauth-state';

export const oauthCallbackUrl = (config: Config, provider: OAuthProvider) => `${config.appUrl}/api/oauth/${provider}/callback`;

/** The app's credentials for a flow, or a clear refusal when the operator has not set them. */
export function xApp(config: Config) {
  if (!config.x.clientId)
    throw new AppError('oauth_not_configured', 'X sign-in is not configured: set X_CLIENT_ID and X_CLIENT_SECRET', { provider: 'x' });
  return { clientId: config.x.clientId, clientSecret: config.x.clientSecret };
}
export function metaApp(config: Config) {
  if (!config.meta.appId || !config.meta.appSecret)
    throw new AppError('oauth_not_configured', 'Facebook Login is not configured: set META_APP_ID and META_APP_SECRET', { provider: 'meta' });
  return { appId: config.meta.appId, appSecret: config.meta.appSecret };
}

/** The network's sign-in URL for an admin; the state (and X's PKCE verifier) stays on the server. */
export async function startOAuth(deps: Deps, provider: OAuthProvider, who: { userId: string; workspaceId: string }): Promise<{ url: string }> {
  const redirectUri = oauthCallbackUrl(deps.config, provider);
  if (provider === 'x') {
    const app = xApp(deps.config);
    const state = randomBytes(24).toString('base64url');
    const link = xAuthorizeLink(app, deps.config.x.apiUrl, redirectUri, state);
    await saveOAuthState(deps, { provider, ...who, redirectUri, codeVerifier: link.codeVerifier }, state);
    return { url: link.url };
  }
  const app = metaApp(deps.config);
  const state = await saveOAuthState(deps, { provider, ...who, redirectUri });
  // Loaded on first use (the Graph SDK is large; see channels/providers/registry.ts).
  const { metaLoginLink } = await import('../../channels/providers/meta-oauth');
  return { url: metaLoginLink(app, deps.config.meta.graphUrl, redirectUri, state) };
}
