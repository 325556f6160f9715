/**
 * X API v2 emulator: the shapes twitter-api-v2 1.29.1 sends and parses (shared/CHANNELS.md).
 * Routes (names used by faults): `POST /2/tweets`, `GET /2/tweets`, `GET /2/tweets/:id`, `GET /2/users/me`,
 * `GET /2/users/:id/mentions`, `GET /2/users/:id/tweets`, `GET /2/tweets/search/recent`,
 * `POST /2/media/upload/initialize`, `POST /2/media/upload/:id/append`, `POST /2/media/upload/:id/finalize`,
 * `GET /2/media/upload`, `POST /2/oauth2/token`, `POST /2/oauth2/revoke`, `GET /i/oauth2/authorize`.
 */
import { createHash, randomBytes } from 'node:crypto';
import { AudienceClock, type AudienceSettings, DEFAULT_AUDIENCE, grownEngagement, grownFollowers, hashOf, PEOPLE, pickComment } from './audience';
import {
  type ActiveFault,
  createRecorder,
  deliverWebhook,
  type EmulatorRequest,
  type EmulatorResponse,
  FaultBook,
  type FaultSpec,
  hmacBase64,
  type Json,
  type JsonObject,
  type PostRecord,
  type Recorder,
  type RouteMatch,
  recordPost,
  recordsJson,
  seededRandom,
  startServer,
  str,
  type WebhookDelivery,
  WebhookDrop,
  withRecord,
} from './kit';

export interface XUserSeed {
  id: string;
  username: string;
  name?: string;
  /** Bearer (OAuth 2.0 user) tokens valid for this user. */
  accessTokens?: string[];
  refreshTokens?: string[];
  /** Followers when seeded (default 4,200); they grow slowly from there. */
  followers?: number;
}

export interface XClientSeed {
  clientId: string;
  clientSecret?: string;
}

export interface XRateLimitRule {
  limit: number;
  windowSec: number;
}

export interface XEmulatorOptions {
  port?: number;
  users?: XUserSeed[];
  clients?: XClientSeed[];
  /** Added to every API call (not control calls). */
  latencyMs?: number;
  seed?: number;
  audience?: Partial<AudienceSettings>;
  /** Per route name; defaults: post 100/15 min per user, mentions 300/15 min, others 900/15 min. */
  rateLimits?: Record<string, XRateLimitRule>;
  /** Answer 429 once a window is used up (default false: only the headers count down). */
  enforceRateLimits?: boolean;
  webhook?: { url: string; consumerSecret: string } | null;
  /** Seconds the video processing poll asks to wait (default 1); 0 skips processing. */
  videoProcessingSecs?: number;
}

export interface Tweet {
  id: string;
  text: string;
  author_id: string;
  conversation_id: string;
  created_at: string;
  createdAtMs: number;
  in_reply_to_user_id?: string;
  referenced_tweets?: Array<{ type: 'replied_to' | 'quoted'; id: string }>;
  media_ids: string[];
  likes: number;
  retweets: number;
  quotes: number;
  replies: number;
}

interface XUser {
  id: string;
  username: string;
  name: string;
  tweets: Tweet[];
  mentions: Tweet[];
  texts: Set<string>;
  followers: { base: number; since: number };
}

interface TokenInfo {
  userId: string;
  expiresAt: number;
  scope: string;
  clientId: string | null;
}

interface AuthCode {
  userId: string;
  clientId: string;
  redirectUri: string;
  challenge: string;
  method: string;
  scope: string;
}

interface Media {
  id: string;
  ownerId: string;
  mediaType: string;
  category: string;
  totalBytes: number;
  received: number;
  segments: number;
  finalized: boolean;
  pollsLeft: number;
}

export interface XState {
  users: Map<string, XUser>;
  tokens: Map<string, TokenInfo>;
  refreshTokens: Map<string, { userId: string; clientId: string | null; scope: string }>;
  tweets: Map<string, Tweet>;
  conversations: Map<string, Tweet[]>;
  media: Map<string, Media>;
  recorder: Recorder;
  webhookDeliveries: WebhookDelivery[];
}

