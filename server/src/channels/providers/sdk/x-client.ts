/**
 * twitter-api-v2 pointed at a configurable base URL (X_API_URL) through an `onBeforeRequest` plugin: it sees
 * the final URL after auth headers and body were computed for the real host, so signatures are unaffected.
 * See shared/CHANNELS.md.
 */
import http from 'node:http';
import https from 'node:https';
import { type ITwitterApiClientPlugin, TwitterApi } from 'twitter-api-v2';

export const DEFAULT_X_URL = 'https://api.x.com';
const X_HOST = /(^|\.)(x|twitter)\.com$/;

const agents = new Map<string, http.Agent>();
/** One keep-alive agent per base URL, shared by every client (connection warm-up survives client churn). */
export function xAgent(baseUrl: string): http.Agent {
  let agent = agents.get(baseUrl);
  if (!agent) {
    const options = { keepAlive: true, maxSockets: 256, keepAliveMsecs: 10_000 };
    agent = new URL(baseUrl).protocol === 'http:' ? new http.Agent(options) : new https.Agent(options);
    agents.set(baseUrl, agent);
  }
  return agent;
}

/** Rewrites api.x.com / x.com / twitter.com URLs to `baseUrl`; a no-op for the real API. */
export function xRedirectPlugin(baseUrl: string): ITwitterApiClientPlugin {
  const base = new URL(baseUrl);
  const agent = xAgent(baseUrl);
  return {
    onBeforeRequest({ url, computedParams, requestOptions }) {
      // In 1.29.1 the hook's `url` is a copy; the request is made from `computedParams.url`. Rewrite both.
      for (const target of [computedParams.url, url]) {
        if (!X_HOST.test(target.hostname)) continue;
        target.protocol = base.protocol;
        target.host = base.host;
      }
      if (X_HOST.test(new URL(computedParams.rawUrl).hostname) || computedParams.url.host === base.host) requestOptions.agent = agent;
    },
    onOAuth2RequestToken({ result }) {
      const link = new URL(result.url);
      if (!X_HOST.test(link.hostname)) return;
      link.protocol = base.protocol;
      link.host = base.host;
      result.url = link.toString();
    },
  };
}

export interface XClientOptions {
  baseUrl?: string;
  /** Extra plugins (e.g. the token refresher, which needs a client made here too). */
  plugins?: ITwitterApiClientPlugin[];
}

/** A user-context client for an OAuth 2.0 access token. */
export function createXClient(accessToken: string, options: XClientOptions = {}): TwitterApi {
  const baseUrl = options.baseUrl ?? DEFAULT_X_URL;
  return new TwitterApi(accessToken, { plugins: [xRedirectPlugin(baseUrl), ...(options.plugins ?? [])] });
}

/** An app client for the OAuth 2.0 flow (auth link, code exchange, refresh); clients it returns keep the plugin. */
export function createXOAuthClient(credentials: { clientId: string; clientSecret?: string }, options: XClientOptions = {}): TwitterApi {
  const baseUrl = options.baseUrl ?? DEFAULT_X_URL;
  return new TwitterApi(credentials, { plugins: [xRedirectPlugin(baseUrl), ...(options.plugins ?? [])] });
}
