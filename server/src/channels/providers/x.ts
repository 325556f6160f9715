/**
 * X (API v2) through twitter-api-v2: posts with media upload v2, mentions and conversation replies, replies,
 * public metrics, and the search for a post whose outcome is unknown. The access token travels in the
 * Authorization header only and never reaches an error message.
 */
import {
  ApiPartialResponseError,
  ApiRequestError,
  ApiResponseError,
  EUploadMimeType,
  type ITwitterApiClientPlugin,
  type TweetV2,
  type TwitterApi,
} from 'twitter-api-v2';
import { createRateBudget, type RateBudget } from './budget';
import {
  DEFAULT_TIMEOUT_MS,
  limitsFor,
  networkFailureKind,
  type ProviderOptions,
  sameText,
  silentLogger,
  unixSeconds,
  withDeadline,
  withPublish,
} from './common';
import {
  type InboundMessage,
  type MediaToPublish,
  type MessagePage,
  type PostMetrics,
  type Provider,
  type ProviderAccount,
  ProviderError,
  type StagedPost,
} from './provider';
import { createXClient } from './sdk/x-client';

const TWEET_FIELDS = ['author_id', 'conversation_id', 'created_at', 'in_reply_to_user_id', 'referenced_tweets'] as const;
/** Upload and processing of one post's media, at most (X asks to poll video processing). */
const MEDIA_BUDGET_MS = 60_000;
const MAX_PAGES = 5;
const UPLOAD_TYPES: readonly EUploadMimeType[] = Object.values(EUploadMimeType);

export const xPostUrl = (id: string) => `https://x.com/i/web/status/${id}`;

/** twitter-api-v2 errors → the engine's kinds. Pure: looks only at the error. */
export function classifyXError(error: unknown, now: Date = new Date()): ProviderError {
  if (error instanceof ProviderError) return error;
  if (error instanceof ApiResponseError) {
    const status = error.code;
    const message = `X: ${xMessage(error)}`;
    if (status === 429 || error.rateLimitError) return new ProviderError('rate_limited', message, { status, resetAt: xResetAt(error, now) });
    if (status === 401) return new ProviderError('auth_expired', message, { status });
    if (status >= 500) return new ProviderError('unknown_outcome', message, { status });
    return new ProviderError('rejected', message, { status, networkCode: xProblemCode(error) });
  }
  if (error instanceof ApiPartialResponseError) return new ProviderError('unknown_outcome', 'X: the answer was cut off');
  if (error instanceof ApiRequestError) {
    const cause = requestCause(error);
    const code = cause?.code ?? null;
    return new ProviderError(networkFailureKind(code), `X: network error (${code ?? cause?.message ?? 'no answer'})`, { networkCode: code });
  }
  if (error instanceof Error && error.message.startsWith('Media processing failed')) return new ProviderError('rejected', `X: ${error.message}`);
  return new ProviderError('unknown_outcome', `X: ${error instanceof Error ? error.message : String(error)}`);
}

function xMessage(error: ApiResponseError): string {
  const data = error.data as { detail?: string; title?: string; errors?: Array<{ message?: string; detail?: string }> } | undefined;
  const first = data?.errors?.[0];
  return data?.detail ?? first?.message ?? first?.detail ?? data?.title ?? `HTTP ${error.code}`;
}

function xProblemCode(error: ApiResponseError): string | null {
  const data = error.data as { type?: string } | undefined;
  return data?.type?.split('/').pop() ?? null;
}

/** The later of the 15-minute window's reset and, when it is used up, the 24-hour one; else a minute from now. */
function xResetAt(error: ApiResponseError, now: Date): Date {
  const limit = error.rateLimit;
  const resets = [limit?.reset, limit?.userDay?.remaining === 0 ? limit.userDay.reset : undefined].filter(
    (value): value is number => typeof value === 'number' && Number.isFinite(value) && value > 0,
  );
  return resets.length ? new Date(Math.max(...resets) * 1000) : new Date(now.getTime() + 60_000);
}

function requestCause(error: ApiRequestError): (Error & { code?: string }) | undefined {
  // twitter-api-v2 keeps the real cause at `_options.error` (its `requestError` getter reads another key).
  const options = (error as unknown as { _options?: { error?: Error & { code?: string } } })._options;
  return options?.error;
}

/** Every request gets a socket timeout so a call never hangs. */
function timeoutPlugin(ms: number): ITwitterApiClientPlugin {
  return {
    onBeforeRequest({ requestOptions }) {
      requestOptions.timeout ??= ms;
    },
  };
}

