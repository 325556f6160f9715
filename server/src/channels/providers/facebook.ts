/**
 * Facebook Pages (Graph API v24.0) through facebook-nodejs-business-sdk: text and link posts, one photo by URL,
 * several photos (unpublished photos + attached_media), a video by file_url, audience targeting, a first
 * comment, comments with a cursor, replies and metrics. One API object per Page token, never the global default.
 */
import { Comment, Page, PagePost } from 'facebook-nodejs-business-sdk';
import { createRateBudget } from './budget';
import { DEFAULT_TIMEOUT_MS, limitsFor, type ProviderOptions, sameText, silentLogger, unixSeconds, withPublish } from './common';
import { createTargetingResolver, graphTargetingOf } from './facebook-targeting';
import { allPages, classifyGraphError, type GraphCursor, graphCall, stagingCall, TimedGraphApi } from './graph-call';
import type { InboundMessage, MessagePage, PostMetrics, Provider, ProviderAccount, PublishedPost, StagedPost } from './provider';

const NETWORK = 'Facebook';

const staging = <T>(work: () => Promise<T>): Promise<T> => stagingCall(NETWORK, work);

export const facebookPostUrl = (id: string) => `https://www.facebook.com/${id}`;

/** Photos and videos have no link field: the link goes at the end of the caption. */
function withLink(text: string, link: string | null | undefined): string {
  if (!link || text.includes(link)) return text;
  return text.trim() ? `${text}\n\n${link}` : link;
}

interface CommentCursor {
  /** Per post: Graph's `after` cursor of the last comment read. */
  after: Record<string, string>;
}
const encodeCursor = (cursor: CommentCursor) => Buffer.from(JSON.stringify(cursor)).toString('base64url');
export function decodeCommentCursor(cursor: string | null): CommentCursor {
  if (!cursor) return { after: {} };
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Partial<CommentCursor>;
    return { after: parsed.after && typeof parsed.after === 'object' ? parsed.after : {} };
  } catch {
    return { after: {} };
  }
}

type Row = Record<string, unknown>;
const text = (value: unknown) => (typeof value === 'string' ? value : '');
const count = (value: unknown, path: string[]): number => {
  let current: unknown = value;
  for (const key of path) current = (current as Row | undefined)?.[key];
  return typeof current === 'number' ? current : 0;
};

