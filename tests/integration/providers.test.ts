/**
 * The three adapters through their real SDKs (twitter-api-v2, facebook-nodejs-business-sdk) against the protocol
 * emulators: publishing, finding a post after an unknown outcome, messages, replies, metrics, and every injected
 * fault classified to the kind the publishing engine acts on. No error message may carry a token.
 */
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createFacebookProvider } from '../../server/src/channels/providers/facebook';
import { TimedGraphApi } from '../../server/src/channels/providers/graph-call';
import { createInstagramProvider } from '../../server/src/channels/providers/instagram';
import { decodeInstagramCursor, MAX_WATCHED, REPLY_WATCH_MS, readInstagramComments } from '../../server/src/channels/providers/instagram-comments';
import type { MediaToPublish, MessagePage, Provider, ProviderAccount, PublishRequest } from '../../server/src/channels/providers/provider';
import { ProviderError } from '../../server/src/channels/providers/provider';
import { createXProvider } from '../../server/src/channels/providers/x';
import { type GraphEmulator, startGraphEmulator } from '../emulators/graph';
import { startXEmulator, type XEmulator } from '../emulators/x';

const PAGE = '100000000000222';
const IG = '17841400000000222';
const PAGE_TOKEN = 'page-token-secret-222';
const X_USER = '1500000000000000222';
const X_TOKEN = 'x-token-secret-222';

let graph: GraphEmulator;
let x: XEmulator;
let closedPortUrl: string;
const warnings: Array<{ fields: Record<string, unknown>; message: string }> = [];
const logger = { warn: (fields: Record<string, unknown>, message: string) => warnings.push({ fields, message }) };

const xAccount: ProviderAccount = { remoteId: X_USER, accessToken: X_TOKEN };
const pageAccount: ProviderAccount = { remoteId: PAGE, accessToken: PAGE_TOKEN };
const igAccount: ProviderAccount = { remoteId: IG, accessToken: PAGE_TOKEN };

function media(kind: 'image' | 'video', name: string, bytes = randomBytes(kind === 'video' ? 300_000 : 40_000)): MediaToPublish {
  return {
    kind,
    mimeType: kind === 'video' ? 'video/mp4' : 'image/jpeg',
    url: `https://media.sotong.test/${name}`,
    read: async () => bytes,
  };
}
const request = (text: string, extra: Partial<PublishRequest> = {}): PublishRequest => ({ text, media: [], fingerprint: text, ...extra });

async function failure(promise: Promise<unknown>): Promise<ProviderError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ProviderError);
    return error as ProviderError;
  }
  throw new Error('expected the call to fail');
}

/** A port that refuses connections: listen, note the port, close. */
async function closedPort(): Promise<string> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

beforeAll(async () => {
  graph = await startGraphEmulator({
    pages: [{ id: PAGE, name: '소통 어댑터', accessTokens: [PAGE_TOKEN], instagram: { id: IG, username: 'sotong.adapter' } }],
    audience: { enabled: false },
  });
  x = await startXEmulator({
    users: [{ id: X_USER, username: 'sotong_adapter', name: '소통', accessTokens: [X_TOKEN] }],
    audience: { enabled: false },
  });
  closedPortUrl = await closedPort();
});
afterAll(async () => {
  await Promise.all([graph?.close(), x?.close()]);
});
beforeEach(() => {
  graph.control.reset();
  x.control.reset();
  warnings.length = 0;
});

function expectNoToken(error: ProviderError, token: string) {
  expect(error.message).not.toContain(token);
  expect(JSON.stringify({ ...error, message: error.message, stack: error.stack })).not.toContain(token);
}

