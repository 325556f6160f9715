/**
 * Connecting accounts against the protocol emulators through the real SDKs: a token given by an admin,
 * X OAuth 2.0 with PKCE (authorize → auto-consent → callback), refresh-token rotation, a refused refresh
 * (needs_reconnect, admins told, the calendar flags the queued variant), and Facebook Login with its Page
 * picker. Tokens are stored encrypted and never come back from the API.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPost } from '../../prisma/seed/builders';
import { decryptCredentials } from '../../server/src/channels/credentials';
import { ensureFreshXToken } from '../../server/src/modules/channels/ensure-fresh-x-token';
import { runRefreshXTokens } from '../../server/src/modules/channels/jobs/refresh-x-tokens';
import { type GraphEmulator, startGraphEmulator } from '../emulators/graph';
import { startXEmulator, type XEmulator } from '../emulators/x';
import { signIn, workspaceWithTeam } from '../support/factories';
import { startTestApp, type TestContext } from '../support/test-app';

const PAGE_A = '100000000000201';
const PAGE_B = '100000000000202';
const PAGE_C = '100000000000203';
const IG_A = '17841400000000201';
const PAGE_A_TOKEN = 'page-token-a-secret-201';
const PAGE_B_TOKEN = 'page-token-b-secret-202';
const PAGE_C_TOKEN = 'page-token-c-secret-203';
const META_USER = '200000000000201';
const META_USER_TOKEN = 'meta-user-token-secret-201';
const X_USER = '1500000000000000201';
const X_TOKEN = 'x-token-secret-value-201';
const X_REFRESH = 'x-refresh-secret-value-201';

let graph: GraphEmulator;
let x: XEmulator;
let ctx: TestContext;
let team: Awaited<ReturnType<typeof workspaceWithTeam>>;
let admin: Awaited<ReturnType<typeof signIn>>;
let ws: string;

beforeAll(async () => {
  graph = await startGraphEmulator({
    appId: 'meta-app-1',
    appSecret: 'meta-app-secret-1',
    pages: [
      { id: PAGE_A, name: '소통 카페', accessTokens: [PAGE_A_TOKEN], instagram: { id: IG_A, username: 'sotong.cafe' } },
      { id: PAGE_B, name: '소통 베이커리', accessTokens: [PAGE_B_TOKEN] },
      { id: PAGE_C, name: '소통 굿즈', accessTokens: [PAGE_C_TOKEN] },
    ],
    users: [{ id: META_USER, name: '관리자', accessTokens: [META_USER_TOKEN], pageIds: [PAGE_A, PAGE_B, PAGE_C] }],
  });
  x = await startXEmulator({
    users: [{ id: X_USER, username: 'sotong_kr', name: '소통 공식', accessTokens: [X_TOKEN], refreshTokens: [X_REFRESH] }],
    clients: [{ clientId: 'x-client-1', clientSecret: 'x-client-secret-1' }],
  });
  ctx = await startTestApp({
    env: {
      META_GRAPH_URL: graph.url,
      META_APP_ID: 'meta-app-1',
      META_APP_SECRET: 'meta-app-secret-1',
      X_API_URL: x.url,
      X_CLIENT_ID: 'x-client-1',
      X_CLIENT_SECRET: 'x-client-secret-1',
    },
  });
  team = await workspaceWithTeam(ctx.deps.prisma, 'Connect brand');
  ws = `/api/workspaces/${team.workspace.id}`;
  admin = await signIn(ctx, team.members.admin.email);
});
afterAll(async () => {
  await ctx?.close();
  await Promise.all([graph?.close(), x?.close()]);
});

const rowOf = (id: string) =>
  ctx.deps.prisma.channelAccount.findUniqueOrThrow({
    where: { id },
    select: { status: true, credentials: true, credentialsKeyId: true, tokenExpiresAt: true, remoteId: true, name: true, handle: true },
  });
const keys = () => [ctx.deps.config.encryptionKey];

/** Follows the network's auto-consent page and returns the app callback path (with code and state). */
async function consent(url: string): Promise<string> {
  const answer = await fetch(url, { redirect: 'manual' });
  expect(answer.status).toBe(302);
  const back = new URL(answer.headers.get('location') ?? '');
  expect(back.origin).toBe(ctx.deps.config.appUrl);
  return `${back.pathname}${back.search}`;
}

