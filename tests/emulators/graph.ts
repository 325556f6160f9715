/**
 * Graph API v24.0 emulator (Facebook Pages + Instagram business), shapes as facebook-nodejs-business-sdk
 * 24.0.1 sends and parses them (shared/CHANNELS.md). Route names used by faults:
 * `POST /{page}/feed`, `POST /{page}/photos`, `POST /{page}/videos`, `GET /{page}/feed`, `GET /{post}/comments`,
 * `POST /{comment}/comments`, `POST /{ig-user}/media`, `POST /{ig-user}/media_publish`, `GET /{ig-user}/media`,
 * `GET /{ig-user}/content_publishing_limit`, `POST /{comment}/replies`, `GET /{comment}/replies`,
 * `GET /{node}/insights`, `GET /{node}`, `GET /me/accounts`, `GET /me`, `GET /oauth/access_token`, `GET /dialog/oauth`,
 * `GET /search` (targeting search: graph-targeting.ts), `GET /?ids` (several nodes in one read).
 * Field expansion is answered for an Instagram comment's `replies` (`replies.limit(N){fields}`).
 */
import { randomBytes } from 'node:crypto';
import { AudienceClock, type AudienceSettings, DEFAULT_AUDIENCE, grownEngagement, grownFollowers, hashOf, PEOPLE, pickComment } from './audience';
import { invalidTargetingKey, targetingSearch } from './graph-targeting';
import {
  type ActiveFault,
  createRecorder,
  deliverWebhook,
  type EmulatorRequest,
  type EmulatorResponse,
  FaultBook,
  type FaultSpec,
  hmacHex,
  type Json,
  type JsonObject,
  jsonField,
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

export const GRAPH_VERSION = 'v24.0';

export interface GraphPageSeed {
  id: string;
  name: string;
  accessTokens: string[];
  instagram?: { id: string; username: string; accessTokens?: string[]; followers?: number };
  /** Page followers when seeded (default 1,200); they grow slowly from there. */
  followers?: number;
}

export interface GraphUserSeed {
  id: string;
  name: string;
  accessTokens: string[];
  pageIds: string[];
}

export interface GraphEmulatorOptions {
  port?: number;
  appId?: string;
  appSecret?: string;
  pages?: GraphPageSeed[];
  users?: GraphUserSeed[];
  latencyMs?: number;
  seed?: number;
  audience?: Partial<AudienceSettings>;
  webhook?: { url: string; appSecret: string } | null;
  /** Instagram posts allowed per 24 h (content_publishing_limit; default 100). */
  igQuota?: number;
  /** The order `GET /{media}/comments` lists an Instagram media's top-level comments in (default newest first). */
  igCommentOrder?: 'reverse_chronological' | 'chronological';
  /** Calls per app that make `x-app-usage` read 100% (default 20,000). */
  usageCapacity?: number;
}

type NodeKind = 'post' | 'photo' | 'video' | 'comment' | 'container' | 'media' | 'ig_comment';

interface GraphNode {
  id: string;
  kind: NodeKind;
  /** Page id or Instagram user id that owns the node. */
  owner: string;
  message: string;
  createdAtMs: number;
  from: { id: string; name: string; username?: string };
  /** post / media: comments in arrival order (stream order: replies included). */
  comments: GraphNode[];
  /** comment: its replies. */
  replies: GraphNode[];
  parent: GraphNode | null;
  /** The post or media a comment belongs to. */
  root: GraphNode | null;
  likes: number;
  shares: number;
  extra: JsonObject;
  status?: 'IN_PROGRESS' | 'FINISHED' | 'ERROR' | 'EXPIRED' | 'PUBLISHED';
  pollsLeft?: number;
}

interface Page {
  id: string;
  name: string;
  igUserId: string | null;
  posts: GraphNode[];
}
interface IgUser {
  id: string;
  username: string;
  pageId: string;
  media: GraphNode[];
  published: number[];
}
interface TokenInfo {
  kind: 'user' | 'page';
  subject: string;
  expired: boolean;
}

export interface GraphState {
  pages: Map<string, Page>;
  igUsers: Map<string, IgUser>;
  users: Map<string, { id: string; name: string; pageIds: string[] }>;
  tokens: Map<string, TokenInfo>;
  nodes: Map<string, GraphNode>;
  /** Access token each Page hands out through /me/accounts. */
  pageTokens: Map<string, string>;
  recorder: Recorder;
  webhookDeliveries: WebhookDelivery[];
}

export interface GraphControl {
  seedPage(page: GraphPageSeed): void;
  seedUser(user: GraphUserSeed): void;
  expireToken(token: string): void;
  addFault(spec: FaultSpec): ActiveFault;
  clearFaults(): void;
  faults(): ActiveFault[];
  posts(): PostRecord[];
  perAccount(): Map<string, number>;
  setAudience(settings: Partial<AudienceSettings>): AudienceSettings;
  simulateAudience(postId: string, count?: number): string[];
  /** Adds a comment (or a reply when `parentId` is a comment) from someone in the audience. */
  addComment(targetId: string, comment: { message: string; from?: { id: string; name: string; username?: string } }): string;
  /** Its author deletes a comment (and so its replies): reads no longer find it. No webhook is sent. */
  deleteComment(commentId: string): void;
  setWebhook(webhook: { url: string; appSecret: string } | null): void;
  /** Loses this share (0–1) of webhook deliveries from now on (they are never sent); answers how many were lost so far. */
  setWebhookDrop(ratio: number): number;
  /** Runs Meta's verification GET against the webhook URL; true when the challenge came back. */
  verifyWebhook(verifyToken: string): Promise<boolean>;
  /** A Facebook Login code for this user, as the dialog would redirect with. */
  issueAuthCode(userId: string, redirectUri: string): string;
  setConsentUser(userId: string): void;
  /** Sets a Page's or Instagram account's follower count (it grows slowly from there). */
  setFollowers(accountId: string, followers: number): void;
  /** Makes a post, media or comment `ms` older, as if time had passed: a post's metrics grow accordingly. */
  agePost(postId: string, ms: number): void;
  /** Targeting searches answered since the last reset (`GET /search`), in arrival order. */
  searches(): URLSearchParams[];
  reset(): void;
}

export interface GraphEmulator {
  url: string;
  state: GraphState;
  control: GraphControl;
  close(): Promise<void>;
}

const fbtrace = () => `A${randomBytes(9).toString('base64url')}`;
const graphTime = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+0000');

export function graphError(
  status: number,
  code: number,
  message: string,
  extra: { type?: string; subcode?: number; transient?: boolean } = {},
): EmulatorResponse {
  const error: JsonObject = { message, type: extra.type ?? 'OAuthException', code, is_transient: extra.transient ?? false, fbtrace_id: fbtrace() };
  if (extra.subcode !== undefined) error.error_subcode = extra.subcode;
  return { status, body: { error }, headers: code === 190 ? { 'www-authenticate': `OAuth "Facebook Platform" "invalid_token" "${message}"` } : {} };
}

const RATE_MESSAGES: Record<number, string> = {
  4: '(#4) Application request limit reached',
  17: '(#17) User request limit reached',
  32: '(#32) Page request limit reached',
  613: '(#613) Calls to this api have exceeded the rate limit.',
  80001: '(#80001) There have been too many calls to this Page account. Wait a bit and try again.',
};

/** Top-level names of a Graph `fields` list: `from{id,name}` → from, `reactions.summary(true)` → reactions. */
function fieldNames(fields: string | null): string[] {
  return topLevelFields(fields)
    .map((n) => n.trim().split(/[.{(]/)[0] as string)
    .filter(Boolean);
}

/** An edge's expansion in a `fields` list: `replies.limit(50){id,text}` → { limit: 50, fields: [id, text] }. */
export interface Expansion {
  limit: number;
  fields: string[];
}
function expansionOf(fields: string | null, name: string): Expansion | null {
  const raw = topLevelFields(fields)
    .map((f) => f.trim())
    .find((f) => f.split(/[.{(]/)[0] === name);
  if (!raw) return null;
  const limit = Number(/\.limit\((\d+)\)/.exec(raw)?.[1] ?? 25);
  const open = raw.indexOf('{');
  return { limit: Math.min(100, Math.max(1, limit)), fields: fieldNames(open >= 0 ? raw.slice(open + 1, raw.lastIndexOf('}')) : null) };
}

function topLevelFields(fields: string | null): string[] {
  if (!fields) return [];
  const names: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of fields) {
    if (ch === '{' || ch === '(') depth++;
    else if (ch === '}' || ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      names.push(current);
      current = '';
    } else current += ch;
  }
  if (current) names.push(current);
  return names;
}

export async function startGraphEmulator(options: GraphEmulatorOptions = {}): Promise<GraphEmulator> {
  const random = seededRandom(options.seed ?? 7);
  const faults = new FaultBook(random);
  const clock = new AudienceClock();
  let audience: AudienceSettings = { ...DEFAULT_AUDIENCE, ...options.audience };
  let webhook = options.webhook ?? null;
  const webhookDrop = new WebhookDrop(seededRandom((options.seed ?? 7) + 1));
  const appId = options.appId ?? 'sotong-app';
  const appSecret = options.appSecret ?? 'sotong-app-secret';
  const codes = new Map<string, { userId: string; redirectUri: string }>();
  let consentUserId: string | null = null;
  let counter = 122_000_000_000_000;
  const newId = () => String(++counter);
  let appCalls = 0;
  let appWindowStart = Date.now();
  const pageCalls = new Map<string, number>();
  let baseUrl = '';

  const state: GraphState = {
    pages: new Map(),
    igUsers: new Map(),
    users: new Map(),
    tokens: new Map(),
    nodes: new Map(),
    pageTokens: new Map(),
    recorder: createRecorder(),
    webhookDeliveries: [],
  };

  /** Per Page / Instagram account: the follower count seeded and when (it grows from there). */
  const followerBase = new Map<string, { base: number; since: number }>();
  const followersOf = (accountId: string, fallback: number) => {
    const f = followerBase.get(accountId);
    return f ? grownFollowers(f.base, f.since) : fallback;
  };
  function seedPage(seed: GraphPageSeed): void {
    if (seed.followers !== undefined || !followerBase.has(seed.id)) followerBase.set(seed.id, { base: seed.followers ?? 1200, since: Date.now() });
    if (seed.instagram && (seed.instagram.followers !== undefined || !followerBase.has(seed.instagram.id)))
      followerBase.set(seed.instagram.id, { base: seed.instagram.followers ?? 3400, since: Date.now() });
    const page: Page = state.pages.get(seed.id) ?? { id: seed.id, name: seed.name, igUserId: null, posts: [] };
    page.name = seed.name;
    state.pages.set(page.id, page);
    for (const token of seed.accessTokens) state.tokens.set(token, { kind: 'page', subject: page.id, expired: false });
    if (seed.accessTokens[0]) state.pageTokens.set(page.id, seed.accessTokens[0]);
    if (seed.instagram) {
      page.igUserId = seed.instagram.id;
      const ig = state.igUsers.get(seed.instagram.id) ?? {
        id: seed.instagram.id,
        username: seed.instagram.username,
        pageId: page.id,
        media: [],
        published: [],
      };
      state.igUsers.set(ig.id, ig);
      for (const token of seed.instagram.accessTokens ?? []) state.tokens.set(token, { kind: 'page', subject: page.id, expired: false });
    }
  }
  function seedUser(seed: GraphUserSeed): void {
    state.users.set(seed.id, { id: seed.id, name: seed.name, pageIds: seed.pageIds });
    for (const token of seed.accessTokens) state.tokens.set(token, { kind: 'user', subject: seed.id, expired: false });
    consentUserId ??= seed.id;
  }
  for (const page of options.pages ?? []) seedPage(page);
  for (const user of options.users ?? []) seedUser(user);

  // ---- nodes ----
  function newNode(kind: NodeKind, owner: string, message: string, from: GraphNode['from'], extra: JsonObject = {}, id = newId()): GraphNode {
    const node: GraphNode = {
      id,
      kind,
      owner,
      message,
      createdAtMs: Date.now(),
      from,
      comments: [],
      replies: [],
      parent: null,
      root: null,
      likes: 0,
      shares: 0,
      extra,
    };
    state.nodes.set(id, node);
    return node;
  }
  /** Page or Instagram user that an id belongs to (for token checks). */
  function pageOf(id: string): string | null {
    if (state.pages.has(id)) return id;
    const ig = state.igUsers.get(id);
    if (ig) return ig.pageId;
    const node = state.nodes.get(id);
    if (!node) return null;
    return pageOf(node.owner);
  }
  function addCommentNode(to: GraphNode, message: string, from: GraphNode['from']): GraphNode {
    const root = to.root ?? to;
    const isIg = root.kind === 'media';
    // Instagram threads are one level deep: a reply to a reply is added to the top-level comment.
    const target = isIg && to.parent ? to.parent : to;
    const id = isIg ? newId() : `${root.id.split('_')[1] ?? root.id}_${++counter}`;
    const comment = newNode(isIg ? 'ig_comment' : 'comment', root.owner, message, from, {}, id);
    comment.root = root;
    if (target !== root) {
      comment.parent = target;
      target.replies.push(comment);
    }
    root.comments.push(comment);
    return comment;
  }

  // ---- audience and webhooks ----
  function audienceComment(root: GraphNode): string {
    const pick = pickComment(random);
    const topLevel = root.comments.filter((c) => !c.parent && c.from.id !== root.owner);
    const target = topLevel.length > 0 && random() < audience.threadRatio ? (topLevel[topLevel.length - 1] as GraphNode) : root;
    const comment = addCommentNode(target, pick.text, { id: pick.person.id, name: pick.person.name, username: pick.person.username });
    root.likes += 1 + Math.floor(random() * 8);
    if (random() < 0.3) root.shares += 1;
    sendWebhook(comment);
    return comment.id;
  }
  function scheduleAudience(root: GraphNode): void {
    if (!audience.enabled) return;
    for (let i = 0; i < audience.perPost; i++) clock.schedule(Math.floor(random() * audience.spreadMs), () => audienceComment(root));
  }
  function sendWebhook(comment: GraphNode): void {
    if (!webhook || webhookDrop.drop()) return;
    const root = comment.root as GraphNode;
    const time = Math.floor(comment.createdAtMs / 1000);
    const payload =
      comment.kind === 'ig_comment'
        ? {
            object: 'instagram',
            entry: [
              {
                id: root.owner,
                time,
                changes: [
                  {
                    field: 'comments',
                    value: {
                      id: comment.id,
                      text: comment.message,
                      from: { id: comment.from.id, username: comment.from.username ?? comment.from.name },
                      media: { id: root.id, media_product_type: 'FEED' },
                      ...(comment.parent ? { parent_id: comment.parent.id } : {}),
                    },
                  },
                ],
              },
            ],
          }
        : {
            object: 'page',
            entry: [
              {
                id: root.owner,
                time,
                changes: [
                  {
                    field: 'feed',
                    value: {
                      from: { id: comment.from.id, name: comment.from.name },
                      item: 'comment',
                      verb: 'add',
                      post_id: root.id,
                      comment_id: comment.id,
                      parent_id: comment.parent ? comment.parent.id : root.id,
                      created_time: time,
                      message: comment.message,
                    },
                  },
                ],
              },
            ],
          };
    const raw = JSON.stringify(payload);
    void deliverWebhook(webhook.url, raw, { 'x-hub-signature-256': `sha256=${hmacHex(webhook.appSecret, raw)}` }, state.webhookDeliveries);
  }

  // ---- JSON views ----
  /** What a read asked to expand, with the request for the nested edges' paging. */
  type Expand = { req: EmulatorRequest; replies: Expansion | null };
  const expandOf = (req: EmulatorRequest): Expand => ({ req, replies: expansionOf(req.query.get('fields'), 'replies') });

  /** A nested edge as Graph answers it: the first `limit` items, cursors, and a `next` URL when there are more. */
  function nestedEdge(expand: Expand, path: string, items: GraphNode[], spec: Expansion): JsonObject | undefined {
    if (items.length === 0) return undefined; // Graph leaves out an empty edge
    const slice = items.slice(0, spec.limit);
    const cursors = { before: Buffer.from('cursor:0').toString('base64'), after: Buffer.from(`cursor:${slice.length}`).toString('base64') };
    const paging: JsonObject = { cursors };
    if (slice.length < items.length) {
      const next = new URL(`${baseUrl}/${GRAPH_VERSION}/${path}`);
      const token = expand.req.query.get('access_token');
      if (token) next.searchParams.set('access_token', token);
      next.searchParams.set('fields', spec.fields.join(','));
      next.searchParams.set('limit', String(spec.limit));
      next.searchParams.set('after', cursors.after);
      paging.next = next.toString();
    }
    return { data: slice.map((r) => commentJson(r, spec.fields)), paging };
  }

  function commentJson(c: GraphNode, fields: string[], expand?: Expand): JsonObject {
    if (c.kind === 'ig_comment') {
      const all: JsonObject = {
        id: c.id,
        text: c.message,
        timestamp: graphTime(c.createdAtMs),
        username: c.from.username ?? c.from.name,
        from: { id: c.from.id, username: c.from.username ?? c.from.name },
        like_count: c.likes,
        ...(c.parent ? { parent_id: c.parent.id } : {}),
        media: { id: (c.root as GraphNode).id },
        replies: expand?.replies && fields.includes('replies') ? nestedEdge(expand, `${c.id}/replies`, c.replies, expand.replies) : undefined,
      };
      return pick(all, fields.length ? fields : ['id', 'text', 'timestamp']);
    }
    const all: JsonObject = {
      id: c.id,
      message: c.message,
      created_time: graphTime(c.createdAtMs),
      from: { id: c.from.id, name: c.from.name },
      like_count: c.likes,
      comment_count: c.replies.length,
      ...(c.parent
        ? { parent: { id: c.parent.id, message: c.parent.message, created_time: graphTime(c.parent.createdAtMs), from: c.parent.from } }
        : {}),
    };
    return pick(all, fields.length ? fields : ['id', 'message', 'created_time', 'from']);
  }
  function pick(all: JsonObject, fields: string[]): JsonObject {
    const out: JsonObject = { id: all.id };
    for (const f of fields) if (all[f] !== undefined) out[f] = all[f];
    return out;
  }
  function postMetrics(node: GraphNode): { reactions: number; comments: number; shares: number; impressions: number; reach: number } {
    const grown = grownEngagement(node.createdAtMs, hashOf(node.id), followersOf(node.owner, 1200));
    const reactions = node.likes + grown.reactions;
    const comments = node.comments.length;
    const shares = node.shares + grown.shares;
    const impressions = 20 + grown.impressions + reactions * 15 + comments * 30;
    return { reactions, comments, shares, impressions, reach: Math.floor(impressions * 0.72) };
  }
  function nodeJson(node: GraphNode, fields: string[], expand?: Expand): JsonObject {
    const m = postMetrics(node);
    const page = state.pages.get(node.owner);
    const ig = state.igUsers.get(node.owner);
    const all: JsonObject = {
      ...node.extra,
      id: node.id,
      created_time: graphTime(node.createdAtMs),
      reactions: { data: [], summary: { total_count: m.reactions, viewer_reaction: 'NONE' } },
      likes: { data: [], summary: { total_count: m.reactions, can_like: true, has_liked: false } },
      comments: { data: [], summary: { order: 'chronological', total_count: m.comments, can_comment: true } },
      shares: { count: m.shares },
      from: { id: node.owner, name: page?.name ?? ig?.username ?? node.from.name },
    };
    if (node.kind === 'media') {
      Object.assign(all, {
        caption: node.message,
        timestamp: graphTime(node.createdAtMs),
        like_count: m.reactions,
        comments_count: m.comments,
        username: ig?.username,
      });
    } else if (node.kind === 'container') {
      Object.assign(all, {
        status_code: node.status ?? 'FINISHED',
        status: node.status === 'ERROR' ? 'Error: media could not be fetched' : (node.status ?? 'FINISHED'),
      });
    } else if (node.kind === 'comment' || node.kind === 'ig_comment') {
      return commentJson(node, fields, expand);
    } else {
      Object.assign(all, { message: node.message, is_published: true, permalink_url: `https://www.facebook.com/${node.id}` });
    }
    return pick(all, fields.length ? fields : node.kind === 'container' ? ['id'] : ['id', 'message', 'created_time']);
  }

  /** Cursor paging with absolute `next` URLs that carry the access token, like Graph. */
  function paged(req: EmulatorRequest, items: Json[], defaultLimit = 25): EmulatorResponse {
    const limit = Math.min(100, Math.max(1, Number(req.query.get('limit') ?? defaultLimit) || defaultLimit));
    const after = req.query.get('after');
    const start = after ? Number(Buffer.from(after, 'base64').toString().replace('cursor:', '')) : 0;
    const slice = items.slice(start, start + limit);
    const body: JsonObject = { data: slice };
    if (slice.length > 0) {
      const cursors = {
        before: Buffer.from(`cursor:${start}`).toString('base64'),
        after: Buffer.from(`cursor:${start + slice.length}`).toString('base64'),
      };
      const paging: JsonObject = { cursors };
      if (start + slice.length < items.length) {
        const next = new URL(`${baseUrl}${req.path}`);
        for (const [k, v] of req.query) if (k !== 'after' && k !== 'before') next.searchParams.set(k, v);
        next.searchParams.set('limit', String(limit));
        next.searchParams.set('after', cursors.after);
        paging.next = next.toString();
      }
      body.paging = paging;
    }
    return { status: 200, body };
  }

  // ---- routing ----
  type Ctx = { req: EmulatorRequest; token: TokenInfo; id: string; edge: string | null };
  const usage = new WeakMap<EmulatorRequest, { page: string | null; full: boolean }>();

  function authorize(req: EmulatorRequest, targetPage: string | null, write: boolean): TokenInfo | EmulatorResponse {
    const token = req.query.get('access_token') ?? str(req.body.access_token) ?? (req.headers.authorization ?? '').replace(/^(OAuth|Bearer) /, '');
    const info = token ? state.tokens.get(token) : undefined;
    if (!info) return graphError(400, 190, 'Invalid OAuth access token - Cannot parse access token');
    if (info.expired) return graphError(400, 190, 'Error validating access token: Session has expired.', { subcode: 463 });
    if (targetPage === null) return info;
    if (info.kind === 'page' && info.subject === targetPage) return info;
    if (info.kind === 'user' && !write && state.users.get(info.subject)?.pageIds.includes(targetPage)) return info;
    return graphError(403, 200, '(#200) Requires pages_manage_posts permission to manage the object, and a Page access token of its Page', {
      type: 'OAuthException',
    });
  }

  const notFound = (id: string) =>
    graphError(
      400,
      100,
      `Unsupported get request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`,
      {
        type: 'GraphMethodException',
        subcode: 33,
      },
    );

  function resolveRoute(method: string, path: string): RouteMatch | null {
    if (path.startsWith('/_control/')) {
      const handler = controlRoutes.get(`${method} ${path}`);
      return handler ? { name: `${method} ${path}`, handler, control: true } : null;
    }
    const parts = path.split('/').filter(Boolean);
    if (parts[0] !== GRAPH_VERSION) return null;
    const id = parts[1];
    const edge = parts[2] ?? null;
    if (!id && method === 'GET') return { name: 'GET /?ids', handler: multiRead };
    if (!id || parts.length > 3) return null;
    if (id === 'oauth' && edge === 'access_token') return { name: 'GET /oauth/access_token', handler: oauthToken };
    if (id === 'dialog' && edge === 'oauth') return { name: 'GET /dialog/oauth', handler: dialog };
    if (id === 'search' && !edge && method === 'GET') return { name: 'GET /search', handler: search };
    const name = routeName(method, id, edge);
    return {
      name,
      handler: (req) => {
        const write = method === 'POST';
        const targetId = id === 'me' ? null : id;
        const page = targetId ? pageOf(targetId) : null;
        if (targetId && page === null) {
          const auth = authorize(req, null, write);
          return 'status' in auth ? auth : notFound(targetId);
        }
        const auth = authorize(req, page, write);
        if ('status' in auth) return auth;
        usage.set(req, { page, full: false });
        return dispatch(method, { req, token: auth, id: targetId ?? 'me', edge });
      },
    };
  }

  function routeName(method: string, id: string, edge: string | null): string {
    if (id === 'me') return `${method} /me${edge ? `/${edge}` : ''}`;
    if (!edge) return `${method} /{node}`;
    const node = state.nodes.get(id);
    const owner = state.pages.has(id)
      ? '{page}'
      : state.igUsers.has(id)
        ? '{ig-user}'
        : node?.kind === 'comment' || node?.kind === 'ig_comment'
          ? '{comment}'
          : node?.kind === 'media'
            ? '{media}'
            : '{post}';
    if (edge === 'posts' || edge === 'published_posts') return `${method} /{page}/feed`;
    if (edge === 'insights') return `${method} /{node}/insights`;
    return `${method} /${owner}/${edge}`;
  }

  function dispatch(method: string, ctx: Ctx): EmulatorResponse {
    const { req, id, edge } = ctx;
    const fields = fieldNames(req.query.get('fields') ?? str(req.body.fields) ?? null);
    if (id === 'me') return me(ctx, fields);
    const page = state.pages.get(id);
    const ig = state.igUsers.get(id);
    const node = state.nodes.get(id);
    if (method === 'GET' && !edge) {
      if (page)
        return {
          status: 200,
          body: pick(
            {
              id: page.id,
              name: page.name,
              instagram_business_account: page.igUserId ? { id: page.igUserId } : undefined,
              fan_count: followersOf(page.id, 1200),
              followers_count: followersOf(page.id, 1200),
            },
            fields.length ? fields : ['name'],
          ),
        };
      if (ig)
        return {
          status: 200,
          body: pick(
            { id: ig.id, username: ig.username, followers_count: followersOf(ig.id, 3400), media_count: ig.media.length },
            fields.length ? fields : ['username'],
          ),
        };
      if (node?.kind === 'container' && node.pollsLeft && node.pollsLeft > 0) {
        node.pollsLeft -= 1;
        return { status: 200, body: pick({ id: node.id, status_code: 'IN_PROGRESS', status: 'In Progress' }, fields.length ? fields : ['id']) };
      }
      if (node?.kind === 'container' && node.status === 'IN_PROGRESS') node.status = 'FINISHED';
      if (node) return { status: 200, body: nodeJson(node, fields, expandOf(req)) };
    }
    if (page && edge === 'feed' && method === 'POST') return createPagePost(ctx, page, 'feed');
    if (page && edge === 'photos' && method === 'POST') return createPagePost(ctx, page, 'photos');
    if (page && edge === 'videos' && method === 'POST') return createPagePost(ctx, page, 'videos');
    if (page && (edge === 'feed' || edge === 'posts' || edge === 'published_posts') && method === 'GET') {
      const since = Number(req.query.get('since') ?? 0) * 1000;
      const until = Number(req.query.get('until') ?? 0) * 1000;
      const items: Json[] = [];
      for (let i = page.posts.length - 1; i >= 0; i--) {
        const p = page.posts[i] as GraphNode;
        if (since && p.createdAtMs < since) break;
        if (until && p.createdAtMs > until) continue;
        items.push(nodeJson(p, fields));
      }
      return paged(req, items);
    }
    if (ig && edge === 'media' && method === 'POST') return createContainer(ctx, ig);
    if (ig && edge === 'media_publish' && method === 'POST') return publishContainer(ctx, ig);
    if (ig && edge === 'media' && method === 'GET') {
      const items: Json[] = [];
      const since = Number(req.query.get('since') ?? 0) * 1000;
      for (let i = ig.media.length - 1; i >= 0; i--) {
        const m = ig.media[i] as GraphNode;
        if (since && m.createdAtMs < since) break;
        items.push(nodeJson(m, fields.length ? fields : ['id']));
      }
      return paged(req, items);
    }
    if (ig && edge === 'content_publishing_limit' && method === 'GET') {
      const dayAgo = Date.now() - 86_400_000;
      ig.published = ig.published.filter((t) => t > dayAgo);
      return {
        status: 200,
        body: { data: [{ quota_usage: ig.published.length, config: { quota_total: options.igQuota ?? 100, quota_duration: 86400 } }] },
      };
    }
    if (node && (edge === 'comments' || edge === 'replies') && method === 'GET') {
      const filter = req.query.get('filter') ?? 'toplevel';
      const source =
        node.kind === 'comment' || node.kind === 'ig_comment'
          ? node.replies
          : filter === 'stream'
            ? node.comments
            : node.comments.filter((c) => !c.parent);
      const newestFirst =
        node.kind === 'media'
          ? (options.igCommentOrder ?? 'reverse_chronological') === 'reverse_chronological'
          : req.query.get('order') === 'reverse_chronological';
      const ordered = newestFirst ? [...source].reverse() : source;
      const expand = expandOf(req);
      const answer = paged(
        req,
        ordered.map((c) => commentJson(c, fields, expand)),
      );
      if (req.query.get('summary') === 'true' || req.query.get('summary') === '1') {
        (answer.body as JsonObject).summary = {
          order: req.query.get('order') === 'reverse_chronological' ? 'reverse_chronological' : 'chronological',
          total_count: source.length,
          can_comment: true,
        };
      }
      return answer;
    }
    if (node && (edge === 'comments' || edge === 'replies') && method === 'POST') {
      if (edge === 'replies' && node.kind !== 'ig_comment')
        return graphError(400, 100, '(#100) Tried accessing nonexisting field (replies)', { type: 'OAuthException' });
      const message = str(req.body.message) ?? '';
      if (!message) return graphError(400, 100, '(#100) Param message must be a non-empty UTF-8 encoded string', {});
      const ownerPage = state.pages.get(node.owner);
      const ownerIg = state.igUsers.get(node.owner);
      const from = ownerPage
        ? { id: ownerPage.id, name: ownerPage.name }
        : { id: node.owner, name: ownerIg?.username ?? node.owner, username: ownerIg?.username };
      const comment = addCommentNode(node, message, from);
      const record = recordPost(state.recorder, {
        account: node.owner,
        kind: 'reply',
        endpoint: routeName('POST', node.id, edge),
        remoteId: comment.id,
        text: message,
        arrivedAt: req.arrivedAt,
        body: req.body,
      });
      return withRecord({ status: 200, body: { id: comment.id } }, record);
    }
    if (node && edge === 'insights' && method === 'GET') return insights(req, node);
    if ((page || ig || node) && method === 'GET' && edge) return { status: 200, body: { data: [] } };
    return graphError(400, 100, `(#100) Unsupported ${method.toLowerCase()} request.`, { type: 'GraphMethodException' });
  }

  /**
   * `GET /?ids=a,b&fields=…`: several nodes in one read, keyed by id (at most 50). Like Graph, one id that does not
   * exist (or is not the token's to read) fails the whole request.
   */
  function multiRead(req: EmulatorRequest): EmulatorResponse {
    const ids = (req.query.get('ids') ?? '').split(',').filter(Boolean);
    if (ids.length === 0) return graphError(400, 100, '(#100) Must specify ids', {});
    if (ids.length > 50) return graphError(400, 100, '(#100) Too many IDs. Maximum: 50.', {});
    const missing = ids.filter((id) => !state.nodes.has(id));
    if (missing.length) {
      const auth = authorize(req, null, false);
      return 'status' in auth ? auth : graphError(400, 100, `(#100) Some of the aliases you requested do not exist: ${missing.join(',')}`, {});
    }
    for (const id of ids) {
      const auth = authorize(req, pageOf(id), false);
      if ('status' in auth) return auth;
    }
    usage.set(req, { page: pageOf(ids[0] as string), full: false });
    const fields = fieldNames(req.query.get('fields'));
    const expand = expandOf(req);
    const body: JsonObject = {};
    for (const id of ids) body[id] = nodeJson(state.nodes.get(id) as GraphNode, fields, expand);
    return { status: 200, body };
  }

  function me(ctx: Ctx, fields: string[]): EmulatorResponse {
    const { token, edge, req } = ctx;
    if (edge === 'accounts') {
      if (token.kind !== 'user') return graphError(400, 100, '(#100) Tried accessing nonexisting field (accounts) on node type (Page)', {});
      const user = state.users.get(token.subject);
      const items: Json[] = [];
      for (const pageId of user?.pageIds ?? []) {
        const page = state.pages.get(pageId);
        if (!page) continue;
        const all: JsonObject = {
          id: page.id,
          name: page.name,
          access_token: state.pageTokens.get(page.id),
          category: 'Brand',
          category_list: [{ id: '2209', name: 'Brand' }],
          tasks: ['ANALYZE', 'ADVERTISE', 'MODERATE', 'CREATE_CONTENT', 'MANAGE'],
          fan_count: followersOf(page.id, 1200),
          followers_count: followersOf(page.id, 1200),
          instagram_business_account: page.igUserId
            ? { id: page.igUserId, username: state.igUsers.get(page.igUserId)?.username, followers_count: followersOf(page.igUserId, 3400) }
            : undefined,
        };
        items.push(pick(all, fields.length ? fields : ['name', 'access_token', 'category', 'category_list', 'tasks']));
      }
      return paged(req, items);
    }
    if (edge) return { status: 200, body: { data: [] } };
    if (token.kind === 'user') {
      const user = state.users.get(token.subject);
      return { status: 200, body: { id: token.subject, name: user?.name ?? 'User' } };
    }
    const page = state.pages.get(token.subject);
    return { status: 200, body: { id: token.subject, name: page?.name ?? 'Page' } };
  }

  /** Targeting search (`type=adlocale`, `type=adgeolocation`): any valid token may ask. */
  function search(req: EmulatorRequest): EmulatorResponse {
    const auth = authorize(req, null, false);
    if ('status' in auth) return auth;
    searches.push(new URLSearchParams([...req.query].filter(([k]) => k !== 'access_token')));
    const data = targetingSearch(req.query);
    if (data === null) return graphError(400, 100, '(#100) Unsupported type for search', {});
    return { status: 200, body: { data } };
  }

  function createPagePost(ctx: Ctx, page: Page, edge: 'feed' | 'photos' | 'videos'): EmulatorResponse {
    const { req } = ctx;
    const b = req.body;
    for (const key of ['targeting', 'feed_targeting'] as const) {
      const invalid = b[key] === undefined ? null : invalidTargetingKey(jsonField(b[key]), key);
      if (invalid) return graphError(400, 100, invalid, { type: 'OAuthException' });
    }
    const text = str(edge === 'feed' ? b.message : edge === 'photos' ? (b.caption ?? b.message) : (b.description ?? b.title)) ?? '';
    if (edge === 'feed' && !text && !b.link && !b.attached_media) return graphError(400, 100, '(#100) Missing message or attachment', {});
    if (edge === 'photos' && !b.url && !req.files.size) return graphError(400, 324, '(#324) Requires upload file', {});
    if (edge === 'videos' && !b.file_url && !req.files.size) return graphError(400, 100, '(#100) No file_url or source given', {});
    const published = !(b.published === false || b.published === 'false');
    const extra: JsonObject = {};
    if (b.link) extra.link = str(b.link);
    for (const key of ['targeting', 'feed_targeting'] as const) if (b[key] !== undefined) extra[key] = jsonField(b[key]);
    if (b.scheduled_publish_time !== undefined) extra.scheduled_publish_time = Number(b.scheduled_publish_time);
    if (edge === 'photos') extra.full_picture = str(b.url) ?? null;
    if (edge === 'videos') extra.source = str(b.file_url) ?? null;
    const postId = `${page.id}_${++counter}`;
    const post = newNode('post', page.id, text, { id: page.id, name: page.name }, extra, postId);
    const answerBody: JsonObject = { id: postId };
    if (edge === 'photos') {
      const photoId = newId();
      state.nodes.set(photoId, post);
      answerBody.id = photoId;
      answerBody.post_id = postId;
    } else if (edge === 'videos') {
      const videoId = newId();
      state.nodes.set(videoId, post);
      answerBody.id = videoId;
    }
    if (!published && edge === 'photos' && b.scheduled_publish_time === undefined) {
      return { status: 200, body: { id: answerBody.id as string } };
    }
    page.posts.push(post);
    const record = recordPost(state.recorder, {
      account: page.id,
      kind: 'post',
      endpoint: `POST /{page}/${edge}`,
      remoteId: postId,
      text,
      arrivedAt: req.arrivedAt,
      body: b,
    });
    scheduleAudience(post);
    return withRecord({ status: 200, body: answerBody }, record);
  }

  function createContainer(ctx: Ctx, ig: IgUser): EmulatorResponse {
    const b = ctx.req.body;
    const image = str(b.image_url);
    const video = str(b.video_url);
    const mediaType = str(b.media_type);
    if (!image && !video && mediaType !== 'CAROUSEL') return graphError(400, 100, 'The parameter image_url is required.', { subcode: 2207008 });
    const container = newNode(
      'container',
      ig.id,
      str(b.caption) ?? '',
      { id: ig.id, name: ig.username, username: ig.username },
      {
        media_type: mediaType ?? (video ? 'VIDEO' : 'IMAGE'),
        media_url: image ?? video ?? null,
      },
    );
    container.status = video ? 'IN_PROGRESS' : 'FINISHED';
    container.pollsLeft = video ? 1 : 0;
    return { status: 200, body: { id: container.id } };
  }

  function publishContainer(ctx: Ctx, ig: IgUser): EmulatorResponse {
    const { req } = ctx;
    const container = state.nodes.get(str(req.body.creation_id) ?? '');
    if (container?.kind !== 'container' || container.owner !== ig.id) return graphError(400, 100, 'Invalid parameter', { subcode: 2207006 });
    if (container.status === 'PUBLISHED') return graphError(400, 9007, 'The media has already been published', { subcode: 2207035 });
    if (container.status !== 'FINISHED') return graphError(400, 9007, 'Media ID is not available', { subcode: 2207027 });
    const dayAgo = Date.now() - 86_400_000;
    ig.published = ig.published.filter((t) => t > dayAgo);
    if (ig.published.length >= (options.igQuota ?? 100))
      return graphError(400, 9, 'Application request limit reached', { subcode: 2207042, transient: false });
    container.status = 'PUBLISHED';
    const media = newNode('media', ig.id, container.message, container.from, {
      media_type: container.extra.media_type,
      media_url: container.extra.media_url,
      media_product_type: 'FEED',
    });
    media.extra.permalink = `https://www.instagram.com/p/${Buffer.from(media.id).toString('base64url').slice(0, 11)}/`;
    ig.media.push(media);
    ig.published.push(Date.now());
    const record = recordPost(state.recorder, {
      account: ig.id,
      kind: 'post',
      endpoint: 'POST /{ig-user}/media_publish',
      remoteId: media.id,
      text: media.message,
      arrivedAt: req.arrivedAt,
      body: req.body,
    });
    scheduleAudience(media);
    return withRecord({ status: 200, body: { id: media.id } }, record);
  }

  function insights(req: EmulatorRequest, node: GraphNode): EmulatorResponse {
    const m = postMetrics(node);
    const isIg = node.kind === 'media';
    const values: Record<string, number | JsonObject> = isIg
      ? {
          impressions: m.impressions,
          reach: m.reach,
          views: m.impressions,
          likes: m.reactions,
          comments: m.comments,
          shares: m.shares,
          saved: Math.floor(m.reactions / 6),
          total_interactions: m.reactions + m.comments + m.shares,
        }
      : {
          post_impressions: m.impressions,
          post_impressions_unique: m.reach,
          post_impressions_organic: m.impressions,
          post_clicks: Math.floor(m.impressions / 25),
          post_engaged_users: Math.floor(m.reach / 9),
          post_reactions_by_type_total: { like: m.reactions },
        };
    const requested = (req.query.get('metric') ?? Object.keys(values).join(',')).split(',').filter(Boolean);
    const data: Json[] = [];
    for (const name of requested) {
      const value = values[name];
      if (value === undefined) return graphError(400, 100, `(#100) The value must be a valid insights metric: ${name}`, {});
      data.push({
        name,
        period: 'lifetime',
        values: [{ value }],
        title: name,
        description: `Lifetime: ${name}`,
        id: `${node.id}/insights/${name}/lifetime`,
      });
    }
    return { status: 200, body: { data } };
  }

  // ---- OAuth ----
  function oauthToken(req: EmulatorRequest): EmulatorResponse {
    const q = req.query;
    if (q.get('client_id') !== appId) return graphError(400, 101, 'Error validating application. Invalid application ID.', {});
    if (q.get('client_secret') !== appSecret) return graphError(400, 1, 'Error validating client secret.', {});
    let userId: string | null = null;
    if (q.get('grant_type') === 'fb_exchange_token') {
      const info = state.tokens.get(q.get('fb_exchange_token') ?? '');
      if (!info || info.expired || info.kind !== 'user') return graphError(400, 190, 'Invalid OAuth access token - Cannot parse access token');
      userId = info.subject;
    } else {
      const code = codes.get(q.get('code') ?? '');
      if (!code) return graphError(400, 100, 'Invalid verification code format.', { subcode: 36009 });
      if (code.redirectUri !== (q.get('redirect_uri') ?? ''))
        return graphError(
          400,
          100,
          'Error validating verification code. Please make sure your redirect_uri is identical to the one you used in the OAuth dialog request',
          { subcode: 36008 },
        );
      codes.delete(q.get('code') ?? '');
      userId = code.userId;
    }
    const token = `EAAG${randomBytes(24).toString('base64url')}`;
    state.tokens.set(token, { kind: 'user', subject: userId, expired: false });
    return { status: 200, body: { access_token: token, token_type: 'bearer', expires_in: 5183944 } };
  }
  function issueAuthCode(userId: string, redirectUri: string): string {
    const code = `AQ${randomBytes(24).toString('base64url')}`;
    codes.set(code, { userId, redirectUri });
    return code;
  }
  function dialog(req: EmulatorRequest): EmulatorResponse {
    const redirectUri = req.query.get('redirect_uri') ?? '';
    if (!consentUserId || req.query.get('client_id') !== appId) return { status: 400, body: 'Invalid app ID or no user to log in as.' };
    const target = new URL(redirectUri);
    target.searchParams.set('code', issueAuthCode(consentUserId, redirectUri));
    target.searchParams.set('state', req.query.get('state') ?? '');
    return { status: 302, redirect: target.toString() };
  }

  // ---- control ----
  const searches: URLSearchParams[] = [];
  const reset = () => {
    clock.clear();
    faults.clear();
    state.nodes.clear();
    state.recorder = createRecorder();
    state.webhookDeliveries.length = 0;
    for (const page of state.pages.values()) page.posts = [];
    for (const ig of state.igUsers.values()) {
      ig.media = [];
      ig.published = [];
    }
    appCalls = 0;
    pageCalls.clear();
    searches.length = 0;
  };
  const control: GraphControl = {
    searches: () => searches,
    seedPage,
    seedUser,
    expireToken: (token) => {
      const info = state.tokens.get(token);
      if (info) info.expired = true;
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
    simulateAudience: (postId, count = 3) => {
      const node = state.nodes.get(postId);
      if (!node) throw new Error(`No post ${postId}`);
      return Array.from({ length: count }, () => audienceComment(node.root ?? node));
    },
    addComment: (targetId, comment) => {
      const target = state.nodes.get(targetId);
      if (!target) throw new Error(`No node ${targetId}`);
      const person = PEOPLE[0] as (typeof PEOPLE)[number];
      const created = addCommentNode(target, comment.message, comment.from ?? { id: person.id, name: person.name, username: person.username });
      sendWebhook(created);
      return created.id;
    },
    deleteComment: (commentId) => {
      const comment = state.nodes.get(commentId);
      if (!comment?.root) throw new Error(`No comment ${commentId}`);
      const gone = new Set([comment, ...comment.replies]);
      for (const node of gone) state.nodes.delete(node.id);
      comment.root.comments = comment.root.comments.filter((c) => !gone.has(c));
      if (comment.parent) comment.parent.replies = comment.parent.replies.filter((c) => c !== comment);
    },
    setWebhookDrop: (ratio) => {
      webhookDrop.set(ratio);
      return webhookDrop.dropped;
    },
    setWebhook: (next) => {
      webhook = next;
    },
    verifyWebhook: async (verifyToken) => {
      if (!webhook) return false;
      const challenge = String(Math.floor(random() * 1e9));
      const url = new URL(webhook.url);
      url.searchParams.set('hub.mode', 'subscribe');
      url.searchParams.set('hub.challenge', challenge);
      url.searchParams.set('hub.verify_token', verifyToken);
      const res = await fetch(url, { signal: AbortSignal.timeout(3000) });
      return res.status === 200 && (await res.text()) === challenge;
    },
    issueAuthCode,
    setConsentUser: (userId) => {
      consentUserId = userId;
    },
    setFollowers: (accountId, followers) => {
      followerBase.set(accountId, { base: followers, since: Date.now() });
    },
    agePost: (postId, ms) => {
      const node = state.nodes.get(postId);
      if (!node) throw new Error(`No post ${postId}`);
      node.createdAtMs -= ms;
    },
    reset,
  };

  const ok = (body: Json = { ok: true }): EmulatorResponse => ({ status: 200, body });
  const controlRoutes = new Map<string, (req: EmulatorRequest) => EmulatorResponse | Promise<EmulatorResponse>>([
    [
      'POST /_control/seed',
      (req) => {
        for (const page of (req.body.pages as unknown as GraphPageSeed[] | undefined) ?? []) seedPage(page);
        for (const user of (req.body.users as unknown as GraphUserSeed[] | undefined) ?? []) seedUser(user);
        return ok();
      },
    ],
    [
      'POST /_control/tokens/expire',
      (req) => {
        control.expireToken(str(req.body.token) ?? '');
        return ok();
      },
    ],
    ['POST /_control/faults', (req) => ok(control.addFault(req.body as unknown as FaultSpec) as unknown as Json)],
    ['GET /_control/faults', () => ok(control.faults() as unknown as Json)],
    [
      'DELETE /_control/faults',
      () => {
        control.clearFaults();
        return ok();
      },
    ],
    ['GET /_control/posts', (req) => ok(recordsJson(state.recorder, Number(req.query.get('since') ?? 0)))],
    ['POST /_control/audience', (req) => ok(control.setAudience(req.body as Partial<AudienceSettings>) as unknown as Json)],
    [
      'POST /_control/audience/simulate',
      (req) => ok({ comments: control.simulateAudience(str(req.body.postId) ?? '', Number(req.body.count ?? 3)) }),
    ],
    ['POST /_control/comments', (req) => ok({ id: control.addComment(str(req.body.targetId) ?? '', { message: str(req.body.message) ?? '' }) })],
    [
      'POST /_control/webhook',
      (req) => {
        control.setWebhook(req.body.url ? { url: str(req.body.url) ?? '', appSecret: str(req.body.appSecret) ?? '' } : null);
        return ok();
      },
    ],
    ['POST /_control/webhook/drop', (req) => ok({ dropped: control.setWebhookDrop(Number(req.body.ratio ?? 0)) })],
    ['GET /_control/webhook/deliveries', () => ok(state.webhookDeliveries as unknown as Json)],
    [
      'POST /_control/reset',
      () => {
        reset();
        return ok();
      },
    ],
  ]);

  const capacity = options.usageCapacity ?? 20_000;
  const server = await startServer(
    {
      faults,
      baseLatencyMs: () => options.latencyMs ?? 0,
      match: resolveRoute,
      failureResponse(fault, req) {
        if (fault.kind === 'rate_limit') {
          const code = fault.graphCode ?? 4;
          usage.set(req, { page: pageOf(req.path.split('/')[2] ?? '') ?? null, full: true });
          return graphError(400, code, RATE_MESSAGES[code] ?? RATE_MESSAGES[4] ?? '', {
            transient: code === 4 || code === 17,
            subcode: code === 17 ? 2446079 : undefined,
          });
        }
        const status = fault.status ?? 500;
        return graphError(status, 2, 'An unexpected error has occurred. Please retry your request later.', { transient: true });
      },
      commonHeaders(req, route) {
        if (route.name.startsWith('GET /oauth') || route.name.startsWith('GET /dialog')) return {};
        const now = Date.now();
        if (now - appWindowStart > 3_600_000) {
          appWindowStart = now;
          appCalls = 0;
          pageCalls.clear();
        }
        appCalls += 1;
        const info = usage.get(req);
        const percent = (n: number) => (info?.full ? 100 : Math.min(100, Math.floor((n / capacity) * 100)));
        const headers: Record<string, string> = {
          'x-app-usage': JSON.stringify({ call_count: percent(appCalls), total_cputime: percent(appCalls / 2), total_time: percent(appCalls / 2) }),
        };
        const page = info?.page;
        if (page) {
          const calls = (pageCalls.get(page) ?? 0) + 1;
          pageCalls.set(page, calls);
          headers['x-business-use-case-usage'] = JSON.stringify({
            [page]: [
              {
                type: 'pages',
                call_count: percent(calls * 50),
                total_cputime: percent(calls * 25),
                total_time: percent(calls * 25),
                estimated_time_to_regain_access: info.full ? 5 : 0,
              },
            ],
          });
        }
        return headers;
      },
    },
    options.port,
  );
  baseUrl = server.url;

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