describe('X adapter (twitter-api-v2)', () => {
  const provider = (): Provider => createXProvider({ baseUrl: x.url, logger });

  it('declares the composer’s limits', () => {
    expect(provider().limits).toEqual({
      maxTextLength: 280,
      weightedText: true,
      maxImages: 4,
      maxVideos: 1,
      mediaRequired: false,
      supportsTargeting: false,
      supportsFirstComment: false,
    });
  });

  it('publishes text, text with the appended link, images and a video', async () => {
    const text = await provider().publish(xAccount, request('봄 신메뉴 출시!'));
    expect(text.url).toBe(`https://x.com/i/web/status/${text.remoteId}`);
    expect(Date.now() - text.publishedAt.getTime()).toBeLessThan(5000);
    await provider().publish(xAccount, request('Read more https://example.com/a'));
    const images = await provider().publish(xAccount, request('two photos', { media: [media('image', 'a.jpg'), media('image', 'b.jpg')] }));
    const video = await provider().publish(xAccount, request('a video', { media: [media('video', 'v.mp4')] }));

    const posts = x.control.posts();
    expect(posts.map((p) => p.text)).toEqual(['봄 신메뉴 출시!', 'Read more https://example.com/a', 'two photos', 'a video']);
    const mediaIdsOf = (index: number) => (posts[index]?.body.media as { media_ids: string[] } | undefined)?.media_ids ?? [];
    const imageIds = mediaIdsOf(2);
    expect(imageIds).toHaveLength(2);
    for (const id of imageIds) expect(x.state.media.get(id)).toMatchObject({ finalized: true, received: 40_000, category: 'tweet_image' });
    const [videoId] = mediaIdsOf(3);
    expect(x.state.media.get(videoId ?? '')).toMatchObject({ finalized: true, category: 'tweet_video', mediaType: 'video/mp4' });
    expect(x.state.tweets.get(images.remoteId)?.media_ids).toEqual(imageIds);
    expect(video.remoteId).toBe(posts[3]?.remoteId);
  });

  it('finds a post after commit-then-drop, and nothing when nothing was posted', async () => {
    const since = new Date(Date.now() - 1000);
    x.control.addFault({ kind: 'commit_then_drop', count: 1, endpoint: 'POST /2/tweets' });
    const dropped = await failure(provider().publish(xAccount, request('Dropped  but POSTED ')));
    expect(dropped.kind).toBe('unknown_outcome');
    const found = await provider().findPublished(xAccount, {
      fingerprint: 'f',
      text: 'dropped but posted',
      since,
      until: new Date(Date.now() + 60_000),
    });
    const record = x.control.posts().find((p) => p.dropped);
    expect(found).toMatchObject({ remoteId: record?.remoteId, url: `https://x.com/i/web/status/${record?.remoteId}` });
    const none = await provider().findPublished(xAccount, { fingerprint: 'g', text: 'never posted', since, until: new Date(Date.now() + 60_000) });
    expect(none).toBeNull();
    const tooEarly = await provider().findPublished(xAccount, {
      fingerprint: 'f',
      text: 'dropped but posted',
      since: new Date(Date.now() + 5000),
      until: new Date(Date.now() + 60_000),
    });
    expect(tooEarly).toBeNull();
  });

  it('reads mentions and conversation replies with a cursor, replies, and reads metrics', async () => {
    const post = await provider().publish(xAccount, request('what do you think?'));
    const first = x.control.addReply(post.remoteId, {
      text: '@sotong_adapter 좋아요',
      authorId: '9100000000000001',
      username: 'minji',
      name: '민지',
    });
    x.control.addReply(first.id, { text: 'me too', authorId: '9100000000000002', username: 'jun', name: 'Jun' });
    const page = await provider().readMessages(xAccount, { postRemoteIds: [post.remoteId], cursor: null });
    expect(page.messages.map((m) => m.text)).toEqual(['@sotong_adapter 좋아요', 'me too']);
    expect(page.messages[0]).toMatchObject({ remoteId: first.id, parentRemoteId: post.remoteId, threadRemoteId: post.remoteId });
    expect(page.messages[0]?.createdAt).toBeInstanceOf(Date);
    expect(page.messages[1]?.parentRemoteId).toBe(first.id);
    expect(page.cursor).toBeTruthy();

    const ours = await provider().reply(xAccount, { toRemoteId: first.id, text: '고마워요!' });
    expect(x.control.posts().at(-1)).toMatchObject({ kind: 'reply', remoteId: ours.remoteId, text: '고마워요!' });
    const again = await provider().readMessages(xAccount, { postRemoteIds: [post.remoteId], cursor: page.cursor });
    expect(again.messages).toEqual([]); // our own reply is not an inbound message
    const later = x.control.addReply(post.remoteId, { text: 'later', authorId: '9100000000000003' });
    const next = await provider().readMessages(xAccount, { postRemoteIds: [post.remoteId], cursor: again.cursor });
    expect(next.messages.map((m) => m.remoteId)).toEqual([later.id]);

    const metrics = await provider().metrics(xAccount, [post.remoteId]);
    expect(metrics.get(post.remoteId)).toMatchObject({ comments: 2, reach: null });
    expect(metrics.get(post.remoteId)?.impressions).toBeGreaterThan(0);
  });

  it('classifies each fault', async () => {
    x.control.addFault({ kind: 'rate_limit', count: 1, resetInSeconds: 120, endpoint: 'POST /2/tweets' });
    const limited = await failure(provider().publish(xAccount, request('limited')));
    expect(limited.kind).toBe('rate_limited');
    expect(limited.resetAt?.getTime()).toBeGreaterThanOrEqual(Date.now() + 115_000);

    x.control.addFault({ kind: 'server_error', count: 1, status: 503, endpoint: 'POST /2/tweets' });
    expect(await failure(provider().publish(xAccount, request('five oh three')))).toMatchObject({ kind: 'unknown_outcome', status: 503 });

    await provider().publish(xAccount, request('same words'));
    const duplicate = await failure(provider().publish(xAccount, request('same words')));
    expect(duplicate).toMatchObject({ kind: 'rejected', status: 403 });
    expect(duplicate.message).toContain('duplicate content');

    const refused = await failure(createXProvider({ baseUrl: closedPortUrl }).publish(xAccount, request('refused')));
    expect(refused).toMatchObject({ kind: 'transient', networkCode: 'ECONNREFUSED' });

    x.control.addFault({ kind: 'latency', count: 1, latencyMs: 800, endpoint: 'POST /2/tweets' });
    const slow = await failure(createXProvider({ baseUrl: x.url, timeoutMs: 200 }).publish(xAccount, request('too slow')));
    expect(slow.kind).toBe('unknown_outcome');

    x.control.expireToken(X_TOKEN);
    const expired = await failure(provider().publish(xAccount, request('expired')));
    expect(expired).toMatchObject({ kind: 'auth_expired', status: 401 });
    for (const error of [limited, duplicate, refused, slow, expired]) expectNoToken(error, X_TOKEN);
    x.control.seedUser({ id: X_USER, username: 'sotong_adapter', name: '소통', accessTokens: [X_TOKEN] });
  });

  it('treats a failed media upload as safe to retry (nothing was posted)', async () => {
    x.control.addFault({ kind: 'server_error', count: 1, endpoint: 'POST /2/media/upload/initialize' });
    const failed = await failure(provider().publish(xAccount, request('with media', { media: [media('image', 'c.jpg')] })));
    expect(failed.kind).toBe('transient');
    expect(x.control.posts()).toHaveLength(0);
  });
});

