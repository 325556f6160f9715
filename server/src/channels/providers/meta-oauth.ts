/**
 * Facebook Login and token checks on facebook-nodejs-business-sdk: the login dialog link, code → long-lived
 * user token, the user's Pages with their Page tokens and linked Instagram business accounts, and checks of
 * a Page or Instagram token given by an admin. Every error leaves here as a `MetaAuthError` with no token in it.
 */
import { DEFAULT_TIMEOUT_MS } from './common';
import { MetaAuthError } from './meta-auth-error';
import { createGraphApi, graphLoginDialogUrl, redactGraphToken } from './sdk/graph-api';

export { MetaAuthError, type MetaAuthErrorKind } from './meta-auth-error';

export const META_SCOPES = [
  'pages_show_list',
  'pages_read_engagement',
  'pages_manage_posts',
  'pages_manage_engagement',
  'pages_manage_metadata',
  'business_management',
  'instagram_basic',
  'instagram_content_publish',
  'instagram_manage_comments',
];

export interface MetaAppCredentials {
  appId: string;
  appSecret: string;
}

export interface MetaProfile {
  remoteId: string;
  name: string;
  handle: string;
  avatarUrl: string | null;
  followerCount: number | null;
}

export interface MetaPage extends MetaProfile {
  /** The Page token (never leaves the server). */
  accessToken: string;
  instagram: MetaProfile | null;
}

interface GraphFailure {
  name?: string;
  status?: number | null;
  message?: string;
  response?: { code?: number; error_subcode?: number; message?: string; type?: string } | null;
}

function classify(error: unknown): MetaAuthError {
  if (error instanceof MetaAuthError) return error;
  const e = (error ?? {}) as GraphFailure;
  const code = e.response?.code ?? null;
  const said = redactGraphToken(e.response?.message ?? e.message ?? 'Meta failed');
  if (e.name !== 'FacebookRequestError' || !e.status || e.status >= 500)
    return new MetaAuthError('transient', `Meta could not be reached: ${said}`, code);
  if (code === 190 || code === 102 || (code === 100 && (e.response?.error_subcode === 36008 || e.response?.error_subcode === 36009)))
    return new MetaAuthError('invalid_grant', `Meta refused the token: ${said}`, code);
  if (code === 100 || code === 10 || code === 200)
    return new MetaAuthError('invalid_grant', `Meta refused the token for this account: ${said}`, code);
  return new MetaAuthError('rejected', `Meta said no: ${said}`, code);
}

async function graphGet<T>(baseUrl: string, token: string, path: string[], params: Record<string, unknown>): Promise<T> {
  const api = createGraphApi(token, baseUrl);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new MetaAuthError('transient', 'Meta did not answer in time')), DEFAULT_TIMEOUT_MS);
  });
  try {
    return await Promise.race([api.call<T>('GET', path, params), timeout]);
  } catch (error) {
    throw classify(error);
  } finally {
    clearTimeout(timer);
  }
}

const picture = (p: { picture?: { data?: { url?: string } } }) => p.picture?.data?.url ?? null;

interface GraphIg {
  id: string;
  username?: string;
  name?: string;
  followers_count?: number;
  profile_picture_url?: string;
}
interface GraphPage {
  id: string;
  name?: string;
  access_token?: string;
  fan_count?: number;
  followers_count?: number;
  picture?: { data?: { url?: string } };
  instagram_business_account?: GraphIg;
}

const igProfile = (ig: GraphIg): MetaProfile => ({
  remoteId: ig.id,
  name: ig.name ?? ig.username ?? ig.id,
  handle: ig.username ?? ig.id,
  avatarUrl: ig.profile_picture_url ?? null,
  followerCount: ig.followers_count ?? null,
});
const pageProfile = (p: GraphPage): MetaProfile => ({
  remoteId: p.id,
  name: p.name ?? p.id,
  handle: p.name ?? p.id,
  avatarUrl: picture(p),
  followerCount: p.followers_count ?? p.fan_count ?? null,
});

const PAGE_FIELDS = 'id,name,fan_count,followers_count,picture{url}';
const IG_FIELDS = 'id,username,name,followers_count,profile_picture_url';

export function metaLoginLink(app: MetaAppCredentials, baseUrl: string, redirectUri: string, state: string): string {
  return graphLoginDialogUrl(baseUrl, { appId: app.appId, redirectUri, state, scopes: META_SCOPES });
}