/** Learns the posting windows from X's headers: a window used up blocks posting (the account's, or the app's) until its reset. */
function postingBudgetPlugin(budget: RateBudget, key: string): ITwitterApiClientPlugin {
  return {
    onAfterRequest({ url, params, response }) {
      const limit = response.rateLimit;
      if (params.method?.toUpperCase() !== 'POST' || !url.pathname.endsWith('/2/tweets') || !limit) return;
      const usedUp = (w: { remaining: number; reset: number } | undefined) => !!w && w.remaining <= 0 && w.reset * 1000 > Date.now();
      // The 15-minute window and the user's 24 h limit are this account's; the app's 24 h limit (`day`) is everyone's.
      for (const w of [limit, limit.userDay])
        if (w && usedUp(w)) budget.block(key, new Date(w.reset * 1000), `the posting limit of ${w.limit} is used up`);
      if (limit.day && usedUp(limit.day))
        budget.block('*', new Date(limit.day.reset * 1000), `the app's daily posting limit of ${limit.day.limit} is used up`);
    },
  };
}

interface XCursor {
  sinceId: string | null;
}
const encodeCursor = (cursor: XCursor) => Buffer.from(JSON.stringify(cursor)).toString('base64url');
function decodeCursor(cursor: string | null): XCursor {
  if (!cursor) return { sinceId: null };
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Partial<XCursor>;
    return { sinceId: typeof parsed.sinceId === 'string' && /^\d+$/.test(parsed.sinceId) ? parsed.sinceId : null };
  } catch {
    return { sinceId: null };
  }
}
const newer = (a: string, b: string) => (BigInt(a) > BigInt(b) ? a : b);

/** X returns post text HTML-escaped and with links shortened: compare without either. */
function comparableXText(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/https?:\/\/\S+/g, '<url>');
}

