/**
 * Instagram business accounts (Graph API v24.0) through facebook-nodejs-business-sdk: a media container per item
 * (image_url / video_url, a carousel for several), its status polled until FINISHED within a bounded time, then
 * media_publish; a first comment, comments with a cursor, replies and metrics. Instagram has no link field and
 * no organic targeting.
 */
import { IGComment, IGMedia, IGUser } from 'facebook-nodejs-business-sdk';
import { createRateBudget } from './budget';
import { DEFAULT_TIMEOUT_MS, limitsFor, type ProviderOptions, sameText, silentLogger, sleep, unixSeconds, withPublish } from './common';
import { allPages, classifyGraphError, graphCall, stagingCall, TimedGraphApi } from './graph-call';
import { readInstagramComments } from './instagram-comments';
import {
  type MediaToPublish,
  type MessagePage,
  type PostMetrics,
  type Provider,
  type ProviderAccount,
  ProviderError,
  type PublishedPost,
  type StagedPost,
} from './provider';

const NETWORK = 'Instagram';
/** A full daily publishing quota is asked again after this long (it is a rolling 24 h window). */
const QUOTA_RETRY_MS = 30 * 60_000;

export interface InstagramOptions extends ProviderOptions {
  /** Container status polling: interval and the time after which publishing gives up (nothing is published then). */
  pollIntervalMs?: number;
  pollTimeoutMs?: number;
}

type Row = Record<string, unknown>;
const text = (value: unknown) => (typeof value === 'string' ? value : '');

/** Instagram shows links as plain text; the link is kept at the end of the caption rather than dropped. */
function captionOf(body: string, link: string | null | undefined): string {
  if (!link || body.includes(link)) return body;
  return body.trim() ? `${body}\n\n${link}` : link;
}