/** The dialog's code → a short-lived user token → a long-lived (about 60 days) user token. */
export async function metaExchangeCode(
  app: MetaAppCredentials,
  baseUrl: string,
  input: { code: string; redirectUri: string },
): Promise<{ accessToken: string; expiresAt: Date | null }> {
  // The app token (`id|secret`) is what Meta accepts for these calls; it is never logged (redactGraphToken).
  const appToken = `${app.appId}|${app.appSecret}`;
  const short = await graphGet<{ access_token: string }>(baseUrl, appToken, ['oauth', 'access_token'], {
    client_id: app.appId,
    client_secret: app.appSecret,
    redirect_uri: input.redirectUri,
    code: input.code,
  });
  const long = await graphGet<{ access_token: string; expires_in?: number }>(baseUrl, appToken, ['oauth', 'access_token'], {
    grant_type: 'fb_exchange_token',
    client_id: app.appId,
    client_secret: app.appSecret,
    fb_exchange_token: short.access_token,
  });
  return { accessToken: long.access_token, expiresAt: long.expires_in ? new Date(Date.now() + long.expires_in * 1000) : null };
}

/** The Pages a user token manages, with their Page tokens and linked Instagram business accounts. */
export async function metaListPages(baseUrl: string, userToken: string): Promise<MetaPage[]> {
  const pages: MetaPage[] = [];
  let after: string | undefined;
  for (let round = 0; round < 20; round++) {
    const answer = await graphGet<{ data: GraphPage[]; paging?: { cursors?: { after?: string }; next?: string } }>(
      baseUrl,
      userToken,
      ['me', 'accounts'],
      {
        fields: `${PAGE_FIELDS},access_token,instagram_business_account{${IG_FIELDS}}`,
        limit: 100,
        ...(after ? { after } : {}),
      },
    );
    for (const p of answer.data ?? []) {
      if (!p.access_token) continue;
      pages.push({
        ...pageProfile(p),
        accessToken: p.access_token,
        instagram: p.instagram_business_account ? igProfile(p.instagram_business_account) : null,
      });
    }
    after = answer.paging?.next ? answer.paging.cursors?.after : undefined;
    if (!after) break;
  }
  return pages;
}

/**
 * A token given for a Facebook Page: a Page token (its own Page, or `pageId`) or a user / system-user token
 * that manages `pageId` (its Page token is looked up). Returns the Page and the token to store.
 */
export async function metaVerifyPageToken(baseUrl: string, token: string, pageId?: string): Promise<{ profile: MetaProfile; accessToken: string }> {
  const managed = await metaListPages(baseUrl, token).catch((error: unknown) => {
    // A Page token has no `accounts` edge (code 100): it is its own Page.
    if (error instanceof MetaAuthError && error.networkCode === 100) return null;
    throw error;
  });
  if (managed) {
    const page = pageId ? managed.find((p) => p.remoteId === pageId) : managed.length === 1 ? managed[0] : undefined;
    if (!page) {
      throw new MetaAuthError(
        'rejected',
        pageId ? 'This token does not manage that Page' : 'This token manages several Pages (or none): say which one with pageId',
      );
    }
    return { profile: page, accessToken: page.accessToken };
  }
  const me = await graphGet<{ id: string }>(baseUrl, token, ['me'], { fields: 'id' });
  if (pageId && me.id !== pageId) throw new MetaAuthError('rejected', 'This Page token belongs to another Page');
  const page = await graphGet<GraphPage>(baseUrl, token, [me.id], { fields: PAGE_FIELDS });
  return { profile: pageProfile(page), accessToken: token };
}

/** A token for an Instagram business account (its Page's token, or a user token that manages that Page). */
export async function metaVerifyInstagramToken(
  baseUrl: string,
  token: string,
  igUserId?: string,
): Promise<{ profile: MetaProfile; accessToken: string }> {
  const managed = await metaListPages(baseUrl, token).catch((error: unknown) => {
    if (error instanceof MetaAuthError && error.networkCode === 100) return null;
    throw error;
  });
  if (managed) {
    const withIg = managed.filter((p) => p.instagram && (!igUserId || p.instagram.remoteId === igUserId));
    const page = withIg.length === 1 || igUserId ? withIg[0] : undefined;
    if (!page?.instagram)
      throw new MetaAuthError(
        'rejected',
        igUserId ? 'This token does not reach that Instagram account' : 'Say which Instagram account with igUserId',
      );
    return { profile: page.instagram, accessToken: page.accessToken };
  }
  let id = igUserId;
  if (!id) {
    const me = await graphGet<{ id: string }>(baseUrl, token, ['me'], { fields: 'id' });
    const page = await graphGet<GraphPage>(baseUrl, token, [me.id], { fields: 'id,instagram_business_account' });
    id = page.instagram_business_account?.id;
    if (!id) throw new MetaAuthError('rejected', 'This Page has no linked Instagram business account');
  }
  const ig = await graphGet<GraphIg>(baseUrl, token, [id], { fields: IG_FIELDS });
  return { profile: igProfile(ig), accessToken: token };
}
