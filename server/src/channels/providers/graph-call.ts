/**
 * What the Facebook Page and Instagram adapters share on facebook-nodejs-business-sdk: a Graph API object whose
 * every call has a timeout and keeps the network cause of a failure (the SDK's FacebookRequestError drops it),
 * and the classifier from a Graph failure to the engine's kinds. Graph URLs carry the access token in the
 * query: nothing here puts a URL into a message, and Graph's own messages pass through `redactGraphToken`.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { createRequire } from 'node:module';
import type { AxiosError, AxiosStatic } from 'axios';
import type { RateBudget } from './budget';
import { DEFAULT_TIMEOUT_MS, networkFailureKind, withDeadline } from './common';
import { ProviderError } from './provider';
import { GraphApi, redactGraphToken } from './sdk/graph-api';

/** Codes Graph uses for rate limits: app (4), user (17), Page (32), API-specific (613), Pages business use case (80001); 9 is Instagram's publishing quota. */
const RATE_LIMIT_CODES = new Set([4, 17, 32, 613, 80001, 9]);
const AUTH_CODES = new Set([190, 102]);

interface CallContext {
  timeoutMs: number;
  cause: string | null;
  /** The adapter's rate budget, told what every answer's usage headers say. */
  budget: RateBudget | null;
}
const context = new AsyncLocalStorage<CallContext>();
let interceptorsInstalled = false;

/** The axios instance the SDK itself loads (its CommonJS build, not the ESM one an `import` would give). */
function sdkAxios(): AxiosStatic {
  const local = createRequire(import.meta.url);
  return createRequire(local.resolve('facebook-nodejs-business-sdk'))('axios') as AxiosStatic;
}

/**
 * The SDK sends through the shared axios instance without a timeout. These interceptors act only inside a
 * `TimedGraphApi.call` (the AsyncLocalStorage context is set there), so no other axios user is affected.
 */
function installInterceptors(): void {
  if (interceptorsInstalled) return;
  interceptorsInstalled = true;
  const axios = sdkAxios();
  axios.interceptors.request.use((config) => {
    const current = context.getStore();
    if (current && !config.timeout) config.timeout = current.timeoutMs;
    return config;
  });
  axios.interceptors.response.use(
    (response) => {
      const current = context.getStore();
      if (current?.budget) noteGraphUsage(current.budget, response.headers as Record<string, unknown>);
      return response;
    },
    (error: AxiosError) => {
      const current = context.getStore();
      if (current?.budget && error.response) noteGraphUsage(current.budget, error.response.headers as Record<string, unknown>);
      if (current && !error.response) current.cause = error.code ?? error.message ?? 'network error';
      return Promise.reject(error);
    },
  );
}

/** Calls are held back when Graph's usage headers reach this percentage (Meta: back off near 100). */
export const GRAPH_USAGE_LIMIT = 95;
/**
 * `x-app-usage` ({call_count, total_cputime, total_time} in percent, over the last hour) blocks every
 * call for a few minutes when near the limit; `x-business-use-case-usage` ({id: [{…, estimated_time_to_regain_access}]})
 * blocks that Page or account for the minutes it says.
 */
export function noteGraphUsage(budget: RateBudget, headers: Record<string, unknown> | null | undefined, now = new Date()): void {
  const app = parseJson(headers?.['x-app-usage']) as Record<string, unknown> | null;
  if (app && maxPercent(app) >= GRAPH_USAGE_LIMIT)
    budget.block('*', new Date(now.getTime() + APP_BACKOFF_MS), 'the app is near its hourly call limit');
  const buc = parseJson(headers?.['x-business-use-case-usage']) as Record<string, unknown> | null;
  for (const [id, entries] of Object.entries(buc ?? {})) {
    for (const entry of Array.isArray(entries) ? (entries as Array<Record<string, unknown>>) : []) {
      if (maxPercent(entry) < GRAPH_USAGE_LIMIT) continue;
      const minutes = Math.max(1, Number(entry.estimated_time_to_regain_access) || 0);
      budget.block(id, new Date(now.getTime() + minutes * 60_000), 'this account is near its call limit');
    }
  }
}
const APP_BACKOFF_MS = 5 * 60_000;
function parseJson(value: unknown): unknown {
  if (typeof value !== 'string') return null;
  try {
    return JSON.parse(value);
  } catch {
    return null;
  }
}
const maxPercent = (usage: Record<string, unknown>) =>
  Math.max(0, ...['call_count', 'total_cputime', 'total_time'].map((k) => Number(usage[k]) || 0));

/** A Graph failure as the SDK throws it (the FacebookRequestError class is not exported). */
export interface GraphFailure {
  name: string;
  message: string;
  status: number | null;
  response: { message?: string; code?: number; error_subcode?: number; is_transient?: boolean; error_user_msg?: string } | null;
  headers: Record<string, unknown> | null;
  /** Added by TimedGraphApi when no answer came back: ECONNREFUSED, ECONNRESET, ECONNABORTED (timeout)… */
  networkCause?: string | null;
}

export function isGraphFailure(error: unknown): error is GraphFailure {
  return typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'FacebookRequestError';
}