describe('Facebook Page adapter (facebook-nodejs-business-sdk)', () => {
  const provider = (): Provider => createFacebookProvider({ baseUrl: graph.url, logger });

  it('declares the composer’s limits', () => {
    expect(provider().limits).toMatchObject({ maxTextLength: 63_206, weightedText: false, supportsTargeting: true, supportsFirstComment: true });
  });

  it('publishes text with targeting and a first comment, a link, one photo, several photos and a video', async () => {
    const targeted = await provider().publish(
      pageAccount,
      request('봄 신메뉴 출시!', {
        targeting: {
          places: [
            { country: 'JP' },
            { country: 'KR', region: 'Seoul' },
            { country: 'KR', city: '부산' },
            { country: 'KR', region: 'Gyeonggi-do', city: 'Suwon' },
          ],
          languages: ['ko-KR', 'en-GB'],
          ageMin: 20,
          ageMax: 39,
          genders: ['female'],
        },
        firstComment: '메뉴판은 여기: https://example.com/menu',
      }),
    );
    expect(targeted.remoteId).toMatch(new RegExp(`^${PAGE}_\\d+$`));
    expect(targeted.url).toBe(`https://www.facebook.com/${targeted.remoteId}`);
    await provider().publish(pageAccount, request('Read more', { link: 'https://example.com/a' }));
    const photo = await provider().publish(pageAccount, request('One photo', { media: [media('image', 'p.jpg')] }));
    await provider().publish(pageAccount, request('Two photos', { media: [media('image', 'p1.jpg'), media('image', 'p2.jpg')] }));
    await provider().publish(pageAccount, request('A video', { link: 'https://example.com/v', media: [media('video', 'v.mp4')] }));

    const posts = graph.control.posts();
    expect(posts.map((p) => [p.endpoint, p.kind])).toEqual([
      ['POST /{page}/feed', 'post'],
      ['POST /{post}/comments', 'reply'],
      ['POST /{page}/feed', 'post'],
      ['POST /{page}/photos', 'post'],
      ['POST /{page}/feed', 'post'],
      ['POST /{page}/videos', 'post'],
    ]);
    // Places and languages go out as Graph's keys (the emulator's catalogue: graph-targeting.ts), found by its targeting search.
    expect(posts[0]?.body.targeting).toEqual({
      geo_locations: { countries: ['JP'], regions: [{ key: '3854' }], cities: [{ key: '1023460' }, { key: '1023470' }] },
      age_min: 20,
      genders: [2],
      locales: [25, 24],
    });
    expect(posts[0]?.body.feed_targeting).toMatchObject({ age_min: 20, age_max: 39, genders: [2], locales: [25, 24] });
    expect(posts[1]).toMatchObject({ text: '메뉴판은 여기: https://example.com/menu' });
    expect(posts[2]?.body).toMatchObject({ message: 'Read more', link: 'https://example.com/a' });
    expect(posts[2]?.body.targeting).toBeUndefined();
    expect(posts[3]?.body).toMatchObject({ url: 'https://media.sotong.test/p.jpg', caption: 'One photo' });
    expect(photo.remoteId).toBe(posts[3]?.remoteId);
    const attached = posts[4]?.body.attached_media as Array<{ media_fbid: string }>;
    expect(attached).toHaveLength(2);
    expect(posts[5]?.body).toMatchObject({ file_url: 'https://media.sotong.test/v.mp4', description: 'A video\n\nhttps://example.com/v' });
  });

  it('targets each place at its most specific level, leaves out places inside another, and asks Graph once per name and day', async () => {
    const facebook = provider();
    const covered = {
      places: [
        { country: 'US' },
        { country: 'US', city: 'Los Angeles' },
        { country: 'KR', region: '서울' },
        { country: 'KR', region: 'Seoul', city: 'Seoul' },
        { country: 'KR', city: 'Seongnam' },
      ],
      languages: ['en', 'en-US', 'ko'],
    };
    await facebook.publish(pageAccount, request('Covered places', { targeting: covered }));
    await facebook.publish(pageAccount, request('Covered places, again', { targeting: covered }));
    const [first, second] = graph.control.posts();
    const expected = {
      geo_locations: { countries: ['US'], regions: [{ key: '3854' }], cities: [{ key: '1023475' }] },
      locales: [1001, 6, 25],
    };
    expect(first?.body.targeting).toEqual(expected);
    expect(second?.body.targeting).toEqual(expected);
    // One region ("서울"), two cities (Seoul — inside that region, so left out — and Seongnam) and three languages:
    // six searches for two posts. Los Angeles is inside the US, targeted whole: never looked up.
    const searches = graph.control.searches();
    expect(searches.map((q) => q.get('q')).sort()).toEqual(['English', 'English', 'Korean', 'Seongnam', 'Seoul', '서울']);
    expect(searches.filter((q) => q.get('type') === 'adgeolocation').every((q) => q.get('country_code') === 'KR')).toBe(true);
  });

  it('refuses a place or language Graph does not know, before anything is uploaded, with the name in the reason', async () => {
    const error = await failure(
      provider().publish(
        pageAccount,
        request('Nowhere', {
          targeting: { places: [{ country: 'KR', city: 'Atlantis' }] },
          media: [media('image', 'a.jpg'), media('image', 'b.jpg')],
        }),
      ),
    );
    expect(error.kind).toBe('rejected');
    expect(error.message).toContain('city "Atlantis" in South Korea');
    const language = await failure(provider().publish(pageAccount, request('Klingon', { targeting: { languages: ['tlh'] } })));
    expect(language).toMatchObject({ kind: 'rejected' });
    expect(language.message).toContain('language tlh');
    expect(graph.control.posts()).toHaveLength(0);
    // A failed lookup is not remembered: a transient search failure is asked again, then resolves.
    graph.control.addFault({ kind: 'server_error', count: 1, endpoint: 'GET /search' });
    const shaky = provider();
    const transient = await failure(shaky.publish(pageAccount, request('Busan', { targeting: { places: [{ country: 'KR', region: 'Busan' }] } })));
    expect(transient.kind).toBe('transient');
    await shaky.publish(pageAccount, request('Busan', { targeting: { places: [{ country: 'KR', region: 'Busan' }] } }));
    expect(graph.control.posts()[0]?.body.targeting).toEqual({ geo_locations: { regions: [{ key: '3855' }] } });
  });

  it('keeps a published post when its first comment fails, and logs it without the token', async () => {
    graph.control.addFault({ kind: 'server_error', count: 1, endpoint: 'POST /{post}/comments' });
    const post = await provider().publish(pageAccount, request('with a comment', { firstComment: 'first!' }));
    expect(post.remoteId).toBeTruthy();
    expect(warnings).toEqual([expect.objectContaining({ message: 'first comment failed' })]);
    expect(JSON.stringify(warnings)).not.toContain(PAGE_TOKEN);
  });

  it('finds a post after commit-then-drop, and nothing when nothing was posted', async () => {
    const since = new Date(Date.now() - 1000);
    graph.control.addFault({ kind: 'commit_then_drop', count: 1, endpoint: 'POST /{page}/feed' });
    const dropped = await failure(provider().publish(pageAccount, request('Dropped but posted')));
    expect(dropped.kind).toBe('unknown_outcome');
    expectNoToken(dropped, PAGE_TOKEN);
    const until = new Date(Date.now() + 60_000);
    const found = await provider().findPublished(pageAccount, { fingerprint: 'f', text: ' dropped  but posted', since, until });
    const record = graph.control.posts().find((p) => p.dropped);
    expect(found).toMatchObject({ remoteId: record?.remoteId, url: `https://www.facebook.com/${record?.remoteId}` });
    expect(await provider().findPublished(pageAccount, { fingerprint: 'g', text: 'never posted', since, until })).toBeNull();
  });

  it('reads comments with a cursor, replies, and reads metrics', async () => {
    const post = await provider().publish(pageAccount, request('comments please', { firstComment: 'our own first comment' }));
    const first = graph.control.addComment(post.remoteId, { message: '좋아요!', from: { id: '9100000000000001', name: '민지' } });
    graph.control.addComment(first, { message: 'me too', from: { id: '9100000000000002', name: 'Jun' } });
    const page = await provider().readMessages(pageAccount, { postRemoteIds: [post.remoteId], cursor: null });
    expect(page.messages.map((m) => m.text)).toEqual(['좋아요!', 'me too']);
    expect(page.messages[0]).toMatchObject({
      remoteId: first,
      parentRemoteId: post.remoteId,
      threadRemoteId: post.remoteId,
      author: { name: '민지' },
    });
    expect(page.messages[1]?.parentRemoteId).toBe(first);

    const ours = await provider().reply(pageAccount, { toRemoteId: first, text: '감사합니다!' });
    expect(graph.control.posts().at(-1)).toMatchObject({ kind: 'reply', remoteId: ours.remoteId, text: '감사합니다!' });
    const later = graph.control.addComment(post.remoteId, { message: 'later', from: { id: '9100000000000003', name: 'Ana' } });
    const next = await provider().readMessages(pageAccount, { postRemoteIds: [post.remoteId], cursor: page.cursor });
    expect(next.messages.map((m) => m.remoteId)).toEqual([later]);

    graph.control.simulateAudience(post.remoteId, 2);
    const metrics = (await provider().metrics(pageAccount, [post.remoteId])).get(post.remoteId);
    expect(metrics?.comments).toBe(7);
    expect(metrics?.reactions).toBeGreaterThan(0);
    expect(metrics?.impressions).toBeGreaterThan(0);
    expect(metrics?.reach).toBeGreaterThan(0);
  });

  it('classifies each fault, and no message carries the token', async () => {
    graph.control.addFault({ kind: 'rate_limit', graphCode: 32, count: 1, endpoint: 'POST /{page}/feed' });
    const limited = await failure(provider().publish(pageAccount, request('limited')));
    expect(limited).toMatchObject({ kind: 'rate_limited', networkCode: '32' });
    // The emulator's x-business-use-case-usage says 5 minutes to regain access.
    expect(limited.resetAt?.getTime()).toBeGreaterThan(Date.now() + 4 * 60_000);
    graph.control.addFault({ kind: 'rate_limit', graphCode: 4, count: 1, endpoint: 'POST /{page}/feed' });
    expect((await failure(provider().publish(pageAccount, request('app limited')))).kind).toBe('rate_limited');

    graph.control.addFault({ kind: 'server_error', count: 1, endpoint: 'POST /{page}/feed' });
    expect(await failure(provider().publish(pageAccount, request('five hundred')))).toMatchObject({ kind: 'unknown_outcome', status: 500 });

    const invalid = await failure(provider().publish(pageAccount, request('')));
    expect(invalid).toMatchObject({ kind: 'rejected', networkCode: '100' });
    expect(invalid.message).toContain('Missing message or attachment');

    const refused = await failure(createFacebookProvider({ baseUrl: closedPortUrl }).publish(pageAccount, request('refused')));
    expect(refused).toMatchObject({ kind: 'transient', networkCode: 'ECONNREFUSED' });

    graph.control.addFault({ kind: 'latency', count: 1, latencyMs: 800, endpoint: 'POST /{page}/feed' });
    const slow = await failure(createFacebookProvider({ baseUrl: graph.url, timeoutMs: 200 }).publish(pageAccount, request('too slow')));
    expect(slow.kind).toBe('unknown_outcome');

    graph.control.expireToken(PAGE_TOKEN);
    const expired = await failure(provider().publish(pageAccount, request('expired')));
    expect(expired).toMatchObject({ kind: 'auth_expired', networkCode: '190' });
    for (const error of [limited, invalid, refused, slow, expired]) expectNoToken(error, PAGE_TOKEN);
    graph.control.seedPage({ id: PAGE, name: '소통 어댑터', accessTokens: [PAGE_TOKEN], instagram: { id: IG, username: 'sotong.adapter' } });
  });
});