describe('connect with a token', () => {
  it('checks an X token, stores it encrypted and never returns it', async () => {
    const res = await admin.post(`${ws}/channels/connect-token`, { provider: 'x', token: X_TOKEN });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.channel).toMatchObject({ provider: 'x', status: 'active', remoteId: X_USER, name: '소통 공식', handle: 'sotong_kr' });
    expect(JSON.stringify(res.body)).not.toContain(X_TOKEN);
    const row = await rowOf(res.body.channel.id);
    expect(row.credentials).toBeTruthy();
    expect(row.credentials).not.toContain(X_TOKEN);
    expect(row.credentials).not.toContain(Buffer.from(X_TOKEN).toString('base64'));
    expect(row.credentialsKeyId).toMatch(/^[0-9a-f]{12}$/);
    expect(decryptCredentials(keys(), row).accessToken).toBe(X_TOKEN);
    const list = await admin.get(`${ws}/channels`);
    expect(JSON.stringify(list.body)).not.toContain(X_TOKEN);
    expect(JSON.stringify(list.body)).not.toContain(row.credentials);

    // Connecting the same account again updates that channel (200), not a second one.
    const again = await admin.post(`${ws}/channels/connect-token`, { provider: 'x', token: X_TOKEN });
    expect(again.status).toBe(200);
    expect(again.body.channel.id).toBe(res.body.channel.id);
  });

  it('refuses a bad token with 422 and stores nothing', async () => {
    const before = await ctx.deps.prisma.channelAccount.count();
    const bad = await admin.post(`${ws}/channels/connect-token`, { provider: 'x', token: 'not-a-real-token-at-all' });
    expect(bad.status).toBe(422);
    expect(bad.body.error.code).toBe('channel_token_rejected');
    expect(JSON.stringify(bad.body)).not.toContain('not-a-real-token-at-all');
    const badPage = await admin.post(`${ws}/channels/connect-token`, { provider: 'facebook_page', token: 'EAAGnot-a-page-token', pageId: PAGE_A });
    expect(badPage.status).toBe(422);
    expect(await ctx.deps.prisma.channelAccount.count()).toBe(before);
    const planner = await signIn(ctx, team.members.planner.email);
    const refused = await planner.post(`${ws}/channels/connect-token`, { provider: 'x', token: X_TOKEN });
    expect(refused.status).toBe(403);
  });

  it('connects a Page with its Page token and an Instagram account through its Page, a user token resolves the Page token', async () => {
    const page = await admin.post(`${ws}/channels/connect-token`, { provider: 'facebook_page', token: PAGE_C_TOKEN });
    expect(page.status, JSON.stringify(page.body)).toBe(201);
    expect(page.body.channel).toMatchObject({ provider: 'facebook_page', remoteId: PAGE_C, name: '소통 굿즈', status: 'active' });
    expect(decryptCredentials(keys(), await rowOf(page.body.channel.id)).accessToken).toBe(PAGE_C_TOKEN);

    const byUser = await admin.post(`${ws}/channels/connect-token`, { provider: 'facebook_page', token: META_USER_TOKEN, pageId: PAGE_C });
    expect(byUser.status).toBe(200);
    expect(byUser.body.channel.id).toBe(page.body.channel.id);
    // The user token is not what is stored: the Page's own token is.
    expect(decryptCredentials(keys(), await rowOf(page.body.channel.id)).accessToken).toBe(PAGE_C_TOKEN);

    const ig = await admin.post(`${ws}/channels/connect-token`, { provider: 'instagram', token: PAGE_A_TOKEN });
    expect(ig.status, JSON.stringify(ig.body)).toBe(201);
    expect(ig.body.channel).toMatchObject({ provider: 'instagram', remoteId: IG_A, handle: 'sotong.cafe', followerCount: 3400 });
    await ctx.deps.prisma.channelAccount.deleteMany({ where: { id: { in: [page.body.channel.id, ig.body.channel.id] } } });
  });
});