export class TimedGraphApi extends GraphApi {
  constructor(
    accessToken: string,
    baseUrl: string,
    private readonly timeoutMs: number = DEFAULT_TIMEOUT_MS,
    private readonly budget: RateBudget | null = null,
  ) {
    super(accessToken, baseUrl);
    installInterceptors();
  }

  override call<T>(
    method: string,
    path: string | string[],
    params?: Record<string, unknown>,
    files?: Record<string, unknown>,
    useMultipartFormData?: boolean,
    urlOverride?: string,
  ): Promise<T> {
    const store: CallContext = { timeoutMs: this.timeoutMs, cause: null, budget: this.budget };
    const work = context.run(store, () => super.call<T>(method, path, params, files, useMultipartFormData, urlOverride));
    // The socket timeout bounds each read; the deadline bounds the whole call (a trickling answer included).
    const bounded = withDeadline(work, this.timeoutMs + 1000, () => new ProviderError('unknown_outcome', 'Graph: no answer in time'));
    return bounded.catch((error: unknown) => {
      if (isGraphFailure(error) && error.status === null && store.cause) error.networkCause = store.cause;
      throw error;
    });
  }
}

/** Graph failures → the engine's kinds. Pure: looks only at the error (and `now` for a default reset). */
export function classifyGraphError(error: unknown, now: Date = new Date(), network = 'Graph'): ProviderError {
  if (error instanceof ProviderError) return error;
  if (!isGraphFailure(error)) {
    const text = error instanceof Error ? error.message : String(error);
    return new ProviderError('unknown_outcome', `${network}: ${redactGraphToken(text)}`);
  }
  const graph = error.response;
  const status = error.status;
  if (status === null || !graph) {
    const cause = error.networkCause ?? null;
    return new ProviderError(networkFailureKind(cause), `${network}: network error (${cause ?? 'no answer'})`, { networkCode: cause });
  }
  const code = graph.code ?? null;
  const message = `${network}: ${redactGraphToken(graph.error_user_msg ?? graph.message ?? `HTTP ${status}`)}`;
  const extra = { status, networkCode: code };
  if (code !== null && RATE_LIMIT_CODES.has(code))
    return new ProviderError('rate_limited', message, { ...extra, resetAt: graphResetAt(error.headers, now) });
  if (code !== null && AUTH_CODES.has(code)) return new ProviderError('auth_expired', message, extra);
  if (status >= 500) return new ProviderError('unknown_outcome', message, extra);
  if (graph.is_transient) return new ProviderError('transient', message, extra);
  return new ProviderError('rejected', message, extra);
}

/** `x-business-use-case-usage` says how many minutes until access comes back; without it, a minute from now. */
export function graphResetAt(headers: Record<string, unknown> | null, now: Date): Date {
  let minutes = 0;
  for (const name of ['x-business-use-case-usage', 'x-ad-account-usage']) {
    const raw = headers?.[name];
    if (typeof raw !== 'string') continue;
    try {
      const parsed = JSON.parse(raw) as unknown;
      for (const entry of Object.values(parsed as Record<string, unknown>).flat()) {
        const wait = (entry as { estimated_time_to_regain_access?: unknown } | null)?.estimated_time_to_regain_access;
        if (typeof wait === 'number' && wait > minutes) minutes = wait;
      }
    } catch {
      // An unreadable header gives no reset time: fall back to the default.
    }
  }
  return new Date(now.getTime() + (minutes > 0 ? minutes * 60_000 : 60_000));
}

/** A step before anything is published (a container, an unpublished photo): an unknown outcome there is safe to retry. */
export function asTransient(error: ProviderError): ProviderError {
  return new ProviderError('transient', error.message, { status: error.status, networkCode: error.networkCode });
}

/** A call made while staging (uploads, containers, lookups): nothing public can come of it, so an unknown outcome is only transient. */
export async function stagingCall<T>(network: string, work: () => Promise<T> | T): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const classified = classifyGraphError(error, new Date(), network);
    throw classified.kind === 'unknown_outcome' ? asTransient(classified) : classified;
  }
}

/** Runs one SDK call and classifies its failure. */
export async function graphCall<T>(network: string, work: () => Promise<T> | T): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw classifyGraphError(error, new Date(), network);
  }
}

/** A Cursor (or the promise of one) with its pages, bounded. */
export interface GraphCursor extends Array<{ id: string; _data: Record<string, unknown> }> {
  hasNext(): boolean;
  next(): Promise<GraphCursor>;
  paging?: { cursors?: { before?: string; after?: string }; next?: string };
  summary?: { total_count?: number };
}

export async function allPages(network: string, first: unknown, maxPages = 5): Promise<Array<Record<string, unknown>>> {
  let cursor = (await graphCall(network, () => first as Promise<GraphCursor>)) as GraphCursor;
  const items: Array<Record<string, unknown>> = cursor.map((item) => item._data);
  for (let page = 1; page < maxPages && cursor.hasNext(); page++) {
    const current = cursor;
    cursor = await graphCall(network, () => current.next());
    items.push(...cursor.map((item) => item._data));
  }
  return items;
}