export interface XControl {
  seedUser(user: XUserSeed): void;
  seedClient(client: XClientSeed): void;
  expireToken(token: string): void;
  addFault(spec: FaultSpec): ActiveFault;
  clearFaults(): void;
  faults(): ActiveFault[];
  posts(): PostRecord[];
  perAccount(): Map<string, number>;
  setAudience(settings: Partial<AudienceSettings>): AudienceSettings;
  /** Adds `count` audience replies to a tweet now (mentions of its author included). */
  simulateAudience(tweetId: string, count?: number): Tweet[];
  addReply(tweetId: string, reply: { text: string; authorId?: string; username?: string; name?: string }): Tweet;
  setWebhook(webhook: { url: string; consumerSecret: string } | null): void;
  /** Loses this share (0–1) of webhook deliveries from now on (they are never sent); answers how many were lost so far. */
  setWebhookDrop(ratio: number): number;
  /** Runs X's CRC check against the webhook URL; true when the app answered the right response_token. */
  checkWebhookCrc(): Promise<boolean>;
  /** Issues an authorization code as the consent screen would (for tests that skip the browser step). */
  issueAuthCode(input: {
    userId: string;
    clientId: string;
    redirectUri: string;
    codeChallenge: string;
    method?: 'S256' | 'plain';
    scope?: string;
  }): string;
  /** Which user the auto-consent `GET /i/oauth2/authorize` logs in as (default: the first seeded user). */
  setConsentUser(userId: string): void;
  /** Sets a user's follower count (it grows slowly from there). */
  setFollowers(userId: string, followers: number): void;
  /** Makes a tweet `ms` older, as if time had passed: its metrics grow accordingly. */
  agePost(tweetId: string, ms: number): void;
  reset(): void;
}

export interface XEmulator {
  url: string;
  state: XState;
  control: XControl;
  close(): Promise<void>;
}

const TOKEN_TTL_SEC = 7200;
const DEFAULT_RULES: Record<string, XRateLimitRule> = {
  'POST /2/tweets': { limit: 100, windowSec: 900 },
  'GET /2/users/:id/mentions': { limit: 300, windowSec: 900 },
};

const problem = (status: number, title: string, detail: string, type = 'about:blank', extra: JsonObject = {}): EmulatorResponse => ({
  status,
  body: { title, detail, type, status, ...extra },
});

