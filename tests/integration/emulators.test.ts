/**
 * The protocol emulators, driven through the REAL SDKs (facebook-nodejs-business-sdk, twitter-api-v2) with the
 * redirect helpers the adapters use. Faults surface as the SDK error classes shared/CHANNELS.md describes.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Comment, IGComment, IGMedia, IGUser, Page, PagePost } from 'facebook-nodejs-business-sdk';
import { ApiRequestError, ApiResponseError } from 'twitter-api-v2';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createGraphApi, type GraphApi } from '../../server/src/channels/providers/sdk/graph-api';
import { createXClient, createXOAuthClient } from '../../server/src/channels/providers/sdk/x-client';
import { type GraphEmulator, startGraphEmulator } from '../emulators/graph';
import { startXEmulator, type XEmulator } from '../emulators/x';

const PAGE = '100000000000111';
const IG = '17841400000000111';
const PAGE_TOKEN = 'page-token-111';
const USER_TOKEN = 'user-token-1';
const X_USER = '1500000000000000111';
const X_TOKEN = 'x-token-111';

let graph: GraphEmulator;
let x: XEmulator;
let api: GraphApi;

interface FbError {
  name: string;
  status: number | null;
  response: { code: number; error_subcode?: number; type: string; fbtrace_id: string } | null;
  headers: Record<string, string> | null;
  message: string;
}
async function fbError(promise: Promise<unknown>): Promise<FbError> {
  try {
    await promise;
  } catch (error) {
    return error as FbError;
  }
  throw new Error('expected the call to fail');
}
async function cursorOf(value: unknown): Promise<CursorLike> {
  return (await value) as CursorLike;
}
interface CursorLike extends Array<{ _data: Record<string, unknown>; id: string }> {
  hasNext(): boolean;
  next(): Promise<CursorLike>;
  summary?: { total_count: number };
  paging?: { next?: string };
}

beforeAll(async () => {
  graph = await startGraphEmulator({
    appId: 'app-1',
    appSecret: 'app-secret-1',
    pages: [{ id: PAGE, name: '소통 테스트', accessTokens: [PAGE_TOKEN], instagram: { id: IG, username: 'sotong.test' } }],
    users: [{ id: '200000000000111', name: '관리자', accessTokens: [USER_TOKEN], pageIds: [PAGE] }],
  });
  x = await startXEmulator({
    users: [{ id: X_USER, username: 'sotong_test', name: '소통', accessTokens: [X_TOKEN] }],
    clients: [{ clientId: 'client-1', clientSecret: 'client-secret-1' }],
  });
  api = createGraphApi(PAGE_TOKEN, graph.url);
});
afterAll(async () => {
  await Promise.all([graph?.close(), x?.close()]);
});
beforeEach(() => {
  graph.control.reset();
  x.control.reset();
});

describe('Graph emulator through facebook-nodejs-business-sdk', () => {
  it('posts text with targeting, a link, a photo and a video to a Page, and lists them', async () => {
    const page = new Page(PAGE, undefined, undefined, api);
    const targeting = { geo_locations: { countries: ['KR'] }, age_min: 20, genders: [2] };
    const text = await page.createFeed([], { message: '봄 신메뉴 출시!', targeting, feed_targeting: { locales: [24] } });
    expect(text.id).toMatch(new RegExp(`^${PAGE}_\\d+$`));
    const link = await page.createFeed([], { message: 'Read more', link: 'https://example.com/a' });
    const photo = await page.createPhoto([], { url: 'https://example.com/p.jpg', caption: 'Photo caption', published: true });
    expect(photo._data.post_id).toMatch(new RegExp(`^${PAGE}_`));
    const video = await page.createVideo([], { file_url: 'https://example.com/v.mp4', description: 'Video!' });
    expect(video.id).toBeTruthy();

    const posts = graph.control.posts();
    expect(posts.map((p) => p.endpoint)).toEqual(['POST /{page}/feed', 'POST /{page}/feed', 'POST /{page}/photos', 'POST /{page}/videos']);
    expect(posts[0]?.body.targeting).toEqual(targeting);
    expect(posts[0]?.body.id).toBe(PAGE); // the SDK's extra id field is tolerated
    expect(graph.control.perAccount().get(PAGE)).toBe(4);

    const feed = await cursorOf(page.getPosts(['id', 'message', 'created_time'], { limit: 2 }));
    expect(feed.map((p) => p._data.message)).toEqual(['Video!', 'Photo caption']);
    expect(feed[0]?._data.created_time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0000$/);
    const older = await feed.next();
    expect(older.map((p) => p.id)).toEqual([link.id, text.id]);
  });

  it('answers targeting searches in Graph’s shape and refuses a post that targets an unknown key', async () => {
    const locales = await api.call<{ data: Array<{ key: number; name: string }> }>('GET', ['search'], { type: 'adlocale', q: 'english' });
    expect(locales.data.map((l) => l.name)).toEqual(['English (US)', 'English (UK)', 'English (All)']);
    const cities = await api.call<{ data: Array<Record<string, unknown>> }>('GET', ['search'], {
      type: 'adgeolocation',
      location_types: JSON.stringify(['city']),
      q: '수원',
      country_code: 'KR',
    });
    expect(cities.data).toEqual([
      expect.objectContaining({ key: '1023470', name: 'Suwon', type: 'city', country_code: 'KR', region: 'Gyeonggi-do', region_id: 3859 }),
    ]);
    const noRegionNamedSuwon = await api.call<{ data: unknown[] }>('GET', ['search'], {
      type: 'adgeolocation',
      location_types: JSON.stringify(['region']),
      q: 'Suwon',
    });
    expect(noRegionNamedSuwon.data).toEqual([]);
    const page = new Page(PAGE, undefined, undefined, api);
    const refused = await page
      .createFeed([], { message: 'Seoul by name', targeting: { geo_locations: { regions: [{ key: 'Seoul' }] } } })
      .catch((e: unknown) => e);
    expect(refused).toMatchObject({ status: 400, response: { code: 100, message: expect.stringContaining('targeting[geo_locations][regions][0]') } });
    const badLocale = await page.createFeed([], { message: 'ko-KR as a tag', feed_targeting: { locales: ['ko-KR'] } }).catch((e: unknown) => e);
    expect(badLocale).toMatchObject({ status: 400, response: { code: 100, message: expect.stringContaining('feed_targeting[locales][0]') } });
    expect(graph.control.posts()).toHaveLength(0);
    expect(graph.control.searches().map((q) => q.get('type'))).toEqual(['adlocale', 'adgeolocation', 'adgeolocation']);
  });

  it('pages comments with absolute next URLs carrying the token, and replies to a comment', async () => {
    const post = await new Page(PAGE, undefined, undefined, api).createFeed([], { message: 'comments please' });
    for (let i = 0; i < 5; i++) graph.control.addComment(post.id, { message: `comment ${i}` });
    const first = await cursorOf(
      new PagePost(post.id, undefined, undefined, api).getComments(['id', 'message', 'from', 'created_time'], {
        filter: 'stream',
        order: 'chronological',
        limit: 2,
        summary: true,
      }),
    );
    expect(first.map((c) => c._data.message)).toEqual(['comment 0', 'comment 1']);
    expect(first.summary?.total_count).toBe(5);
    const next = first.paging?.next ?? '';
    expect(next.startsWith(`${graph.url}/v24.0/${post.id}/comments?`)).toBe(true);
    expect(new URL(next).searchParams.get('access_token')).toBe(PAGE_TOKEN);
    const second = await first.next();
    expect(second.map((c) => c._data.message)).toEqual(['comment 2', 'comment 3']);
    const third = await second.next();
    expect(third.map((c) => c._data.message)).toEqual(['comment 4']);
    expect(third.hasNext()).toBe(false);

    const target = first[0]?.id ?? '';
    const reply = await new Comment(target, undefined, undefined, api).createComment([], { message: '감사합니다!' });
    expect(reply.id).toBeTruthy();
    const stream = await cursorOf(
      new PagePost(post.id, undefined, undefined, api).getComments(['id', 'message', 'parent'], { filter: 'stream', limit: 25 }),
    );
    expect(stream.find((c) => c.id === reply.id)?._data.parent).toMatchObject({ id: target });
    expect(graph.control.posts().at(-1)).toMatchObject({ kind: 'reply', remoteId: reply.id });
  });

  it('creates an Instagram video container, polls it to FINISHED, publishes, reads comments and replies', async () => {
    const ig = new IGUser(IG, undefined, undefined, api);
    const container = await ig.createMedia([], { video_url: 'https://example.com/v.mp4', caption: '릴스 캡션', media_type: 'REELS' });
    const poll = () => new IGMedia(container.id, undefined, undefined, api).get(['status_code']);
    expect((await poll())._data.status_code).toBe('IN_PROGRESS');
    const notReady = await fbError(ig.createMediaPublish([], { creation_id: container.id }));
    expect(notReady.response?.code).toBe(9007);
    expect((await poll())._data.status_code).toBe('FINISHED');
    const media = await ig.createMediaPublish([], { creation_id: container.id });
    expect(graph.control.perAccount().get(IG)).toBe(1);

    const listed = await cursorOf(ig.getMedia(['id', 'caption', 'timestamp']));
    expect(listed[0]?._data).toMatchObject({ id: media.id, caption: '릴스 캡션' });
    const limit = await cursorOf(ig.getContentPublishingLimit(['quota_usage', 'config']));
    expect(limit[0]?._data).toMatchObject({ quota_usage: 1, config: { quota_total: 100 } });

    graph.control.addComment(media.id, { message: 'so nice', from: { id: '9100000000000005', name: 'Emily', username: 'emilyc' } });
    const comments = await cursorOf(
      new IGMedia(media.id, undefined, undefined, api).getComments(['id', 'text', 'timestamp', 'username', 'from', 'like_count']),
    );
    expect(comments[0]?._data).toMatchObject({ text: 'so nice', username: 'emilyc', from: { id: '9100000000000005', username: 'emilyc' } });
    const reply = await new IGComment(comments[0]?.id ?? '', undefined, undefined, api).createReply([], { message: 'Thank you!' });
    expect(reply.id).toBeTruthy();
    const replies = await cursorOf(new IGComment(comments[0]?.id ?? '', undefined, undefined, api).getReplies(['id', 'text']));
    expect(replies.map((r) => r._data.text)).toEqual(['Thank you!']);
  });

  it('expands an Instagram comment’s replies, reads several comments in one request, and fails it when one is gone', async () => {
    const ig = new IGUser(IG, undefined, undefined, api);
    const container = await ig.createMedia([], { image_url: 'https://example.com/e.jpg', caption: 'expand' });
    const media = await ig.createMediaPublish([], { creation_id: container.id });
    const one = graph.control.addComment(media.id, { message: 'one' });
    const two = graph.control.addComment(media.id, { message: 'two' });
    const replies = [graph.control.addComment(one, { message: 'r1' }), graph.control.addComment(one, { message: 'r2' })];
    // Instagram threads are one level deep: a reply to a reply goes under the top-level comment.
    replies.push(graph.control.addComment(replies[0] as string, { message: 'r3' }));

    const comments = await cursorOf(
      new IGMedia(media.id, undefined, undefined, api).getComments(['id', 'text', 'replies.limit(2){id,text,parent_id}']),
    );
    expect(comments.map((c) => c.id)).toEqual([two, one]); // top-level only, newest first (as Instagram lists them)
    const edge = comments[1]?._data.replies as { data: Array<Record<string, unknown>>; paging: { cursors: { after: string }; next?: string } };
    expect(edge.data).toEqual([
      { id: replies[0], text: 'r1', parent_id: one },
      { id: replies[1], text: 'r2', parent_id: one },
    ]);
    expect(edge.paging.next).toContain(`/${one}/replies?`);
    const rest = await cursorOf(new IGComment(one, undefined, undefined, api).getReplies(['id', 'text'], { after: edge.paging.cursors.after }));
    expect(rest.map((r) => r._data.text)).toEqual(['r3']);
    expect(comments[0]?._data.replies).toBeUndefined(); // Graph leaves an empty edge out

    const many = await api.call<Record<string, { id: string; replies?: { data: unknown[] } }>>('GET', [], {
      ids: `${one},${two}`,
      fields: 'replies{id}',
    });
    expect(Object.keys(many)).toEqual([one, two]);
    expect(many[one]?.replies?.data).toHaveLength(3);
    graph.control.deleteComment(two);
    const gone = await fbError(api.call('GET', [], { ids: `${one},${two}`, fields: 'replies{id}' }));
    expect(gone.response?.code).toBe(100);
    expect(gone.message).toContain(two);
    const tooMany = await fbError(api.call('GET', [], { ids: Array.from({ length: 51 }, () => one).join(','), fields: 'id' }));
    expect(tooMany.response?.code).toBe(100);
  });

  it('reports metrics that grow with audience activity, through fields and insights', async () => {
    const post = await new Page(PAGE, undefined, undefined, api).createFeed([], { message: 'metrics' });
    const read = async () =>
      (await new PagePost(post.id, undefined, undefined, api).get(['reactions.summary(true)', 'comments.summary(true)', 'shares']))._data as {
        reactions: { summary: { total_count: number } };
        comments: { summary: { total_count: number } };
        shares: { count: number };
      };
    const before = await read();
    graph.control.simulateAudience(post.id, 4);
    const after = await read();
    expect(after.comments.summary.total_count).toBe(before.comments.summary.total_count + 4);
    expect(after.reactions.summary.total_count).toBeGreaterThan(before.reactions.summary.total_count);
    const insights = await cursorOf(
      new PagePost(post.id, undefined, undefined, api).getInsights([], { metric: 'post_impressions,post_impressions_unique' }),
    );
    const impressions = insights.find((i) => i._data.name === 'post_impressions')?._data.values as Array<{ value: number }>;
    expect(impressions[0]?.value).toBeGreaterThan(0);
  });

  it('lists the user’s Pages with tokens and exchanges OAuth codes and short-lived tokens', async () => {
    const userApi = createGraphApi(USER_TOKEN, graph.url);
    const accounts = await userApi.call<{ data: Array<{ id: string; access_token: string; instagram_business_account: { id: string } }> }>(
      'GET',
      ['me', 'accounts'],
      {
        fields: 'id,name,access_token,instagram_business_account',
      },
    );
    expect(accounts.data).toEqual([
      expect.objectContaining({ id: PAGE, access_token: PAGE_TOKEN, instagram_business_account: expect.objectContaining({ id: IG }) }),
    ]);

    const code = graph.control.issueAuthCode('200000000000111', 'https://app.test/cb');
    const exchanged = await userApi.call<{ access_token: string; expires_in: number }>('GET', ['oauth', 'access_token'], {
      client_id: 'app-1',
      client_secret: 'app-secret-1',
      redirect_uri: 'https://app.test/cb',
      code,
    });
    expect(exchanged.access_token).toMatch(/^EAAG/);
    const long = await userApi.call<{ access_token: string }>('GET', ['oauth', 'access_token'], {
      grant_type: 'fb_exchange_token',
      client_id: 'app-1',
      client_secret: 'app-secret-1',
      fb_exchange_token: exchanged.access_token,
    });
    const me = await createGraphApi(long.access_token, graph.url).call<{ id: string }>('GET', ['me'], {});
    expect(me.id).toBe('200000000000111');
    const reused = await fbError(
      userApi.call('GET', ['oauth', 'access_token'], {
        client_id: 'app-1',
        client_secret: 'app-secret-1',
        redirect_uri: 'https://app.test/cb',
        code,
      }),
    );
    expect(reused.response?.code).toBe(100);
  });

  it('surfaces token expiry, rate limits, 5xx and commit-then-drop as FacebookRequestError', async () => {
    const page = () => new Page(PAGE, undefined, undefined, api);
    const unknown = await fbError(new Page(PAGE, undefined, undefined, createGraphApi('nope', graph.url)).createFeed([], { message: 'x' }));
    expect(unknown).toMatchObject({ name: 'FacebookRequestError', status: 400, response: { code: 190, type: 'OAuthException' } });

    for (const code of [4, 17, 32, 613] as const) {
      graph.control.addFault({ kind: 'rate_limit', graphCode: code, count: 1, endpoint: 'POST /{page}/feed' });
      const limited = await fbError(page().createFeed([], { message: `limited ${code}` }));
      expect(limited.name).toBe('FacebookRequestError');
      expect(limited.response?.code).toBe(code);
      expect(JSON.parse(limited.headers?.['x-app-usage'] ?? '{}').call_count).toBe(100);
    }
    graph.control.addFault({ kind: 'server_error', count: 1 });
    const failed = await fbError(page().createFeed([], { message: 'five hundred' }));
    expect(failed).toMatchObject({ name: 'FacebookRequestError', status: 500, response: { code: 2, is_transient: true } });
    expect(graph.control.posts()).toHaveLength(0);

    graph.control.addFault({ kind: 'commit_then_drop', count: 1, endpoint: 'POST /{page}/feed' });
    const dropped = await fbError(page().createFeed([], { message: 'dropped but posted' }));
    expect(dropped).toMatchObject({ name: 'FacebookRequestError', status: null, response: null });
    expect(graph.control.posts()).toEqual([expect.objectContaining({ text: 'dropped but posted', dropped: true })]);

    const ok = await page().createFeed([], { message: 'after faults' });
    expect(ok.id).toBeTruthy();
    graph.control.expireToken(PAGE_TOKEN);
    const expired = await fbError(page().createFeed([], { message: 'expired' }));
    expect(expired.response).toMatchObject({ code: 190, error_subcode: 463 });
    graph.control.seedPage({ id: PAGE, name: '소통 테스트', accessTokens: [PAGE_TOKEN] });
  });

  it('sends signed Meta webhooks for audience comments', async () => {
    const hook = await startWebhookSink();
    try {
      graph.control.setWebhook({ url: hook.url, appSecret: 'app-secret-1' });
      expect(await graph.control.verifyWebhook('verify-me')).toBe(true);
      const post = await new Page(PAGE, undefined, undefined, api).createFeed([], { message: 'hook' });
      graph.control.simulateAudience(post.id, 1);
      const delivery = await hook.next();
      expect(delivery.headers['x-hub-signature-256']).toBe(`sha256=${createHmac('sha256', 'app-secret-1').update(delivery.raw).digest('hex')}`);
      const body = JSON.parse(delivery.raw.toString());
      expect(body).toMatchObject({
        object: 'page',
        entry: [{ id: PAGE, changes: [{ field: 'feed', value: { item: 'comment', verb: 'add', post_id: post.id } }] }],
      });
    } finally {
      graph.control.setWebhook(null);
      await hook.close();
    }
  });
});

describe('X emulator through twitter-api-v2', () => {
  const client = () => createXClient(X_TOKEN, { baseUrl: x.url });

  it('uploads media (v2 chunked) and posts a tweet with it, then finds it in the user timeline', async () => {
    const bytes = randomBytes(1500 * 1024);
    const mediaId = await client().v2.uploadMedia(bytes, { media_type: 'image/png' });
    const posted = await client().v2.tweet({ text: '안녕하세요 👋', media: { media_ids: [mediaId] } });
    expect(posted.data).toMatchObject({ text: '안녕하세요 👋', edit_history_tweet_ids: [posted.data.id] });
    expect(x.control.posts()).toEqual([expect.objectContaining({ account: X_USER, remoteId: posted.data.id, kind: 'post' })]);
    expect(x.state.media.get(mediaId)).toMatchObject({ segments: 2, received: bytes.length, finalized: true });
    const timeline = await client().v2.get('users/:id/tweets'.replace(':id', X_USER), { max_results: 5, 'tweet.fields': 'created_at' });
    expect(timeline.data[0]).toMatchObject({ id: posted.data.id });
    const me = await client().v2.me();
    expect(me.data).toEqual({ id: X_USER, name: '소통', username: 'sotong_test' });
  });

  it('rejects duplicate text with 403 and rate-limit headers on every answer', async () => {
    await client().v2.tweet('same words');
    const duplicate = await client()
      .v2.tweet('same words')
      .catch((e: unknown) => e);
    expect(duplicate).toBeInstanceOf(ApiResponseError);
    expect((duplicate as ApiResponseError).code).toBe(403);
    expect((duplicate as ApiResponseError).data.detail).toContain('duplicate content');
    expect((duplicate as ApiResponseError).rateLimit).toMatchObject({ limit: 100, remaining: 98 });
  });

  it('reads mentions, conversation replies and public metrics', async () => {
    const root = await client().v2.tweet('what do you think?');
    const replies = x.control.simulateAudience(root.data.id, 3);
    const mentions = await client().v2.userMentionTimeline(X_USER, {
      'tweet.fields': ['author_id', 'conversation_id', 'created_at', 'in_reply_to_user_id', 'referenced_tweets'],
      expansions: ['author_id'],
    });
    expect(mentions.tweets.map((t) => t.id)).toEqual(replies.map((r) => r.id).reverse());
    expect(mentions.tweets[0]).toMatchObject({ conversation_id: root.data.id, in_reply_to_user_id: X_USER });
    expect(mentions.includes.users.length).toBeGreaterThan(0);
    const since = await client().v2.userMentionTimeline(X_USER, { since_id: replies[1]?.id });
    expect(since.tweets.map((t) => t.id)).toEqual([replies[2]?.id]);

    const search = await client().v2.search(`conversation_id:${root.data.id}`, { max_results: 10 });
    expect(search.tweets).toHaveLength(3);
    const ours = await client().v2.reply('고마워요!', replies[0]?.id ?? '');
    expect(x.control.posts().at(-1)).toMatchObject({ kind: 'reply', remoteId: ours.data.id });

    const metrics = await client().v2.tweets([root.data.id], { 'tweet.fields': ['public_metrics'] });
    expect(metrics.data[0]?.public_metrics).toMatchObject({ reply_count: 3 });
    expect(metrics.data[0]?.public_metrics?.like_count).toBeGreaterThan(0);
  });

  it('exchanges a PKCE code and rotates refresh tokens (the old one stops working)', async () => {
    const oauth = createXOAuthClient({ clientId: 'client-1', clientSecret: 'client-secret-1' }, { baseUrl: x.url });
    const link = oauth.generateOAuth2AuthLink('https://app.test/x/cb', { scope: ['tweet.read', 'tweet.write', 'users.read', 'offline.access'] });
    expect(link.url.startsWith(`${x.url}/i/oauth2/authorize?`)).toBe(true);
    const consent = await fetch(link.url, { redirect: 'manual' });
    const back = new URL(consent.headers.get('location') ?? '');
    expect(back.searchParams.get('state')).toBe(link.state);
    const code = back.searchParams.get('code') ?? '';

    const wrong = await oauth
      .loginWithOAuth2({ code, codeVerifier: 'not-the-verifier', redirectUri: 'https://app.test/x/cb' })
      .catch((e: unknown) => e);
    expect(wrong).toBeInstanceOf(ApiResponseError);
    const code2 = x.control.issueAuthCode({
      userId: X_USER,
      clientId: 'client-1',
      redirectUri: 'https://app.test/x/cb',
      codeChallenge: createHash('sha256').update(link.codeVerifier).digest('base64url'),
    });
    const login = await oauth.loginWithOAuth2({ code: code2, codeVerifier: link.codeVerifier, redirectUri: 'https://app.test/x/cb' });
    expect(login.expiresIn).toBe(7200);
    expect((await login.client.v2.me()).data.id).toBe(X_USER);

    const refreshed = await oauth.refreshOAuth2Token(login.refreshToken ?? '');
    expect(refreshed.refreshToken).not.toBe(login.refreshToken);
    expect((await refreshed.client.v2.me()).data.id).toBe(X_USER);
    const stale = await oauth.refreshOAuth2Token(login.refreshToken ?? '').catch((e: unknown) => e);
    expect(stale).toBeInstanceOf(ApiResponseError);
    expect((stale as ApiResponseError).code).toBe(400);
    const again = await oauth.refreshOAuth2Token(refreshed.refreshToken ?? '');
    expect(again.accessToken).toBeTruthy();
  });

  it('surfaces 401, 429, 5xx and commit-then-drop as the SDK error classes', async () => {
    const unknown = await createXClient('bad', { baseUrl: x.url })
      .v2.me()
      .catch((e: unknown) => e);
    expect(unknown).toBeInstanceOf(ApiResponseError);
    expect((unknown as ApiResponseError).isAuthError).toBe(true);

    x.control.addFault({ kind: 'rate_limit', count: 1, resetInSeconds: 120, endpoint: 'POST /2/tweets' });
    const limited = (await client()
      .v2.tweet('limited')
      .catch((e: unknown) => e)) as ApiResponseError;
    expect(limited).toBeInstanceOf(ApiResponseError);
    expect(limited.rateLimitError).toBe(true);
    expect(limited.rateLimit?.remaining).toBe(0);
    expect(limited.rateLimit?.reset).toBeGreaterThanOrEqual(Math.floor(Date.now() / 1000) + 119);

    x.control.addFault({ kind: 'server_error', count: 1, status: 503 });
    const unavailable = (await client()
      .v2.tweet('503')
      .catch((e: unknown) => e)) as ApiResponseError;
    expect(unavailable.code).toBe(503);
    expect(x.control.posts()).toHaveLength(0);

    x.control.addFault({ kind: 'latency', count: 1, latencyMs: 150 });
    const started = Date.now();
    await client().v2.tweet('slow');
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);

    x.control.addFault({ kind: 'commit_then_drop', count: 1, endpoint: 'POST /2/tweets' });
    const dropped = await client()
      .v2.tweet('dropped but posted')
      .catch((e: unknown) => e);
    expect(dropped).toBeInstanceOf(ApiRequestError);
    // twitter-api-v2 keeps the real cause at `_options.error` (its `requestError` getter reads another key).
    const cause = (dropped as unknown as { _options: { error?: Error } })._options.error;
    expect(`${(dropped as Error).message} ${cause?.message}`).toMatch(/socket hang up|ECONNRESET/);
    expect(x.control.posts().find((p) => p.text === 'dropped but posted')).toMatchObject({ dropped: true, account: X_USER });

    x.control.expireToken(X_TOKEN);
    const expired = (await client()
      .v2.me()
      .catch((e: unknown) => e)) as ApiResponseError;
    expect(expired.code).toBe(401);
    x.control.seedUser({ id: X_USER, username: 'sotong_test', name: '소통', accessTokens: [X_TOKEN] });
  });

  it('sends signed account-activity webhooks and answers CRC checks', async () => {
    const hook = await startWebhookSink('consumer-secret');
    try {
      x.control.setWebhook({ url: hook.url, consumerSecret: 'consumer-secret' });
      expect(await x.control.checkWebhookCrc()).toBe(true);
      const root = await client().v2.tweet('hook me');
      x.control.simulateAudience(root.data.id, 1);
      const delivery = await hook.next();
      expect(delivery.headers['x-twitter-webhooks-signature']).toBe(
        `sha256=${createHmac('sha256', 'consumer-secret').update(delivery.raw).digest('base64')}`,
      );
      expect(JSON.parse(delivery.raw.toString())).toMatchObject({
        for_user_id: X_USER,
        tweet_create_events: [{ in_reply_to_status_id_str: root.data.id }],
      });
    } finally {
      x.control.setWebhook(null);
      await hook.close();
    }
  });

  it('answers the control API over plain HTTP', async () => {
    await client().v2.tweet('controlled');
    const res = await fetch(`${x.url}/_control/posts`);
    const body = (await res.json()) as { posts: Array<{ text: string; arrivedAt: number }>; perAccount: Record<string, number> };
    expect(body.perAccount[X_USER]).toBe(1);
    expect(body.posts[0]?.arrivedAt).toBeGreaterThan(Date.now() - 10_000);
    const fault = await fetch(`${graph.url}/_control/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'server_error', count: 1 }),
    });
    expect(((await fault.json()) as { id: string }).id).toMatch(/^fault_/);
    expect(graph.control.faults()).toHaveLength(1);
  });
});

/** A loopback receiver for webhooks: answers Meta verification and X CRC, queues POSTs. */
async function startWebhookSink(consumerSecret = '') {
  const waiting: Array<(d: { raw: Buffer; headers: http.IncomingHttpHeaders }) => void> = [];
  const queued: Array<{ raw: Buffer; headers: http.IncomingHttpHeaders }> = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (req.method === 'GET') {
      const crc = url.searchParams.get('crc_token');
      if (crc) {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ response_token: `sha256=${createHmac('sha256', consumerSecret).update(crc).digest('base64')}` }));
        return;
      }
      res.statusCode = url.searchParams.get('hub.verify_token') === 'verify-me' ? 200 : 403;
      res.end(url.searchParams.get('hub.challenge') ?? '');
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      res.end('ok');
      const delivery = { raw: Buffer.concat(chunks), headers: req.headers };
      const waiter = waiting.shift();
      if (waiter) waiter(delivery);
      else queued.push(delivery);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    next: () => {
      const ready = queued.shift();
      return ready ? Promise.resolve(ready) : new Promise<{ raw: Buffer; headers: http.IncomingHttpHeaders }>((resolve) => waiting.push(resolve));
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
