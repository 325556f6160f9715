/**
 * facebook-nodejs-business-sdk pointed at a configurable Graph base URL (META_GRAPH_URL), one API object per
 * token (never the process-wide default, never the crash reporter). See shared/CHANNELS.md.
 */
import { FacebookAdsApi } from 'facebook-nodejs-business-sdk';

export const DEFAULT_GRAPH_URL = 'https://graph.facebook.com';
const GRAPH_HOSTS = /^https:\/\/graph(-video)?\.facebook\.com(?=\/|$)/;

/** A FacebookAdsApi whose every call — including absolute `paging.next` URLs — goes to `baseUrl`. */
export class GraphApi extends FacebookAdsApi {
  readonly baseUrl: string;

  constructor(accessToken: string, baseUrl: string = DEFAULT_GRAPH_URL, locale = 'en_US') {
    // crash_log = false: the default installs a process-wide uncaughtException handler that calls Facebook.
    super(accessToken, locale, false);
    this.baseUrl = baseUrl.replace(/\/+$/, '');
  }

  override call<T>(
    method: string,
    path: string | string[],
    params?: Record<string, unknown>,
    files?: Record<string, unknown>,
    useMultipartFormData?: boolean,
    urlOverride?: string,
  ): Promise<T> {
    const target = typeof path === 'string' ? path.replace(GRAPH_HOSTS, this.baseUrl) : path;
    return super.call<T>(method, target, params, files, useMultipartFormData, urlOverride || this.baseUrl);
  }
}

export function createGraphApi(accessToken: string, baseUrl?: string): GraphApi {
  return new GraphApi(accessToken, baseUrl);
}

/** The Facebook Login dialog: www.facebook.com for the real Graph, the same base otherwise (the emulator serves it). */
export function graphLoginDialogUrl(baseUrl: string, params: { appId: string; redirectUri: string; state: string; scopes: string[] }): string {
  const base = baseUrl.replace(/\/+$/, '');
  const root = GRAPH_HOSTS.test(base) ? 'https://www.facebook.com' : base;
  const url = new URL(`${root}/${FacebookAdsApi.VERSION}/dialog/oauth`);
  url.searchParams.set('client_id', params.appId);
  url.searchParams.set('redirect_uri', params.redirectUri);
  url.searchParams.set('state', params.state);
  url.searchParams.set('scope', params.scopes.join(','));
  url.searchParams.set('response_type', 'code');
  return url.toString();
}

/** Replaces every access_token value in a URL or message (Graph error URLs carry the token). */
export function redactGraphToken(text: string): string {
  return text.replace(/(access_token=|fb_exchange_token=|client_secret=)[^&\s"']+/g, '$1[redacted]');
}