describe('X OAuth 2.0 with PKCE', () => {
  let channelId: string;

  it('round trip: authorize link → consent → callback stores the access and refresh tokens', async () => {
    const start = await admin.post(`${ws}/channels/oauth/x/start`);
    expect(start.status, JSON.stringify(start.body)).toBe(200);
    const url = new URL(start.body.url);
    expect(url.origin).toBe(new URL(x.url).origin);
    expect(url.pathname).toBe('/i/oauth2/authorize');
    expect(url.searchParams.get('code_challenge_method')).toBe('s256');
    expect(url.searchParams.get('scope')).toContain('offline.access');
    expect(url.searchParams.get('redirect_uri')).toBe(`${ctx.deps.config.appUrl}/api/oauth/x/callback`);
    expect(start.body.url).not.toContain('code_verifier');

    const callback = await consent(start.body.url);
    const back = await admin.get(callback);
    expect(back.status, JSON.stringify(back.body)).toBe(302);
    const landing = new URL(back.headers.location ?? '');
    expect(landing.pathname).toBe(`/w/${team.workspace.id}/settings/channels`);
    channelId = landing.searchParams.get('connected') ?? '';
    const row = await rowOf(channelId);
    expect(row).toMatchObject({ status: 'active', remoteId: X_USER });
    const creds = decryptCredentials(keys(), row);
    expect(creds.accessToken).toMatch(/^x-at-/);
    expect(creds.refreshToken).toMatch(/^x-rt-/);
    expect(row.credentials).not.toContain(creds.accessToken);
    expect(row.tokenExpiresAt?.getTime()).toBeGreaterThan(Date.now() + 7000_000);
    expect(x.state.tokens.get(creds.accessToken)?.userId).toBe(X_USER);

    // The state is single use.
    const replay = await admin.get(callback);
    expect(replay.status).toBe(400);
    expect(replay.body.error.code).toBe('oauth_state_invalid');
  });

  it('a wrong state, or someone else’s, is refused with 400', async () => {
    const wrong = await admin.get('/api/oauth/x/callback?state=made-up-state&code=x-code-1');
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.code).toBe('oauth_state_invalid');
    const start = await admin.post(`${ws}/channels/oauth/x/start`);
    const callback = await consent(start.body.url);
    const other = await signIn(ctx, team.members.planner.email);
    const stolen = await other.get(callback);
    expect(stolen.status).toBe(400);
    const metaWrong = await admin.get('/api/oauth/meta/callback?state=nope&code=AQ1');
    expect(metaWrong.status).toBe(400);
  });

  it('refreshes ahead of expiry and stores the rotated refresh token; two workers refresh once', async () => {
    const before = decryptCredentials(keys(), await rowOf(channelId));
    expect(await ensureFreshXToken(ctx.deps, channelId)).toBe('fresh');
    await ctx.deps.prisma.channelAccount.update({ where: { id: channelId }, data: { tokenExpiresAt: new Date(Date.now() + 5 * 60_000) } });
    const outcomes = await Promise.all([ensureFreshXToken(ctx.deps, channelId), ensureFreshXToken(ctx.deps, channelId)]);
    expect(outcomes.sort()).toEqual(['fresh', 'refreshed']);
    const row = await rowOf(channelId);
    const after = decryptCredentials(keys(), row);
    expect(after.refreshToken).not.toBe(before.refreshToken);
    expect(after.accessToken).not.toBe(before.accessToken);
    expect(x.state.refreshTokens.has(before.refreshToken ?? '')).toBe(false);
    expect(x.state.refreshTokens.has(after.refreshToken ?? '')).toBe(true);
    expect(row.tokenExpiresAt?.getTime()).toBeGreaterThan(Date.now() + 60 * 60_000);

    // The repeatable job refreshes what ends soon.
    await ctx.deps.prisma.channelAccount.update({ where: { id: channelId }, data: { tokenExpiresAt: new Date(Date.now() + 3 * 60_000) } });
    const run = await runRefreshXTokens(ctx.deps);
    expect(run.outcomes.refreshed).toBe(1);
    expect(decryptCredentials(keys(), await rowOf(channelId)).refreshToken).not.toBe(after.refreshToken);
  });

  it('a refused refresh turns the channel needs_reconnect, tells the admins and flags its queued variant on the calendar', async () => {
    const at = new Date(Date.now() + 3 * 24 * 3600_000);
    await buildPost(ctx.deps.prisma, team.workspace.id, team.members.planner, {
      title: '주말 이벤트',
      variants: [{ channelAccountId: channelId, text: '주말 이벤트 안내', scheduledAt: at }],
    });
    x.state.refreshTokens.clear(); // revoked on X's side
    await ctx.deps.prisma.channelAccount.update({ where: { id: channelId }, data: { tokenExpiresAt: new Date(Date.now() + 60_000) } });
    const run = await runRefreshXTokens(ctx.deps);
    expect(run.outcomes.needs_reconnect).toBe(1);
    expect((await rowOf(channelId)).status).toBe('needs_reconnect');
    const notes = await ctx.deps.prisma.notification.findMany({ where: { workspaceId: team.workspace.id, kind: 'channel_needs_reconnect' } });
    expect(notes.map((n) => n.userId)).toEqual([team.members.admin.id]);
    expect(notes[0]?.data).toMatchObject({ channel: '소통 공식', channelId });
    // Running again does not notify twice.
    await runRefreshXTokens(ctx.deps);
    expect(await ctx.deps.prisma.notification.count({ where: { kind: 'channel_needs_reconnect' } })).toBe(1);

    const from = new Date(at.getTime() - 3600_000).toISOString();
    const to = new Date(at.getTime() + 3600_000).toISOString();
    const calendar = await admin.get(`${ws}/calendar?from=${from}&to=${to}`);
    expect(calendar.status, JSON.stringify(calendar.body)).toBe(200);
    const entry = calendar.body.entries.find((e: { title: string }) => e.title === '주말 이벤트');
    expect(entry).toMatchObject({ channelAccountId: channelId, channelStatus: 'needs_reconnect' });

    // Disconnecting forgets the credentials.
    const off = await admin.post(`${ws}/channels/${channelId}/disconnect`);
    expect(off.status).toBe(200);
    expect(off.body.status).toBe('disconnected');
    expect((await rowOf(channelId)).credentials).toBeNull();
  });
});