describe('Instagram adapter (facebook-nodejs-business-sdk)', () => {
  const provider = (): Provider => createInstagramProvider({ baseUrl: graph.url, logger, pollIntervalMs: 20 });

  it('declares the composer’s limits', () => {
    expect(provider().limits).toMatchObject({
      maxTextLength: 2_200,
      mediaRequired: true,
      maxImages: 10,
      supportsTargeting: false,
      supportsFirstComment: true,
    });
  });

  it('publishes an image, a video (polling its container) and a carousel, with a first comment and the permalink', async () => {
    const image = await provider().publish(igAccount, request('봄 신메뉴 #카페', { media: [media('image', 'i.jpg')], firstComment: '#봄 #신메뉴' }));
    expect(image.url).toMatch(/^https:\/\/www\.instagram\.com\/p\//);
    const video = await provider().publish(igAccount, request('릴스', { media: [media('video', 'r.mp4')] }));
    const carousel = await provider().publish(igAccount, request('여러 장', { media: [media('image', 'c1.jpg'), media('video', 'c2.mp4')] }));

    const posts = graph.control.posts();
    expect(posts.map((p) => [p.endpoint, p.remoteId])).toEqual([
      ['POST /{ig-user}/media_publish', image.remoteId],
      ['POST /{media}/comments', expect.any(String)],
      ['POST /{ig-user}/media_publish', video.remoteId],
      ['POST /{ig-user}/media_publish', carousel.remoteId],
    ]);
    expect(posts[1]?.text).toBe('#봄 #신메뉴');
    const node = (id: string) => graph.state.nodes.get(id);
    expect(node(video.remoteId)?.extra).toMatchObject({ media_type: 'REELS', media_url: 'https://media.sotong.test/r.mp4' });
    expect(node(carousel.remoteId)?.extra.media_type).toBe('CAROUSEL');
    expect(node(image.remoteId)?.message).toBe('봄 신메뉴 #카페');
  });

  it('requires media, and gives up on a container that never finishes (nothing published)', async () => {
    expect((await failure(provider().publish(igAccount, request('no media')))).kind).toBe('rejected');
    const stuck = createInstagramProvider({ baseUrl: graph.url, pollIntervalMs: 20, pollTimeoutMs: 10 });
    const gaveUp = await failure(stuck.publish(igAccount, request('slow video', { media: [media('video', 's.mp4')] })));
    expect(gaveUp.kind).toBe('transient');
    expect(graph.control.posts()).toHaveLength(0);
  });

  it('finds a post after commit-then-drop on media_publish, and nothing when nothing was posted', async () => {
    const since = new Date(Date.now() - 1000);
    graph.control.addFault({ kind: 'commit_then_drop', count: 1, endpoint: 'POST /{ig-user}/media_publish' });
    const dropped = await failure(provider().publish(igAccount, request('Dropped caption', { media: [media('image', 'd.jpg')] })));
    expect(dropped.kind).toBe('unknown_outcome');
    const until = new Date(Date.now() + 60_000);
    const found = await provider().findPublished(igAccount, { fingerprint: 'f', text: 'dropped caption', since, until });
    expect(found?.remoteId).toBe(graph.control.posts().find((p) => p.dropped)?.remoteId);
    expect(found?.url).toMatch(/^https:\/\/www\.instagram\.com\/p\//);
    expect(await provider().findPublished(igAccount, { fingerprint: 'g', text: 'never posted', since, until })).toBeNull();
  });

  it('reads comments with a cursor, replies, and reads metrics', async () => {
    const post = await provider().publish(igAccount, request('comments', { media: [media('image', 'm.jpg')] }));
    const first = graph.control.addComment(post.remoteId, {
      message: 'so nice',
      from: { id: '9100000000000005', name: 'Emily', username: 'emilyc' },
    });
    const page = await provider().readMessages(igAccount, { postRemoteIds: [post.remoteId], cursor: null });
    expect(page.messages).toEqual([
      expect.objectContaining({
        remoteId: first,
        text: 'so nice',
        parentRemoteId: post.remoteId,
        author: { remoteId: '9100000000000005', name: 'emilyc', handle: 'emilyc' },
      }),
    ]);
    const ours = await provider().reply(igAccount, { toRemoteId: first, text: 'Thank you!' });
    expect(graph.control.posts().at(-1)).toMatchObject({ kind: 'reply', remoteId: ours.remoteId, endpoint: 'POST /{comment}/replies' });
    graph.control.agePost(first, 60_000); // a minute passes between two polls
    const second = graph.control.addComment(post.remoteId, { message: 'again', from: { id: '9100000000000006', name: 'Leo', username: 'leo' } });
    const next = await provider().readMessages(igAccount, { postRemoteIds: [post.remoteId], cursor: page.cursor });
    expect(next.messages.map((m) => m.remoteId)).toEqual([second]);

    const metrics = (await provider().metrics(igAccount, [post.remoteId])).get(post.remoteId);
    expect(metrics?.comments).toBe(3); // two from the audience and our reply
    expect(metrics?.impressions).toBeGreaterThan(0);
    expect(metrics?.reach).toBeGreaterThan(0);
  });

  it('reads the replies under comments: those there at the first read, later ones under a passed comment, and more than a page', async () => {
    const post = await provider().publish(igAccount, request('replies', { media: [media('image', 'r.jpg')] }));
    const emily = { id: '9100000000000005', name: 'Emily', username: 'emilyc' };
    const leo = { id: '9100000000000006', name: 'Leo', username: 'leo' };
    const first = graph.control.addComment(post.remoteId, { message: 'is it open on Sunday?', from: emily });
    const early = graph.control.addComment(first, { message: 'wondering too', from: leo });
    const page = await provider().readMessages(igAccount, { postRemoteIds: [post.remoteId], cursor: null });
    expect(page.messages.map((m) => [m.remoteId, m.parentRemoteId, m.threadRemoteId])).toEqual([
      [first, post.remoteId, post.remoteId],
      [early, first, post.remoteId],
    ]);
    expect(page.messages[1]?.author).toEqual({ remoteId: leo.id, name: 'leo', handle: 'leo' });

    // The cursor has passed `first`; a reply under it later (ours is left out), and a reply to that reply, which
    // Instagram puts under the top-level comment. The reply read before is not given again.
    graph.control.agePost(first, 60_000);
    graph.control.agePost(early, 50_000);
    await provider().reply(igAccount, { toRemoteId: first, text: 'Yes, 10 to 6!' });
    const late = graph.control.addComment(first, { message: 'thanks!', from: emily });
    const nested = graph.control.addComment(late, { message: 'great', from: leo });
    const ids = graph.control.addFault({ kind: 'latency', latencyMs: 0, count: 1_000, endpoint: 'GET /?ids' });
    const next = await provider().readMessages(igAccount, { postRemoteIds: [post.remoteId], cursor: page.cursor });
    expect(next.messages.map((m) => [m.remoteId, m.parentRemoteId])).toEqual([
      [late, first],
      [nested, first],
    ]);
    expect(ids.hits).toBe(1);

    // A comment deleted by its author: the others are still read, and it is no longer watched. (A thread gives
    // again the replies of the second it was last active in: `late` and `nested` here, stored once by the inbox.)
    const seen = new Set([first, early, late, nested]);
    const fresh = (read: MessagePage) => read.messages.map((m) => m.remoteId).filter((id) => !seen.has(id) && seen.add(id));
    const second = graph.control.addComment(post.remoteId, { message: 'second', from: leo });
    const third = graph.control.addComment(post.remoteId, { message: 'third', from: emily });
    const read = await provider().readMessages(igAccount, { postRemoteIds: [post.remoteId], cursor: next.cursor });
    expect(fresh(read)).toEqual([third, second]); // newest first, as Instagram lists them
    expect(read.messages.map((m) => m.remoteId).filter((id) => id === early)).toEqual([]);
    graph.control.deleteComment(second);
    const underThird = graph.control.addComment(third, { message: 'me too', from: leo });
    const afterDelete = await provider().readMessages(igAccount, { postRemoteIds: [post.remoteId], cursor: read.cursor });
    expect(fresh(afterDelete)).toEqual([underThird]);
    expect(afterDelete.removedRemoteIds).toEqual([second]);
    expect(Object.keys(decodeInstagramCursor(afterDelete.cursor).watch).sort()).toEqual([first, third].sort());
    graph.control.clearFaults();

    // A thread quiet for longer than the watch window is no longer read; one on a post no longer polled neither.
    const api = new TimedGraphApi(PAGE_TOKEN, graph.url);
    const later = new Date(Date.now() + REPLY_WATCH_MS + 60_000);
    const quiet = await readInstagramComments(api, igAccount, { postRemoteIds: [post.remoteId], cursor: afterDelete.cursor }, later);
    expect(decodeInstagramCursor(quiet.cursor).watch).toEqual({});
    const elsewhere = await readInstagramComments(api, igAccount, { postRemoteIds: [], cursor: afterDelete.cursor });
    expect(decodeInstagramCursor(elsewhere.cursor).watch).toEqual({});

    // More replies than one page of the expanded edge.
    const busy = await provider().publish(igAccount, request('busy', { media: [media('image', 'b.jpg')] }));
    const top = graph.control.addComment(busy.remoteId, { message: 'giveaway!', from: emily });
    for (let i = 0; i < 130; i++)
      graph.control.addComment(top, { message: `pick me ${i}`, from: { ...leo, id: `91000000001${String(i).padStart(5, '0')}` } });
    const many = await provider().readMessages(igAccount, { postRemoteIds: [busy.remoteId], cursor: null });
    expect(many.messages).toHaveLength(131);
    expect(new Set(many.messages.map((m) => m.remoteId)).size).toBe(131);
  });

  it('reads a newest-first list from its head down to what it read before, and follows an oldest-first one with its cursor', async () => {
    const post = await provider().publish(igAccount, request('order', { media: [media('image', 'o.jpg')] }));
    const older = graph.control.addComment(post.remoteId, { message: 'older', from: { id: '9300000000000001', name: 'A' } });
    graph.control.agePost(older, 120_000);
    const newer = graph.control.addComment(post.remoteId, { message: 'newer', from: { id: '9300000000000002', name: 'B' } });
    const page = await provider().readMessages(igAccount, { postRemoteIds: [post.remoteId], cursor: null });
    expect(page.messages.map((m) => m.remoteId)).toEqual([newer, older]);
    expect(decodeInstagramCursor(page.cursor).media[post.remoteId]?.order).toBe('newest_first');
    graph.control.agePost(newer, 60_000);
    const newest = graph.control.addComment(post.remoteId, { message: 'newest', from: { id: '9300000000000003', name: 'C' } });
    const next = await provider().readMessages(igAccount, { postRemoteIds: [post.remoteId], cursor: page.cursor });
    expect(next.messages.map((m) => m.remoteId)).toEqual([newest]);

    const oldestFirst = await startGraphEmulator({
      pages: [{ id: PAGE, name: '소통 어댑터', accessTokens: [PAGE_TOKEN], instagram: { id: IG, username: 'sotong.adapter' } }],
      audience: { enabled: false },
      igCommentOrder: 'chronological',
    });
    try {
      const other = createInstagramProvider({ baseUrl: oldestFirst.url, logger, pollIntervalMs: 20 });
      const media2 = await other.publish(igAccount, request('oldest first', { media: [media('image', 'p.jpg')] }));
      const a = oldestFirst.control.addComment(media2.remoteId, { message: 'a', from: { id: '9300000000000004', name: 'D' } });
      oldestFirst.control.agePost(a, 120_000);
      const b = oldestFirst.control.addComment(media2.remoteId, { message: 'b', from: { id: '9300000000000005', name: 'E' } });
      const first = await other.readMessages(igAccount, { postRemoteIds: [media2.remoteId], cursor: null });
      expect(first.messages.map((m) => m.remoteId)).toEqual([a, b]);
      expect(decodeInstagramCursor(first.cursor).media[media2.remoteId]).toMatchObject({ order: 'oldest_first', after: expect.any(String) });
      const c = oldestFirst.control.addComment(media2.remoteId, { message: 'c', from: { id: '9300000000000006', name: 'F' } });
      const again = await other.readMessages(igAccount, { postRemoteIds: [media2.remoteId], cursor: first.cursor });
      expect(again.messages.map((m) => m.remoteId)).toEqual([c]);
    } finally {
      await oldestFirst.close();
    }
  });

  it('watches at most MAX_WATCHED threads, the most recently active, read 50 to a request', async () => {
    const post = await provider().publish(igAccount, request('watch', { media: [media('image', 'w.jpg')] }));
    for (let i = 0; i < MAX_WATCHED + 20; i++)
      graph.control.addComment(post.remoteId, { message: `c${i}`, from: { id: `92000000000${String(i).padStart(5, '0')}`, name: 'A' } });
    const page = await provider().readMessages(igAccount, { postRemoteIds: [post.remoteId], cursor: null });
    expect(page.messages).toHaveLength(MAX_WATCHED + 20);
    expect(Object.keys(decodeInstagramCursor(page.cursor).watch)).toHaveLength(MAX_WATCHED);
    for (const m of page.messages) graph.control.agePost(m.remoteId, 60_000); // a minute passes between two polls
    const ids = graph.control.addFault({ kind: 'latency', latencyMs: 0, count: 1_000, endpoint: 'GET /?ids' });
    const again = await provider().readMessages(igAccount, { postRemoteIds: [post.remoteId], cursor: page.cursor });
    expect(again.messages).toEqual([]);
    expect(ids.hits).toBe(Math.ceil(MAX_WATCHED / 50));
    graph.control.clearFaults();
  });

  it('classifies each fault', async () => {
    const one = () => request('faulty', { media: [media('image', 'f.jpg')] });
    graph.control.addFault({ kind: 'rate_limit', graphCode: 4, count: 1, endpoint: 'POST /{ig-user}/media_publish' });
    expect((await failure(provider().publish(igAccount, one()))).kind).toBe('rate_limited');
    graph.control.addFault({ kind: 'server_error', count: 1, endpoint: 'POST /{ig-user}/media_publish' });
    expect((await failure(provider().publish(igAccount, one()))).kind).toBe('unknown_outcome');
    graph.control.addFault({ kind: 'server_error', count: 1, endpoint: 'POST /{ig-user}/media' });
    expect((await failure(provider().publish(igAccount, one()))).kind).toBe('transient'); // a container publishes nothing
    const refused = await failure(createInstagramProvider({ baseUrl: closedPortUrl }).publish(igAccount, one()));
    expect(refused.kind).toBe('transient');
    graph.control.expireToken(PAGE_TOKEN);
    const expired = await failure(provider().publish(igAccount, one()));
    expect(expired.kind).toBe('auth_expired');
    expectNoToken(expired, PAGE_TOKEN);
    expect(graph.control.posts()).toHaveLength(0);
    graph.control.seedPage({ id: PAGE, name: '소통 어댑터', accessTokens: [PAGE_TOKEN], instagram: { id: IG, username: 'sotong.adapter' } });
  });
});

describe('staging ahead of the second, and rate budgets learnt from the networks’ answers', () => {
  const budgetWait = /waiting until the budget resets/;

  it('Instagram: the container is made and processed at staging; nothing is public until the publish call', async () => {
    const ig = createInstagramProvider({ baseUrl: graph.url, logger, pollIntervalMs: 20 });
    const staged = await ig.stage(igAccount, request('미리 준비된 릴스', { media: [media('video', 'staged.mp4')] }));
    const containers = [...graph.state.nodes.values()].filter((n) => n.kind === 'container' && n.message === '미리 준비된 릴스');
    expect(containers).toHaveLength(1);
    expect(containers[0]?.status).toBe('FINISHED');
    expect(graph.control.posts()).toHaveLength(0);
    const published = await staged.publish();
    expect(graph.control.posts().map((p) => [p.endpoint, p.remoteId])).toEqual([['POST /{ig-user}/media_publish', published.remoteId]]);
  });

  it('Facebook: several photos are uploaded unpublished at staging; the post appears only at the publish call', async () => {
    const fb = createFacebookProvider({ baseUrl: graph.url, logger });
    const staged = await fb.stage(pageAccount, request('사진 여러 장', { media: [media('image', 'p1.jpg'), media('image', 'p2.jpg')] }));
    expect(graph.control.posts().filter((p) => p.kind === 'post')).toHaveLength(0);
    const published = await staged.publish();
    expect(
      graph.control
        .posts()
        .filter((p) => p.kind === 'post')
        .map((p) => p.remoteId),
    ).toEqual([published.remoteId]);
  });

  it('Instagram: a used-up daily publishing quota waits (rate_limited with a reset) and creates nothing', async () => {
    const small = await startGraphEmulator({
      pages: [{ id: PAGE, name: 'quota', accessTokens: [PAGE_TOKEN], instagram: { id: IG, username: 'quota' } }],
      audience: { enabled: false },
      igQuota: 1,
    });
    try {
      const ig = createInstagramProvider({ baseUrl: small.url, logger, pollIntervalMs: 20 });
      await ig.publish(igAccount, request('first of the day', { media: [media('image', 'q1.jpg')] }));
      const full = await failure(ig.stage(igAccount, request('second of the day', { media: [media('image', 'q2.jpg')] })));
      expect(full.kind).toBe('rate_limited');
      expect(full.message).toContain('publishing limit of 1');
      expect(full.resetAt?.getTime()).toBeGreaterThan(Date.now() + 60_000);
      expect([...small.state.nodes.values()].filter((n) => n.kind === 'container' && n.message === 'second of the day')).toHaveLength(0);
      expect(small.control.posts().filter((p) => p.kind === 'post')).toHaveLength(1);
    } finally {
      await small.close();
    }
  });

  it('Graph: when x-app-usage nears 100 %, the next post is held back before anything is sent', async () => {
    const busy = await startGraphEmulator({
      pages: [{ id: PAGE, name: 'busy', accessTokens: [PAGE_TOKEN] }],
      audience: { enabled: false },
      usageCapacity: 2,
    });
    try {
      const fb = createFacebookProvider({ baseUrl: busy.url, logger });
      await fb.publish(pageAccount, request('uses the app budget')); // its answer reads 100 %
      const held = await failure(fb.stage(pageAccount, request('would exceed it')));
      expect(held.kind).toBe('rate_limited');
      expect(held.message).toMatch(budgetWait);
      expect(held.resetAt?.getTime()).toBeGreaterThan(Date.now());
      expect(busy.control.posts().map((p) => p.text)).toEqual(['uses the app budget']);
      // Another adapter instance (another process) has not heard it and may still call.
      expect((await createFacebookProvider({ baseUrl: busy.url, logger }).publish(pageAccount, request('elsewhere'))).remoteId).toBeTruthy();
    } finally {
      await busy.close();
    }
  });

  it('X: a posting window used up (x-rate-limit-remaining 0) holds the next post back until its reset, without a request', async () => {
    const tight = await startXEmulator({
      users: [{ id: X_USER, username: 'tight', name: 'tight', accessTokens: [X_TOKEN] }],
      audience: { enabled: false },
      rateLimits: { 'POST /2/tweets': { limit: 2, windowSec: 900 } },
    });
    try {
      const xp = createXProvider({ baseUrl: tight.url, logger });
      await xp.publish(xAccount, request('one'));
      await xp.publish(xAccount, request('two')); // remaining 0 after this one
      const held = await failure(xp.stage(xAccount, request('three')));
      expect(held.kind).toBe('rate_limited');
      expect(held.message).toMatch(budgetWait);
      expect(held.resetAt?.getTime()).toBeGreaterThan(Date.now() + 10 * 60_000);
      expect(tight.control.posts().map((p) => p.text)).toEqual(['one', 'two']);
      // Another account's window is its own.
      const other: ProviderAccount = { remoteId: '1500000000000000333', accessToken: 'x-other' };
      tight.control.seedUser({ id: other.remoteId, username: 'other', name: 'other', accessTokens: ['x-other'] });
      expect((await xp.publish(other, request('four'))).remoteId).toBeTruthy();
    } finally {
      await tight.close();
    }
  });
});