export function createXProvider(options: ProviderOptions): Provider {
  const logger = options.logger ?? silentLogger;
  const plugins = [timeoutPlugin(options.timeoutMs ?? DEFAULT_TIMEOUT_MS)];
  const budget = createRateBudget('X');
  const budgetKey = (account: ProviderAccount) => `post:${account.remoteId}`;
  const client = (account: ProviderAccount): TwitterApi =>
    createXClient(account.accessToken, { baseUrl: options.baseUrl, plugins: [...plugins, postingBudgetPlugin(budget, budgetKey(account))] });

  async function call<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw classifyXError(error);
    }
  }

  async function uploadAll(api: TwitterApi, media: MediaToPublish[]): Promise<string[]> {
    const ids: string[] = [];
    for (const item of media) {
      const bytes = await item.read();
      const mimeType = UPLOAD_TYPES.find((type) => type === item.mimeType.toLowerCase());
      if (!mimeType) throw new ProviderError('rejected', `X: media type ${item.mimeType} is not supported`);
      const category = item.kind === 'video' ? 'tweet_video' : mimeType === EUploadMimeType.Gif ? 'tweet_gif' : 'tweet_image';
      ids.push(await api.v2.uploadMedia(bytes, { media_type: mimeType, media_category: category }));
    }
    return ids;
  }

  return withPublish({
    name: 'x',
    limits: limitsFor('x'),

    async stage(account, request): Promise<StagedPost> {
      // A used-up posting window (learnt from X's own headers) waits for its reset before anything is sent.
      budget.check(budgetKey(account));
      const api = client(account);
      let mediaIds: string[] = [];
      try {
        mediaIds = await withDeadline(
          uploadAll(api, request.media),
          MEDIA_BUDGET_MS,
          () => new ProviderError('transient', 'X: media upload or processing took too long'),
        );
      } catch (error) {
        // Nothing is posted before the tweet call: an unknown upload outcome is safe to retry.
        const classified = classifyXError(error);
        throw classified.kind === 'unknown_outcome'
          ? new ProviderError('transient', classified.message, { status: classified.status, networkCode: classified.networkCode })
          : classified;
      }
      return {
        async publish() {
          const posted = await call(() =>
            api.v2.tweet({
              text: request.text,
              ...(mediaIds.length ? { media: { media_ids: mediaIds as [string] } } : {}),
            }),
          );
          const id = posted.data.id;
          return { remoteId: id, url: xPostUrl(id), publishedAt: new Date() };
        },
      };
    },

    async findPublished(account, query) {
      const api = client(account);
      const target = comparableXText(query.text);
      const timeline = await call(() =>
        api.v2.userTimeline(account.remoteId, {
          start_time: new Date(unixSeconds(query.since) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
          max_results: 100,
          exclude: ['retweets', 'replies'],
          'tweet.fields': ['created_at'],
        }),
      );
      for (let page = 0; ; page++) {
        for (const tweet of timeline.tweets) {
          const at = tweet.created_at ? new Date(tweet.created_at) : null;
          if (at && (at < new Date(unixSeconds(query.since) * 1000) || at.getTime() > query.until.getTime() + 1000)) continue;
          if (sameText(comparableXText(tweet.text), target)) return { remoteId: tweet.id, url: xPostUrl(tweet.id), publishedAt: at ?? new Date() };
        }
        if (timeline.done || page + 1 >= MAX_PAGES) return null;
        await call(() => timeline.fetchNext());
      }
    },

    async readMessages(account, query): Promise<MessagePage> {
      const api = client(account);
      const { sinceId } = decodeCursor(query.cursor);
      const since = sinceId ? { since_id: sinceId } : {};
      const fields = {
        'tweet.fields': [...TWEET_FIELDS],
        expansions: ['author_id' as const],
        'user.fields': ['username', 'name'] as ['username', 'name'],
        max_results: 100,
      };
      const found = new Map<string, InboundMessage>();
      const collect = (tweets: TweetV2[], users: Array<{ id: string; name: string; username: string }>) => {
        for (const tweet of tweets) {
          if (tweet.author_id === account.remoteId || found.has(tweet.id)) continue;
          const author = users.find((u) => u.id === tweet.author_id);
          found.set(tweet.id, {
            remoteId: tweet.id,
            parentRemoteId: tweet.referenced_tweets?.find((r) => r.type === 'replied_to')?.id ?? null,
            threadRemoteId: tweet.conversation_id ?? null,
            author: {
              remoteId: tweet.author_id ?? '',
              name: author?.name ?? author?.username ?? tweet.author_id ?? '',
              handle: author?.username ?? null,
            },
            text: tweet.text,
            createdAt: tweet.created_at ? new Date(tweet.created_at) : new Date(),
          });
        }
      };
      const mentions = await call(() => api.v2.userMentionTimeline(account.remoteId, { ...since, ...fields }));
      for (let page = 0; ; page++) {
        collect(mentions.tweets, mentions.includes.users);
        if (mentions.done || page + 1 >= MAX_PAGES) break;
        await call(() => mentions.fetchNext());
      }
      for (const postId of query.postRemoteIds) {
        const replies = await call(() => api.v2.search(`conversation_id:${postId}`, { ...since, ...fields }));
        for (let page = 0; ; page++) {
          collect(replies.tweets, replies.includes.users);
          if (replies.done || page + 1 >= MAX_PAGES) break;
          await call(() => replies.fetchNext());
        }
      }
      const messages = [...found.values()].sort((a, b) => (BigInt(a.remoteId) < BigInt(b.remoteId) ? -1 : 1));
      const newest = messages.reduce<string | null>((max, m) => (max ? newer(max, m.remoteId) : m.remoteId), sinceId);
      if (messages.length === 0) return { messages, cursor: query.cursor };
      return { messages, cursor: encodeCursor({ sinceId: newest }) };
    },

    async reply(account, request) {
      const posted = await call(() => client(account).v2.reply(request.text, request.toRemoteId));
      return { remoteId: posted.data.id };
    },

    async findReply(account, query) {
      const api = client(account);
      const target = comparableXText(query.text);
      const since = unixSeconds(query.since) * 1000;
      const timeline = await call(() =>
        api.v2.userTimeline(account.remoteId, {
          start_time: new Date(since).toISOString().replace(/\.\d{3}Z$/, 'Z'),
          max_results: 100,
          exclude: ['retweets'],
          'tweet.fields': ['created_at', 'referenced_tweets'],
        }),
      );
      for (let page = 0; ; page++) {
        for (const tweet of timeline.tweets) {
          const answers = tweet.referenced_tweets?.some((r) => r.type === 'replied_to' && r.id === query.toRemoteId);
          if (answers && sameText(comparableXText(tweet.text), target)) return { remoteId: tweet.id };
        }
        if (timeline.done || page + 1 >= MAX_PAGES) return null;
        await call(() => timeline.fetchNext());
      }
    },

    async metrics(account, postRemoteIds) {
      const api = client(account);
      const result = new Map<string, PostMetrics>();
      for (let i = 0; i < postRemoteIds.length; i += 100) {
        const ids = postRemoteIds.slice(i, i + 100);
        const answer = await call(() => api.v2.tweets(ids, { 'tweet.fields': ['public_metrics'] }));
        const fetchedAt = new Date();
        for (const tweet of answer.data ?? []) {
          const m = tweet.public_metrics;
          if (!m) continue;
          result.set(tweet.id, {
            reactions: m.like_count,
            comments: m.reply_count,
            shares: m.retweet_count + m.quote_count,
            impressions: typeof m.impression_count === 'number' ? m.impression_count : null,
            reach: null,
            fetchedAt,
          });
        }
        if (answer.errors?.length) logger.warn({ provider: 'x', missing: answer.errors.length }, 'some posts had no metrics');
      }
      return result;
    },

    async followerCount(account) {
      const me = await call(() => client(account).v2.me({ 'user.fields': ['public_metrics'] }));
      return me.data.public_metrics?.followers_count ?? 0;
    },
  });
}