export function createFacebookProvider(options: ProviderOptions): Provider {
  const logger = options.logger ?? silentLogger;
  // The app's and each account's call budget, learnt from Graph's usage headers on every answer.
  const budget = createRateBudget(NETWORK);
  const api = (account: ProviderAccount) => new TimedGraphApi(account.accessToken, options.baseUrl, options.timeoutMs ?? DEFAULT_TIMEOUT_MS, budget);
  const page = (account: ProviderAccount) => new Page(account.remoteId, undefined, undefined, api(account));
  const targeting = createTargetingResolver();
  /** Graph's targeting search with this account's token (any valid token may ask). */
  const searchWith = (account: ProviderAccount) => async (params: Record<string, string>) => {
    const answer = await staging(() => api(account).call<{ data?: Array<Record<string, unknown>> }>('GET', ['search'], params));
    return answer.data ?? [];
  };

  return withPublish({
    name: 'facebook_page',
    limits: limitsFor('facebook_page'),

    unknownAudience: (account, audience) => targeting.unknown(audience, searchWith(account)),

    async stage(account, request): Promise<StagedPost> {
      // Graph's usage headers said this app or Page is (nearly) out of calls: wait, send nothing.
      budget.check(account.remoteId);
      const target = page(account);
      // Names and language tags become Graph's keys (targeting search), before anything is uploaded.
      const audience = graphTargetingOf(request.targeting ? await targeting.resolve(request.targeting, searchWith(account)) : null);
      const images = request.media.filter((m) => m.kind === 'image');
      const video = request.media.find((m) => m.kind === 'video');
      // Several photos are uploaded unpublished ahead of the second (they create no post).
      const attached: Array<{ media_fbid: string }> = [];
      if (!video && images.length > 1) {
        for (const image of images) {
          const photo = await staging(() => target.createPhoto([], { url: image.url, published: false }));
          attached.push({ media_fbid: photo.id });
        }
      }
      const post = async (): Promise<string> => {
        if (video) {
          const created = await graphCall(NETWORK, () =>
            target.createVideo([], { file_url: video.url, description: withLink(request.text, request.link), ...audience }),
          );
          return created.id;
        }
        if (images.length === 1 && images[0]) {
          const photo = images[0];
          const created = await graphCall(NETWORK, () =>
            target.createPhoto([], { url: photo.url, caption: withLink(request.text, request.link), published: true, ...audience }),
          );
          return text(created._data.post_id) || created.id;
        }
        if (attached.length) {
          const created = await graphCall(NETWORK, () =>
            target.createFeed([], { message: withLink(request.text, request.link), attached_media: attached, ...audience }),
          );
          return created.id;
        }
        const created = await graphCall(NETWORK, () =>
          target.createFeed([], { message: request.text, ...(request.link ? { link: request.link } : {}), ...audience }),
        );
        return created.id;
      };
      return {
        async publish() {
          const postId = await post();
          const published: PublishedPost = { remoteId: postId, url: facebookPostUrl(postId), publishedAt: new Date() };
          const firstComment = request.firstComment?.trim();
          if (firstComment) {
            try {
              await graphCall(NETWORK, () => new PagePost(postId, undefined, undefined, api(account)).createComment([], { message: firstComment }));
            } catch (error) {
              // The post is out: a missing first comment must not turn it into a failure.
              const classified = classifyGraphError(error, new Date(), NETWORK);
              logger.warn({ provider: 'facebook_page', postId, kind: classified.kind, reason: classified.message }, 'first comment failed');
            }
          }
          return published;
        },
      };
    },

    async findPublished(account, query) {
      const rows = await allPages(
        NETWORK,
        page(account).getPosts(['id', 'message', 'created_time', 'permalink_url'], {
          since: unixSeconds(query.since),
          until: unixSeconds(query.until) + 1,
          limit: 100,
        }),
      );
      for (const row of rows) {
        const at = new Date(text(row.created_time));
        if (at.getTime() < unixSeconds(query.since) * 1000 || at.getTime() > query.until.getTime() + 1000) continue;
        if (sameText(text(row.message), query.text)) {
          const id = text(row.id);
          return { remoteId: id, url: text(row.permalink_url) || facebookPostUrl(id), publishedAt: at };
        }
      }
      return null;
    },

    async readMessages(account, query): Promise<MessagePage> {
      const cursor = decodeCommentCursor(query.cursor);
      const messages: InboundMessage[] = [];
      for (const postId of query.postRemoteIds) {
        const after = cursor.after[postId];
        let page = await graphCall(
          NETWORK,
          () =>
            new PagePost(postId, undefined, undefined, api(account)).getComments(['id', 'message', 'created_time', 'from', 'parent'], {
              filter: 'stream',
              order: 'chronological',
              limit: 100,
              ...(after ? { after } : {}),
            }) as unknown as Promise<GraphCursor>,
        );
        for (let n = 0; ; n++) {
          for (const item of page) {
            const row = item._data;
            const from = (row.from as { id?: string; name?: string } | undefined) ?? {};
            if (from.id === account.remoteId) continue;
            messages.push({
              remoteId: text(row.id),
              parentRemoteId: text((row.parent as Row | undefined)?.id) || postId,
              threadRemoteId: postId,
              author: { remoteId: from.id ?? '', name: from.name ?? '' },
              text: text(row.message),
              createdAt: new Date(text(row.created_time)),
            });
          }
          const last = page.paging?.cursors?.after;
          if (page.length > 0 && last) cursor.after[postId] = last;
          if (!page.hasNext() || n >= 4) break;
          const current = page;
          page = await graphCall(NETWORK, () => current.next());
        }
      }
      return { messages, cursor: encodeCursor(cursor) };
    },

    async reply(account, request) {
      const created = await graphCall(NETWORK, () =>
        new Comment(request.toRemoteId, undefined, undefined, api(account)).createComment([], { message: request.text }),
      );
      return { remoteId: created.id };
    },

    async findReply(account, query) {
      const rows = await allPages(
        NETWORK,
        new Comment(query.toRemoteId, undefined, undefined, api(account)).getComments(['id', 'message', 'from', 'created_time'], {
          order: 'reverse_chronological',
          limit: 100,
        }),
        2,
      );
      const since = unixSeconds(query.since) * 1000;
      for (const row of rows) {
        const from = (row.from as { id?: string } | undefined) ?? {};
        const at = new Date(text(row.created_time)).getTime();
        if (from.id === account.remoteId && !(at < since) && sameText(text(row.message), query.text)) return { remoteId: text(row.id) };
      }
      return null;
    },

    async metrics(account, postRemoteIds) {
      const result = new Map<string, PostMetrics>();
      for (const postId of postRemoteIds) {
        const post = new PagePost(postId, undefined, undefined, api(account));
        const fields = await graphCall(NETWORK, () => post.get(['reactions.summary(true)', 'comments.summary(true)', 'shares']));
        let impressions: number | null = null;
        let reach: number | null = null;
        try {
          const insights = await allPages(NETWORK, post.getInsights([], { metric: 'post_impressions,post_impressions_unique' }), 1);
          const value = (name: string) => {
            const values = insights.find((row) => row.name === name)?.values as Array<{ value?: unknown }> | undefined;
            return typeof values?.[0]?.value === 'number' ? values[0].value : null;
          };
          impressions = value('post_impressions');
          reach = value('post_impressions_unique');
        } catch (error) {
          const classified = classifyGraphError(error, new Date(), NETWORK);
          if (classified.kind === 'auth_expired' || classified.kind === 'rate_limited') throw classified;
          logger.warn({ provider: 'facebook_page', postId, kind: classified.kind, reason: classified.message }, 'post insights unavailable');
        }
        const data = fields._data as Row;
        result.set(postId, {
          reactions: count(data, ['reactions', 'summary', 'total_count']),
          comments: count(data, ['comments', 'summary', 'total_count']),
          shares: count(data, ['shares', 'count']),
          impressions,
          reach,
          fetchedAt: new Date(),
        });
      }
      return result;
    },

    async followerCount(account) {
      const page = new Page(account.remoteId, undefined, undefined, api(account));
      const data = (await graphCall(NETWORK, () => page.get(['followers_count', 'fan_count'])))._data as Row;
      return typeof data.followers_count === 'number' ? data.followers_count : typeof data.fan_count === 'number' ? data.fan_count : 0;
    },
  });
}