export function createInstagramProvider(options: InstagramOptions): Provider {
  const logger = options.logger ?? silentLogger;
  const pollIntervalMs = options.pollIntervalMs ?? 2_000;
  // Well under the engine's 90 s dead-claim limit.
  const pollTimeoutMs = options.pollTimeoutMs ?? 60_000;
  // The app's and each account's call budget, learnt from Graph's usage headers on every answer.
  const budget = createRateBudget(NETWORK);
  const api = (account: ProviderAccount) => new TimedGraphApi(account.accessToken, options.baseUrl, options.timeoutMs ?? DEFAULT_TIMEOUT_MS, budget);
  const user = (account: ProviderAccount) => new IGUser(account.remoteId, undefined, undefined, api(account));

  /** Container steps publish nothing: an unknown outcome there is safe to retry. */
  const staged = <T>(work: () => Promise<T>): Promise<T> => stagingCall(NETWORK, work);

  async function waitUntilFinished(account: ProviderAccount, containerId: string, deadline: number): Promise<void> {
    for (;;) {
      const container = await staged(() => new IGMedia(containerId, undefined, undefined, api(account)).get(['status_code', 'status']));
      const status = text((container._data as Row).status_code);
      if (status === 'FINISHED' || status === 'PUBLISHED') return;
      if (status === 'ERROR' || status === 'EXPIRED')
        throw new ProviderError('rejected', `${NETWORK}: the media could not be processed (${text((container._data as Row).status) || status})`);
      if (Date.now() + pollIntervalMs > deadline) throw new ProviderError('transient', `${NETWORK}: media processing took too long`);
      await sleep(pollIntervalMs);
    }
  }

  /** Instagram allows so many posts per 24 h (content_publishing_limit): a full quota waits, it is not an error. */
  async function checkPublishingQuota(account: ProviderAccount): Promise<void> {
    const answer = await staged(() => Promise.resolve(user(account).getContentPublishingLimit(['quota_usage', 'config'], {})));
    const row = (Array.isArray(answer) ? answer[0]?._data : undefined) as { quota_usage?: number; config?: { quota_total?: number } } | undefined;
    const used = Number(row?.quota_usage ?? 0);
    const total = Number(row?.config?.quota_total ?? Number.POSITIVE_INFINITY);
    if (used >= total)
      throw new ProviderError('rate_limited', `${NETWORK}: the daily publishing limit of ${total} posts is used up`, {
        resetAt: new Date(Date.now() + QUOTA_RETRY_MS),
      });
  }

  async function createContainer(account: ProviderAccount, item: MediaToPublish, extra: Row): Promise<string> {
    const source = item.kind === 'video' ? { video_url: item.url, media_type: extra.is_carousel_item ? 'VIDEO' : 'REELS' } : { image_url: item.url };
    const created = await staged(() => user(account).createMedia([], { ...source, ...extra }));
    return created.id;
  }

  return withPublish({
    name: 'instagram',
    limits: limitsFor('instagram'),

    async stage(account, request): Promise<StagedPost> {
      if (request.media.length === 0) throw new ProviderError('rejected', `${NETWORK}: a post needs at least one photo or video`);
      budget.check(account.remoteId);
      await checkPublishingQuota(account);
      const caption = captionOf(request.text, request.link);
      const deadline = Date.now() + pollTimeoutMs;
      let creationId: string;
      if (request.media.length === 1 && request.media[0]) {
        creationId = await createContainer(account, request.media[0], { caption });
      } else {
        const children: string[] = [];
        for (const item of request.media) children.push(await createContainer(account, item, { is_carousel_item: true }));
        for (const child of children) await waitUntilFinished(account, child, deadline);
        creationId = (await staged(() => user(account).createMedia([], { media_type: 'CAROUSEL', children: children.join(','), caption }))).id;
      }
      // The container is processed ahead of the second: the due second only publishes it.
      await waitUntilFinished(account, creationId, deadline);
      return {
        async publish() {
          const media = await graphCall(NETWORK, () => user(account).createMediaPublish([], { creation_id: creationId }));
          const published: PublishedPost = { remoteId: media.id, url: null, publishedAt: new Date() };
          try {
            const details = await graphCall(NETWORK, () => new IGMedia(media.id, undefined, undefined, api(account)).get(['permalink', 'timestamp']));
            published.url = text((details._data as Row).permalink) || null;
          } catch (error) {
            logger.warn(
              { provider: 'instagram', mediaId: media.id, reason: classifyGraphError(error, new Date(), NETWORK).message },
              'permalink unavailable',
            );
          }
          const firstComment = request.firstComment?.trim();
          if (firstComment) {
            try {
              await graphCall(NETWORK, () => new IGMedia(media.id, undefined, undefined, api(account)).createComment([], { message: firstComment }));
            } catch (error) {
              // The post is out: a missing first comment must not turn it into a failure.
              const classified = classifyGraphError(error, new Date(), NETWORK);
              logger.warn({ provider: 'instagram', mediaId: media.id, kind: classified.kind, reason: classified.message }, 'first comment failed');
            }
          }
          return published;
        },
      };
    },

    async findPublished(account, query) {
      const rows = await allPages(
        NETWORK,
        user(account).getMedia(['id', 'caption', 'timestamp', 'permalink'], { since: unixSeconds(query.since), limit: 100 }),
      );
      for (const row of rows) {
        const at = new Date(text(row.timestamp));
        if (at.getTime() < unixSeconds(query.since) * 1000 || at.getTime() > query.until.getTime() + 1000) continue;
        if (sameText(text(row.caption), query.text)) return { remoteId: text(row.id), url: text(row.permalink) || null, publishedAt: at };
      }
      return null;
    },

    readMessages: (account, query): Promise<MessagePage> => readInstagramComments(api(account), account, query),

    async reply(account, request) {
      const created = await graphCall(NETWORK, () =>
        new IGComment(request.toRemoteId, undefined, undefined, api(account)).createReply([], { message: request.text }),
      );
      return { remoteId: created.id };
    },

    async findReply(account, query) {
      const rows = await allPages(
        NETWORK,
        new IGComment(query.toRemoteId, undefined, undefined, api(account)).getReplies(['id', 'text', 'from', 'username', 'timestamp'], {
          limit: 100,
        }),
        2,
      );
      const since = unixSeconds(query.since) * 1000;
      for (const row of rows) {
        const from = (row.from as { id?: string } | undefined) ?? {};
        const at = new Date(text(row.timestamp)).getTime();
        if (from.id === account.remoteId && !(at < since) && sameText(text(row.text), query.text)) return { remoteId: text(row.id) };
      }
      return null;
    },

    async metrics(account, postRemoteIds) {
      const result = new Map<string, PostMetrics>();
      for (const mediaId of postRemoteIds) {
        const media = new IGMedia(mediaId, undefined, undefined, api(account));
        const fields = (await graphCall(NETWORK, () => media.get(['like_count', 'comments_count'])))._data as Row;
        const values = new Map<string, number>();
        try {
          for (const row of await allPages(NETWORK, media.getInsights([], { metric: 'reach,views,shares' }), 1)) {
            const value = (row.values as Array<{ value?: unknown }> | undefined)?.[0]?.value;
            if (typeof value === 'number') values.set(text(row.name), value);
          }
        } catch (error) {
          const classified = classifyGraphError(error, new Date(), NETWORK);
          if (classified.kind === 'auth_expired' || classified.kind === 'rate_limited') throw classified;
          logger.warn({ provider: 'instagram', mediaId, kind: classified.kind, reason: classified.message }, 'media insights unavailable');
        }
        result.set(mediaId, {
          reactions: typeof fields.like_count === 'number' ? fields.like_count : 0,
          comments: typeof fields.comments_count === 'number' ? fields.comments_count : 0,
          shares: values.get('shares') ?? 0,
          impressions: values.get('views') ?? null,
          reach: values.get('reach') ?? null,
          fetchedAt: new Date(),
        });
      }
      return result;
    },

    async followerCount(account) {
      const data = (await graphCall(NETWORK, () => user(account).get(['followers_count'])))._data as Row;
      return typeof data.followers_count === 'number' ? data.followers_count : 0;
    },
  });
}