describe('Facebook Login and the Page picker', () => {
  it('lists the Pages after the callback (no tokens in the browser) and connects two Pages and one Instagram account', async () => {
    const start = await admin.post(`${ws}/channels/oauth/meta/start`);
    expect(start.status, JSON.stringify(start.body)).toBe(200);
    expect(new URL(start.body.url).pathname).toBe('/v24.0/dialog/oauth');
    const callback = await consent(start.body.url);
    const back = await admin.get(callback);
    expect(back.status, JSON.stringify(back.body)).toBe(302);
    const selectionId = new URL(back.headers.location ?? '').searchParams.get('metaSelection') ?? '';

    const list = await admin.get(`${ws}/channels/meta-selections/${selectionId}`);
    expect(list.status).toBe(200);
    const text = JSON.stringify(list.body);
    for (const token of [PAGE_A_TOKEN, PAGE_B_TOKEN, PAGE_C_TOKEN, META_USER_TOKEN]) expect(text).not.toContain(token);
    expect(list.body.pages.map((p: { id: string }) => p.id)).toEqual([PAGE_A, PAGE_B, PAGE_C]);
    expect(list.body.pages[0]).toMatchObject({
      name: '소통 카페',
      followerCount: 1200,
      connected: false,
      instagram: { id: IG_A, username: 'sotong.cafe' },
    });
    // The pending list is the admin's alone, and its Page tokens are encrypted in Redis.
    const planner = await signIn(ctx, team.members.planner.email);
    expect((await planner.get(`${ws}/channels/meta-selections/${selectionId}`)).status).toBe(403);
    const redisKeys = await ctx.deps.redis.keys(`${ctx.deps.redisPrefix}:oauth:*`);
    for (const key of redisKeys) expect((await ctx.deps.redis.get(key)) ?? '').not.toContain(PAGE_A_TOKEN);

    const unknown = await admin.post(`${ws}/channels/meta-selections/${selectionId}`, { pageIds: ['999'] });
    expect(unknown.status).toBe(400);
    const picked = await admin.post(`${ws}/channels/meta-selections/${selectionId}`, { pageIds: [PAGE_A, PAGE_B], instagramIds: [IG_A] });
    expect(picked.status, JSON.stringify(picked.body)).toBe(200);
    expect(picked.body.channels.map((c: { provider: string; remoteId: string }) => `${c.provider}:${c.remoteId}`)).toEqual([
      `facebook_page:${PAGE_A}`,
      `facebook_page:${PAGE_B}`,
      `instagram:${IG_A}`,
    ]);
    const [a, b, ig] = picked.body.channels as Array<{ id: string }>;
    expect(decryptCredentials(keys(), await rowOf(a?.id ?? '')).accessToken).toBe(PAGE_A_TOKEN);
    expect(decryptCredentials(keys(), await rowOf(b?.id ?? '')).accessToken).toBe(PAGE_B_TOKEN);
    expect(decryptCredentials(keys(), await rowOf(ig?.id ?? '')).accessToken).toBe(PAGE_A_TOKEN);
    // Used up: the list is gone.
    expect((await admin.get(`${ws}/channels/meta-selections/${selectionId}`)).status).toBe(404);
  });
});

describe('without app credentials', () => {
  it('says the sign-in is not configured (409 oauth_not_configured)', async () => {
    const bare = await startTestApp();
    try {
      const t = await workspaceWithTeam(bare.deps.prisma, 'Bare');
      const a = await signIn(bare, t.members.admin.email);
      for (const provider of ['x', 'meta']) {
        const res = await a.post(`/api/workspaces/${t.workspace.id}/channels/oauth/${provider}/start`);
        expect(res.status).toBe(409);
        expect(res.body.error).toMatchObject({ code: 'oauth_not_configured', details: { provider } });
      }
    } finally {
      await bare.close();
    }
  });
});
