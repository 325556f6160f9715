/**
 * X account connection on twitter-api-v2: the OAuth 2.0 PKCE link, the code exchange, refresh-token
 * rotation and a token check (`/2/users/me`). Every error leaves here as an `XAuthError` whose message
 * carries no token.
 */
import { ApiRequestError, ApiResponseError, type ITwitterApiClientPlugin, type TwitterApi } from 'twitter-api-v2';
import { DEFAULT_TIMEOUT_MS } from './common';
import { createXClient, createXOAuthClient } from './sdk/x-client';

/** What Sotong asks for: read and write posts, read the profile, upload media, and a refresh token. */
export const X_SCOPES = ['tweet.read', 'tweet.write', 'users.read', 'media.write', 'offline.access'];

export interface XAppCredentials {
  clientId: string;
  clientSecret?: string;
}

export interface XProfile {
  remoteId: string;
  name: string;
  handle: string;
  avatarUrl: string | null;
  followerCount: number | null;
}

export interface XTokens {
  accessToken: string;
  refreshToken: string | null;
  /** When the access token stops working (X: 2 hours). */
  expiresAt: Date | null;
}

/**
 * `invalid_grant`: the token (or refresh token) was refused — only a new sign-in helps.
 * `rejected`: the app's own credentials or request were refused. `transient`: no answer; try later.
 */
export type XAuthErrorKind = 'invalid_grant' | 'rejected' | 'transient';

export class XAuthError extends Error {
  readonly kind: XAuthErrorKind;
  constructor(kind: XAuthErrorKind, message: string) {
    super(message);
    this.name = 'XAuthError';
    this.kind = kind;
  }
}

const timeoutPlugin: ITwitterApiClientPlugin = {
  onBeforeRequest({ requestOptions }) {
    requestOptions.timeout ??= DEFAULT_TIMEOUT_MS;
  },
};

function classify(error: unknown): XAuthError {
  if (error instanceof XAuthError) return error;
  if (error instanceof ApiResponseError) {
    const data = (error.data ?? {}) as { error?: string; error_description?: string; title?: string; detail?: string };
    const said = data.error_description ?? data.detail ?? data.title ?? `HTTP ${error.code}`;
    if (error.code >= 500 || error.code === 429) return new XAuthError('transient', `X answered ${error.code}: ${said}`);
    if (data.error === 'unauthorized_client') return new XAuthError('rejected', `X refused the app credentials: ${said}`);
    if (error.code === 400 || error.code === 401 || error.code === 403) return new XAuthError('invalid_grant', `X refused the token: ${said}`);
    return new XAuthError('rejected', `X answered ${error.code}: ${said}`);
  }
  if (error instanceof ApiRequestError) return new XAuthError('transient', 'X could not be reached');
  return new XAuthError('transient', error instanceof Error ? error.message.replace(/[A-Za-z0-9_-]{24,}/g, '[redacted]') : 'X failed');
}

const expiry = (expiresIn: number | undefined) => (expiresIn ? new Date(Date.now() + expiresIn * 1000) : null);

async function profileOf(client: TwitterApi): Promise<XProfile> {
  const me = await client.v2.me({ 'user.fields': ['profile_image_url', 'public_metrics'] });
  return {
    remoteId: me.data.id,
    name: me.data.name,
    handle: me.data.username,
    avatarUrl: me.data.profile_image_url ?? null,
    followerCount: me.data.public_metrics?.followers_count ?? null,
  };
}

/** The authorize link (its PKCE verifier stays on the server) for a state of ours. */
export function xAuthorizeLink(app: XAppCredentials, baseUrl: string, redirectUri: string, state: string): { url: string; codeVerifier: string } {
  const client = createXOAuthClient(app, { baseUrl, plugins: [timeoutPlugin] });
  const link = client.generateOAuth2AuthLink(redirectUri, { scope: X_SCOPES, state });
  return { url: link.url, codeVerifier: link.codeVerifier };
}

/** Exchanges the callback's code, then reads the account it belongs to. */
export async function xExchangeCode(
  app: XAppCredentials,
  baseUrl: string,
  input: { code: string; codeVerifier: string; redirectUri: string },
): Promise<{ tokens: XTokens; profile: XProfile }> {
  try {
    const client = createXOAuthClient(app, { baseUrl, plugins: [timeoutPlugin] });
    const login = await client.loginWithOAuth2(input);
    const tokens = { accessToken: login.accessToken, refreshToken: login.refreshToken ?? null, expiresAt: expiry(login.expiresIn) };
    return { tokens, profile: await profileOf(login.client) };
  } catch (error) {
    throw classify(error);
  }
}

/** Trades a refresh token for a new pair (X rotates it: the old one stops working). */
export async function xRefreshTokens(app: XAppCredentials, baseUrl: string, refreshToken: string): Promise<XTokens> {
  try {
    const client = createXOAuthClient(app, { baseUrl, plugins: [timeoutPlugin] });
    const refreshed = await client.refreshOAuth2Token(refreshToken);
    return { accessToken: refreshed.accessToken, refreshToken: refreshed.refreshToken ?? null, expiresAt: expiry(refreshed.expiresIn) };
  } catch (error) {
    throw classify(error);
  }
}

/** The account an access token acts as (fails with `invalid_grant` for a bad token). */
export async function xVerifyToken(baseUrl: string, accessToken: string): Promise<XProfile> {
  try {
    return await profileOf(createXClient(accessToken, { baseUrl, plugins: [timeoutPlugin] }));
  } catch (error) {
    throw classify(error);
  }
}