export async function startXEmulator(options: XEmulatorOptions = {}): Promise<XEmulator> {
  const random = seededRandom(options.seed ?? 42);
  const faults = new FaultBook(random);
  const clock = new AudienceClock();
  let audience: AudienceSettings = { ...DEFAULT_AUDIENCE, ...options.audience };
  let webhook = options.webhook ?? null;
  const webhookDrop = new WebhookDrop(seededRandom((options.seed ?? 42) + 1));
  const rules = { ...DEFAULT_RULES, ...options.rateLimits };
  const windows = new Map<string, { used: number; resetAt: number }>();
  const clients = new Map<string, XClientSeed>();
  let consentUserId: string | null = null;
  let nextId = 1_850_000_000_000_000_000n;
  let nextMediaId = 1_900_000_000_000_000_000n;
  const newId = () => (++nextId).toString();

  const state: XState = {
    users: new Map(),
    tokens: new Map(),
    refreshTokens: new Map(),
    tweets: new Map(),
    conversations: new Map(),
    media: new Map(),
    recorder: createRecorder(),
    webhookDeliveries: [],
  };

  function seedUser(seed: XUserSeed): void {
    const existing = state.users.get(seed.id);
    const user: XUser = existing ?? {
      id: seed.id,
      username: seed.username,
      name: seed.name ?? seed.username,
      tweets: [],
      mentions: [],
      texts: new Set(),
      followers: { base: seed.followers ?? 4200, since: Date.now() },
    };
    if (existing && seed.followers !== undefined) user.followers = { base: seed.followers, since: Date.now() };
    user.username = seed.username;
    user.name = seed.name ?? seed.username;
    state.users.set(user.id, user);
    for (const token of seed.accessTokens ?? [])
      state.tokens.set(token, {
        userId: user.id,
        expiresAt: Date.now() + TOKEN_TTL_SEC * 1000,
        scope: 'tweet.read tweet.write users.read offline.access media.write',
        clientId: null,
      });
    for (const token of seed.refreshTokens ?? [])
      state.refreshTokens.set(token, { userId: user.id, clientId: null, scope: 'tweet.read tweet.write users.read offline.access media.write' });
    consentUserId ??= user.id;
  }
  const seedClient = (client: XClientSeed) => clients.set(client.clientId, client);
  for (const user of options.users ?? []) seedUser(user);
  for (const client of options.clients ?? []) seedClient(client);

  // ---- helpers ----
  function bearer(req: EmulatorRequest): TokenInfo | null {
    const header = req.headers.authorization ?? '';
    if (!header.startsWith('Bearer ')) return null;
    const info = state.tokens.get(header.slice(7));
    if (!info || info.expiresAt <= Date.now()) return null;
    return info;
  }
  const unauthorized = () => problem(401, 'Unauthorized', 'Unauthorized');

  function countWindow(key: string, route: string): { limit: number; remaining: number; reset: number; exceeded: boolean } {
    const rule = rules[route] ?? { limit: 900, windowSec: 900 };
    const now = Date.now();
    let window = windows.get(key);
    if (!window || window.resetAt <= now) {
      window = { used: 0, resetAt: now + rule.windowSec * 1000 };
      windows.set(key, window);
    }
    window.used += 1;
    return {
      limit: rule.limit,
      remaining: Math.max(0, rule.limit - window.used),
      reset: Math.ceil(window.resetAt / 1000),
      exceeded: window.used > rule.limit,
    };
  }

  function tweetJson(tweet: Tweet, fields: Set<string>): JsonObject {
    const out: JsonObject = { id: tweet.id, text: tweet.text, edit_history_tweet_ids: [tweet.id] };
    if (fields.has('author_id')) out.author_id = tweet.author_id;
    if (fields.has('conversation_id')) out.conversation_id = tweet.conversation_id;
    if (fields.has('created_at')) out.created_at = tweet.created_at;
    if (fields.has('in_reply_to_user_id') && tweet.in_reply_to_user_id) out.in_reply_to_user_id = tweet.in_reply_to_user_id;
    if (fields.has('referenced_tweets') && tweet.referenced_tweets) out.referenced_tweets = tweet.referenced_tweets;
    if (fields.has('attachments') && tweet.media_ids.length) out.attachments = { media_keys: tweet.media_ids.map((id) => `3_${id}`) };
    if (fields.has('public_metrics')) out.public_metrics = publicMetrics(tweet);
    return out;
  }

  function publicMetrics(tweet: Tweet): JsonObject {
    const author = state.users.get(tweet.author_id);
    const grown = grownEngagement(tweet.createdAtMs, hashOf(tweet.id), author ? grownFollowers(author.followers.base, author.followers.since) : 4200);
    const likes = tweet.likes + grown.reactions;
    const retweets = tweet.retweets + Math.floor(grown.shares * 0.8);
    const quotes = tweet.quotes + Math.floor(grown.shares * 0.2);
    return {
      retweet_count: retweets,
      reply_count: tweet.replies,
      like_count: likes,
      quote_count: quotes,
      bookmark_count: Math.floor(likes / 4),
      impression_count: 12 + grown.impressions + likes * 20 + tweet.replies * 35,
    };
  }

  const fieldSet = (req: EmulatorRequest) => new Set((req.query.get('tweet.fields') ?? '').split(',').filter(Boolean));

  function userJson(user: XUser, fields: Set<string> = new Set()): JsonObject {
    const out: JsonObject = { id: user.id, name: user.name, username: user.username };
    if (fields.has('public_metrics'))
      out.public_metrics = {
        followers_count: grownFollowers(user.followers.base, user.followers.since),
        following_count: 180,
        tweet_count: user.tweets.length,
        listed_count: 3,
      };
    return out;
  }

  /** Newest-first page over an ascending array, with X's meta and `next_token`. */
  function listPage(req: EmulatorRequest, ascending: Tweet[], defaultMax = 10): EmulatorResponse {
    const max = Math.min(100, Math.max(1, Number(req.query.get('max_results') ?? defaultMax) || defaultMax));
    const sinceId = req.query.get('since_id');
    const untilId = req.query.get('until_id');
    const token = req.query.get('pagination_token') ?? req.query.get('next_token');
    let index = token ? Number(Buffer.from(token, 'base64url').toString()) : ascending.length - 1;
    const picked: Tweet[] = [];
    const since = sinceId ? BigInt(sinceId) : null;
    const until = untilId ? BigInt(untilId) : null;
    const startTime = req.query.get('start_time');
    const startMs = startTime ? Date.parse(startTime) : null;
    for (; index >= 0 && picked.length < max; index--) {
      const tweet = ascending[index] as Tweet;
      if (since !== null && BigInt(tweet.id) <= since) {
        index = -1;
        break;
      }
      if (startMs !== null && tweet.createdAtMs < startMs) {
        index = -1;
        break;
      }
      if (until !== null && BigInt(tweet.id) >= until) continue;
      picked.push(tweet);
    }
    const fields = fieldSet(req);
    if (picked.length === 0) return { status: 200, body: { meta: { result_count: 0 } } };
    const meta: JsonObject = { result_count: picked.length, newest_id: picked[0]?.id, oldest_id: picked[picked.length - 1]?.id };
    if (index >= 0) meta.next_token = Buffer.from(String(index)).toString('base64url');
    const body: JsonObject = { data: picked.map((t) => tweetJson(t, fields)), meta };
    if ((req.query.get('expansions') ?? '').includes('author_id')) {
      const users = new Map<string, JsonObject>();
      for (const t of picked) {
        const author = state.users.get(t.author_id);
        const person = PEOPLE.find((p) => p.id === t.author_id);
        if (author) users.set(author.id, userJson(author));
        else if (person) users.set(person.id, { id: person.id, name: person.name, username: person.username });
      }
      body.includes = { users: [...users.values()] };
    }
    return { status: 200, body };
  }

  function createTweet(author: { id: string }, text: string, parent: Tweet | null, mediaIds: string[]): Tweet {
    const id = newId();
    const createdAtMs = Date.now();
    const tweet: Tweet = {
      id,
      text,
      author_id: author.id,
      conversation_id: parent ? parent.conversation_id : id,
      created_at: new Date(createdAtMs).toISOString().replace(/\.\d{3}Z$/, '.000Z'),
      createdAtMs,
      media_ids: mediaIds,
      likes: 0,
      retweets: 0,
      quotes: 0,
      replies: 0,
    };
    if (parent) {
      tweet.in_reply_to_user_id = parent.author_id;
      tweet.referenced_tweets = [{ type: 'replied_to', id: parent.id }];
      parent.replies += 1;
      const conversation = state.conversations.get(parent.conversation_id);
      if (conversation) conversation.push(tweet);
      else state.conversations.set(parent.conversation_id, [tweet]);
      const parentAuthor = state.users.get(parent.author_id);
      if (parentAuthor && parentAuthor.id !== author.id) parentAuthor.mentions.push(tweet);
    }
    state.tweets.set(id, tweet);
    state.users.get(author.id)?.tweets.push(tweet);
    return tweet;
  }

  // ---- audience ----
  function audienceReply(tweet: Tweet): Tweet {
    const pick = pickComment(random);
    const conversation = state.conversations.get(tweet.conversation_id) ?? [];
    const parent = conversation.length > 0 && random() < audience.threadRatio ? (conversation[conversation.length - 1] as Tweet) : tweet;
    const owner = state.users.get(tweet.author_id);
    const text = owner ? `@${owner.username} ${pick.text}` : pick.text;
    const reply = createTweet({ id: pick.person.id }, text, parent, []);
    if (owner && parent !== tweet) owner.mentions.push(reply);
    tweet.likes += 1 + Math.floor(random() * 5);
    if (random() < 0.3) tweet.retweets += 1;
    sendWebhook(reply, pick.person);
    return reply;
  }

  function scheduleAudience(tweet: Tweet): void {
    if (!audience.enabled) return;
    for (let i = 0; i < audience.perPost; i++) clock.schedule(Math.floor(random() * audience.spreadMs), () => audienceReply(tweet));
  }

  function sendWebhook(reply: Tweet, person: { id: string; username: string; name: string }): void {
    if (!webhook || webhookDrop.drop()) return;
    const parentId = reply.referenced_tweets?.[0]?.id ?? null;
    const forUser = reply.in_reply_to_user_id ?? '';
    const payload = JSON.stringify({
      for_user_id: state.users.has(forUser) ? forUser : (state.tweets.get(reply.conversation_id)?.author_id ?? forUser),
      tweet_create_events: [
        {
          created_at: new Date(reply.createdAtMs).toUTCString(),
          id: Number(reply.id),
          id_str: reply.id,
          text: reply.text,
          in_reply_to_status_id: parentId ? Number(parentId) : null,
          in_reply_to_status_id_str: parentId,
          in_reply_to_user_id_str: reply.in_reply_to_user_id ?? null,
          user: { id: Number(person.id), id_str: person.id, name: person.name, screen_name: person.username },
          timestamp_ms: String(reply.createdAtMs),
        },
      ],
    });
    const target = webhook;
    void deliverWebhook(
      target.url,
      payload,
      { 'x-twitter-webhooks-signature': `sha256=${hmacBase64(target.consumerSecret, payload)}` },
      state.webhookDeliveries,
    );
  }

  // ---- routes ----
  const routes: Array<{
    method: string;
    pattern: RegExp;
    name: string;
    handler: (req: EmulatorRequest, m: RegExpMatchArray) => EmulatorResponse | Promise<EmulatorResponse>;
    control?: boolean;
    auth?: boolean;
  }> = [];
  const route = (
    method: string,
    path: string,
    handler: (req: EmulatorRequest, m: RegExpMatchArray) => EmulatorResponse | Promise<EmulatorResponse>,
    extra: { auth?: boolean; control?: boolean } = {},
  ) => {
    const pattern = new RegExp(`^${path.replace(/:[a-z_]+/g, '([^/]+)')}$`);
    routes.push({ method, pattern, name: `${method} ${path}`, handler, auth: extra.auth ?? !extra.control, control: extra.control });
  };
  const authOf = new WeakMap<EmulatorRequest, TokenInfo>();
  const rateHeaders = new WeakMap<EmulatorRequest, { limit: number; remaining: number; reset: number; exceeded: boolean }>();

  route('POST', '/2/tweets', (req) => {
    const info = authOf.get(req) as TokenInfo;
    const text = str(req.body.text) ?? '';
    const user = state.users.get(info.userId) as XUser;
    const media = req.body.media as JsonObject | undefined;
    const mediaIds = Array.isArray(media?.media_ids) ? media.media_ids.map(String) : [];
    const reply = req.body.reply as JsonObject | undefined;
    const parentId = str(reply?.in_reply_to_tweet_id);
    if (!text && mediaIds.length === 0)
      return problem(
        400,
        'Invalid Request',
        'One or more parameters to your request was invalid.',
        'https://api.twitter.com/2/problems/invalid-request',
      );
    for (const id of mediaIds) {
      const m = state.media.get(id);
      if (!m?.finalized)
        return problem(
          400,
          'Invalid Request',
          'One or more parameters to your request was invalid.',
          'https://api.twitter.com/2/problems/invalid-request',
          { errors: [{ message: 'Your media IDs are invalid.' }] },
        );
    }
    const parent = parentId ? state.tweets.get(parentId) : null;
    if (parentId && !parent) return problem(403, 'Forbidden', 'You attempted to reply to a Tweet that is deleted or not visible to you.');
    const key = `${mediaIds.join(',')}\u0000${text}`;
    if (user.texts.has(key)) return problem(403, 'Forbidden', 'You are not allowed to create a Tweet with duplicate content.');
    user.texts.add(key);
    const tweet = createTweet(user, text, parent ?? null, mediaIds);
    const record = recordPost(state.recorder, {
      account: user.id,
      kind: parent && parent.author_id !== user.id ? 'reply' : 'post',
      endpoint: 'POST /2/tweets',
      remoteId: tweet.id,
      text,
      arrivedAt: req.arrivedAt,
      body: req.body,
    });
    if (!parent || parent.author_id === user.id) scheduleAudience(tweet);
    return withRecord({ status: 201, body: { data: { id: tweet.id, text, edit_history_tweet_ids: [tweet.id] } } }, record);
  });

  route('GET', '/2/users/me', (req) => {
    const fields = new Set((req.query.get('user.fields') ?? '').split(',').filter(Boolean));
    return { status: 200, body: { data: userJson(state.users.get((authOf.get(req) as TokenInfo).userId) as XUser, fields) } };
  });

  const userOr404 = (id: string) => state.users.get(id) ?? null;
  const notFoundUser = (id: string): EmulatorResponse => ({
    status: 200,
    body: {
      errors: [
        {
          value: id,
          detail: `Could not find user with id: [${id}].`,
          title: 'Not Found Error',
          resource_type: 'user',
          parameter: 'id',
          resource_id: id,
          type: 'https://api.twitter.com/2/problems/resource-not-found',
        },
      ],
    },
  });
  route('GET', '/2/users/:id/mentions', (req, m) => {
    const user = userOr404(m[1] as string);
    return user ? listPage(req, user.mentions) : notFoundUser(m[1] as string);
  });
  route('GET', '/2/users/:id/tweets', (req, m) => {
    const user = userOr404(m[1] as string);
    return user ? listPage(req, user.tweets) : notFoundUser(m[1] as string);
  });
  route('GET', '/2/tweets/search/recent', (req) => {
    const query = req.query.get('query') ?? '';
    const conversation = /conversation_id:(\d+)/.exec(query);
    if (conversation) return listPage(req, state.conversations.get(conversation[1] as string) ?? []);
    const from = /from:(\w+)/.exec(query);
    if (from) {
      const user = [...state.users.values()].find((u) => u.username === from[1]);
      return listPage(req, user?.tweets ?? []);
    }
    return problem(
      400,
      'Invalid Request',
      'One or more parameters to your request was invalid.',
      'https://api.twitter.com/2/problems/invalid-request',
    );
  });
  const lookup = (req: EmulatorRequest, ids: string[]): EmulatorResponse => {
    const fields = fieldSet(req);
    const data: Json[] = [];
    const errors: Json[] = [];
    for (const id of ids) {
      const tweet = state.tweets.get(id);
      if (tweet) data.push(tweetJson(tweet, fields));
      else
        errors.push({
          value: id,
          detail: `Could not find tweet with ids: [${id}].`,
          title: 'Not Found Error',
          resource_type: 'tweet',
          parameter: 'ids',
          resource_id: id,
          type: 'https://api.twitter.com/2/problems/resource-not-found',
        });
    }
    const body: JsonObject = {};
    if (data.length) body.data = data;
    if (errors.length) body.errors = errors;
    return { status: 200, body };
  };
  route('GET', '/2/tweets', (req) => lookup(req, (req.query.get('ids') ?? '').split(',').filter(Boolean)));
  route('GET', '/2/tweets/:id', (req, m) => {
    const answer = lookup(req, [m[1] as string]);
    const body = answer.body as JsonObject;
    return { status: 200, body: body.data ? { data: (body.data as Json[])[0] } : body };
  });

  // media upload v2
  route('POST', '/2/media/upload/initialize', (req) => {
    const id = (++nextMediaId).toString();
    const mediaType = str(req.body.media_type) ?? 'image/jpeg';
    const totalBytes = Number(req.body.total_bytes ?? 0);
    if (!totalBytes) return problem(400, 'Invalid Request', 'total_bytes is required.', 'https://api.twitter.com/2/problems/invalid-request');
    const category = str(req.body.media_category) ?? 'tweet_image';
    const video = mediaType.startsWith('video') || category === 'tweet_video';
    state.media.set(id, {
      id,
      ownerId: (authOf.get(req) as TokenInfo).userId,
      mediaType,
      category,
      totalBytes,
      received: 0,
      segments: 0,
      finalized: false,
      pollsLeft: video ? 1 : 0,
    });
    return { status: 200, body: { data: { id, media_key: `3_${id}`, expires_after_secs: 86400 } } };
  });
  route('POST', '/2/media/upload/:id/append', (req, m) => {
    const media = state.media.get(m[1] as string);
    if (!media) return problem(400, 'Invalid Request', 'Media id not found.', 'https://api.twitter.com/2/problems/invalid-request');
    const chunk = req.files.get('media') ?? (typeof req.body.media === 'string' ? Buffer.from(req.body.media, 'base64') : null);
    if (!chunk || req.body.segment_index === undefined)
      return problem(400, 'Invalid Request', 'media and segment_index are required.', 'https://api.twitter.com/2/problems/invalid-request');
    media.received += chunk.length;
    media.segments += 1;
    return { status: 200, body: { data: { expires_at: Math.floor(Date.now() / 1000) + 86400 } } };
  });
  const mediaInfo = (media: Media): JsonObject => {
    const body: JsonObject = { id: media.id, media_key: `3_${media.id}`, size: media.totalBytes, expires_after_secs: 86400 };
    const wait = options.videoProcessingSecs ?? 1;
    if (media.pollsLeft > 0 && wait > 0) body.processing_info = { state: 'pending', check_after_secs: wait };
    else if (media.category === 'tweet_video' || media.mediaType.startsWith('video'))
      body.processing_info = { state: 'succeeded', progress_percent: 100 };
    return body;
  };
  route('POST', '/2/media/upload/:id/finalize', (_req, m) => {
    const media = state.media.get(m[1] as string);
    if (!media) return problem(400, 'Invalid Request', 'Media id not found.', 'https://api.twitter.com/2/problems/invalid-request');
    if (media.received !== media.totalBytes)
      return problem(
        400,
        'Invalid Request',
        `File size mismatch: received ${media.received} of ${media.totalBytes} bytes.`,
        'https://api.twitter.com/2/problems/invalid-request',
      );
    media.finalized = true;
    return { status: 200, body: { data: mediaInfo(media) } };
  });
  route('GET', '/2/media/upload', (req) => {
    const media = state.media.get(req.query.get('media_id') ?? '');
    if (!media) return problem(400, 'Invalid Request', 'Media id not found.', 'https://api.twitter.com/2/problems/invalid-request');
    if (media.pollsLeft > 0) media.pollsLeft -= 1;
    return { status: 200, body: { data: mediaInfo(media) } };
  });

  // OAuth 2.0
  function clientFromRequest(req: EmulatorRequest): { clientId: string | null; secret: string | null } {
    const auth = req.headers.authorization ?? '';
    if (auth.startsWith('Basic ')) {
      const [id, secret] = Buffer.from(auth.slice(6), 'base64').toString().split(':');
      return { clientId: decodeURIComponent(id ?? ''), secret: decodeURIComponent(secret ?? '') };
    }
    return { clientId: str(req.body.client_id) ?? null, secret: str(req.body.client_secret) ?? null };
  }
  const oauthError = (error: string, description: string): EmulatorResponse => ({ status: 400, body: { error, error_description: description } });
  function issueTokens(userId: string, clientId: string, scope: string): EmulatorResponse {
    const accessToken = `x-at-${randomBytes(18).toString('base64url')}`;
    const refreshToken = `x-rt-${randomBytes(18).toString('base64url')}`;
    state.tokens.set(accessToken, { userId, expiresAt: Date.now() + TOKEN_TTL_SEC * 1000, scope, clientId });
    state.refreshTokens.set(refreshToken, { userId, clientId, scope });
    const body: JsonObject = { token_type: 'bearer', expires_in: TOKEN_TTL_SEC, access_token: accessToken, scope };
    if (scope.split(' ').includes('offline.access')) body.refresh_token = refreshToken;
    return { status: 200, body };
  }
  route(
    'POST',
    '/2/oauth2/token',
    (req) => {
      const { clientId, secret } = clientFromRequest(req);
      const client = clientId ? clients.get(clientId) : undefined;
      if (!client || (client.clientSecret && client.clientSecret !== secret))
        return { status: 401, body: { error: 'unauthorized_client', error_description: 'Missing valid authorization header' } };
      const grant = str(req.body.grant_type);
      if (grant === 'authorization_code') {
        const code = codes.get(str(req.body.code) ?? '');
        if (!code || code.clientId !== client.clientId) return oauthError('invalid_request', 'Value passed for the authorization code was invalid.');
        codes.delete(str(req.body.code) ?? '');
        if (code.redirectUri !== str(req.body.redirect_uri))
          return oauthError('invalid_request', 'Value passed for the redirect uri did not match the uri of the authorization code.');
        const verifier = str(req.body.code_verifier) ?? '';
        const computed = code.method === 'plain' ? verifier : createHash('sha256').update(verifier).digest('base64url');
        if (computed !== code.challenge) return oauthError('invalid_request', 'Value passed for the code verifier did not match the code challenge.');
        return issueTokens(code.userId, client.clientId, code.scope);
      }
      if (grant === 'refresh_token') {
        const presented = str(req.body.refresh_token) ?? '';
        const stored = state.refreshTokens.get(presented);
        if (!stored || (stored.clientId && stored.clientId !== client.clientId))
          return oauthError('invalid_request', 'Value passed for the token was invalid.');
        state.refreshTokens.delete(presented);
        return issueTokens(stored.userId, client.clientId, stored.scope);
      }
      return oauthError('unsupported_grant_type', 'Grant type is not supported.');
    },
    { auth: false },
  );
  route(
    'POST',
    '/2/oauth2/revoke',
    (req) => {
      const token = str(req.body.token) ?? '';
      state.tokens.delete(token);
      state.refreshTokens.delete(token);
      return { status: 200, body: { revoked: true } };
    },
    { auth: false },
  );
  const codes = new Map<string, AuthCode>();
  function issueAuthCode(input: {
    userId: string;
    clientId: string;
    redirectUri: string;
    codeChallenge: string;
    method?: 'S256' | 'plain';
    scope?: string;
  }): string {
    const code = `x-code-${randomBytes(12).toString('base64url')}`;
    codes.set(code, {
      userId: input.userId,
      clientId: input.clientId,
      redirectUri: input.redirectUri,
      challenge: input.codeChallenge,
      method: input.method ?? 'S256',
      scope: input.scope ?? 'tweet.read tweet.write users.read offline.access',
    });
    return code;
  }
  /** Auto-consent screen: redirects straight back with a code for the consent user. */
  route(
    'GET',
    '/i/oauth2/authorize',
    (req) => {
      const redirectUri = req.query.get('redirect_uri') ?? '';
      const userId = consentUserId;
      if (!userId || !clients.has(req.query.get('client_id') ?? ''))
        return { status: 400, body: 'Something went wrong: unknown client or no user to log in as.' };
      const code = issueAuthCode({
        userId,
        clientId: req.query.get('client_id') ?? '',
        redirectUri,
        codeChallenge: req.query.get('code_challenge') ?? '',
        method: req.query.get('code_challenge_method') === 'plain' ? 'plain' : 'S256',
        scope: req.query.get('scope') ?? '',
      });
      const target = new URL(redirectUri);
      target.searchParams.set('state', req.query.get('state') ?? '');
      target.searchParams.set('code', code);
      return { status: 302, redirect: target.toString() };
    },
    { auth: false },
  );

  // ---- control ----
  const reset = () => {
    clock.clear();
    faults.clear();
    state.tweets.clear();
    state.conversations.clear();
    state.media.clear();
    state.recorder = createRecorder();
    state.webhookDeliveries.length = 0;
    windows.clear();
    for (const user of state.users.values()) {
      user.tweets = [];
      user.mentions = [];
      user.texts.clear();
    }
  };
  const addReply = (tweetId: string, reply: { text: string; authorId?: string; username?: string; name?: string }): Tweet => {
    const tweet = state.tweets.get(tweetId);
    if (!tweet) throw new Error(`No tweet ${tweetId}`);
    const person = { id: reply.authorId ?? (PEOPLE[0]?.id as string), username: reply.username ?? 'someone', name: reply.name ?? 'Someone' };
    const created = createTweet({ id: person.id }, reply.text, tweet, []);
    sendWebhook(created, person);
    return created;
  };
  const control: XControl = {
    seedUser,
    seedClient,
    expireToken: (token) => {
      const info = state.tokens.get(token);
      if (info) info.expiresAt = 0;
    },
    addFault: (spec) => faults.add(spec),
    clearFaults: () => faults.clear(),
    faults: () => faults.list(),
    posts: () => state.recorder.posts,
    perAccount: () => state.recorder.perAccount,
    setAudience: (settings) => {
      audience = { ...audience, ...settings };
      return audience;
    },
    simulateAudience: (tweetId, count = 3) => {
      const tweet = state.tweets.get(tweetId);
      if (!tweet) throw new Error(`No tweet ${tweetId}`);
      return Array.from({ length: count }, () => audienceReply(tweet));
    },
    addReply,
    setWebhookDrop: (ratio) => {
      webhookDrop.set(ratio);
      return webhookDrop.dropped;
    },
    setWebhook: (next) => {
      webhook = next;
    },
    checkWebhookCrc: async () => {
      if (!webhook) return false;
      const token = randomBytes(16).toString('base64url');
      const url = new URL(webhook.url);
      url.searchParams.set('crc_token', token);
      const res = await fetch(url, { signal: AbortSignal.timeout(3000) });
      if (!res.ok) return false;
      const body = (await res.json()) as { response_token?: string };
      return body.response_token === `sha256=${hmacBase64(webhook.consumerSecret, token)}`;
    },
    issueAuthCode,
    setConsentUser: (userId) => {
      consentUserId = userId;
    },
    setFollowers: (userId, followers) => {
      const user = state.users.get(userId);
      if (!user) throw new Error(`No user ${userId}`);
      user.followers = { base: followers, since: Date.now() };
    },
    agePost: (tweetId, ms) => {
      const tweet = state.tweets.get(tweetId);
      if (!tweet) throw new Error(`No tweet ${tweetId}`);
      tweet.createdAtMs -= ms;
      tweet.created_at = new Date(tweet.createdAtMs).toISOString().replace(/\.\d{3}Z$/, '.000Z');
    },
    reset,
  };

  controlRoutes(route, control, state);

  const server = await startServer(
    {
      faults,
      baseLatencyMs: () => options.latencyMs ?? 0,
      match(method, path): RouteMatch | null {
        for (const r of routes) {
          if (r.method !== method) continue;
          const m = r.pattern.exec(path);
          if (!m) continue;
          const wrapped = async (req: EmulatorRequest): Promise<EmulatorResponse> => {
            if (r.auth) {
              const info = bearer(req);
              if (!info) return unauthorized();
              const limit = countWindow(`${info.userId} ${r.name}`, r.name);
              rateHeaders.set(req, limit);
              if (limit.exceeded && options.enforceRateLimits) return problem(429, 'Too Many Requests', 'Too Many Requests');
              authOf.set(req, info);
            }
            return r.handler(req, m);
          };
          return { name: r.name, handler: wrapped, control: r.control };
        }
        return null;
      },
      failureResponse(fault: ActiveFault, req): EmulatorResponse {
        if (fault.kind === 'rate_limit') {
          const reset = Math.ceil(Date.now() / 1000) + (fault.resetInSeconds ?? 60);
          rateHeaders.set(req, { limit: 100, remaining: 0, reset, exceeded: true });
          return problem(429, 'Too Many Requests', 'Too Many Requests');
        }
        const status = fault.status ?? 503;
        return problem(
          status,
          status === 503 ? 'Service Unavailable' : 'Internal Server Error',
          status === 503 ? 'Service Unavailable' : 'Internal Server Error',
        );
      },
      commonHeaders(req, routeMatch): Record<string, string> {
        let limit = rateHeaders.get(req);
        if (!limit) limit = countWindow(`anon ${routeMatch.name}`, routeMatch.name);
        return {
          'x-rate-limit-limit': String(limit.limit),
          'x-rate-limit-remaining': String(limit.remaining),
          'x-rate-limit-reset': String(limit.reset),
        };
      },
    },
    options.port,
  );
  return {
    url: server.url,
    state,
    control,
    close: async () => {
      clock.clear();
      await server.close();
    },
  };
}

type RouteFn = (
  method: string,
  path: string,
  handler: (req: EmulatorRequest, m: RegExpMatchArray) => EmulatorResponse | Promise<EmulatorResponse>,
  extra?: { auth?: boolean; control?: boolean },
) => void;

function controlRoutes(route: RouteFn, control: XControl, state: XState): void {
  const ok = (body: Json = { ok: true }): EmulatorResponse => ({ status: 200, body });
  const c = { control: true };
  route(
    'POST',
    '/_control/seed',
    (req) => {
      for (const user of (req.body.users as unknown as XUserSeed[] | undefined) ?? []) control.seedUser(user);
      for (const client of (req.body.clients as unknown as XClientSeed[] | undefined) ?? []) control.seedClient(client);
      return ok();
    },
    c,
  );
  route(
    'POST',
    '/_control/tokens/expire',
    (req) => {
      control.expireToken(str(req.body.token) ?? '');
      return ok();
    },
    c,
  );
  route('POST', '/_control/faults', (req) => ok(control.addFault(req.body as unknown as FaultSpec) as unknown as Json), c);
  route('GET', '/_control/faults', () => ok(control.faults() as unknown as Json), c);
  route(
    'DELETE',
    '/_control/faults',
    () => {
      control.clearFaults();
      return ok();
    },
    c,
  );
  route('GET', '/_control/posts', (req) => ok(recordsJson(state.recorder, Number(req.query.get('since') ?? 0))), c);
  route('POST', '/_control/audience', (req) => ok(control.setAudience(req.body as Partial<AudienceSettings>) as unknown as Json), c);
  route(
    'POST',
    '/_control/audience/simulate',
    (req) => ok({ replies: control.simulateAudience(str(req.body.tweetId) ?? '', Number(req.body.count ?? 3)).map((t) => t.id) }),
    c,
  );
  route(
    'POST',
    '/_control/webhook',
    (req) => {
      control.setWebhook(req.body.url ? { url: str(req.body.url) ?? '', consumerSecret: str(req.body.consumerSecret) ?? '' } : null);
      return ok();
    },
    c,
  );
  route('POST', '/_control/webhook/drop', (req) => ok({ dropped: control.setWebhookDrop(Number(req.body.ratio ?? 0)) }), c);
  route('GET', '/_control/webhook/deliveries', () => ok(state.webhookDeliveries as unknown as Json), c);
  route(
    'POST',
    '/_control/reset',
    () => {
      control.reset();
      return ok();
    },
    c,
  );
}
