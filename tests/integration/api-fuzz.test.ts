/**
 * Fuzzing every route (the OpenAPI document's routes, from the same definitions) with fast-check:
 * random bodies, path params, query strings and headers, as each role and signed out. Whatever comes in:
 * no 5xx, no answer carries a password hash, a session or API token secret or a channel token, and a
 * refused request (4xx) changes nothing in the database.
 */
import fc from 'fast-check';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildChannel, buildPost } from '../../prisma/seed/builders';
import { allRoutes } from '../../server/src/app';
import { encryptCredentials } from '../../server/src/channels/credentials';
import type { Role } from '../../server/src/lib/http/zod';
import { allRoles, signIn, workspaceWithTeam } from '../support/factories';
import { startTestApp, type TestContext } from '../support/test-app';

const CHANNEL_TOKEN = 'channel-access-token-never-shown-1234';
let ctx: TestContext;
let team: Awaited<ReturnType<typeof workspaceWithTeam>>;
const clients = {} as Record<Role, Awaited<ReturnType<typeof signIn>>>;
const known: Record<string, string> = {};
let apiTokenSecret = '';

beforeAll(async () => {
  ctx = await startTestApp();
  team = await workspaceWithTeam(ctx.deps.prisma, 'Fuzz brand');
  for (const role of allRoles) clients[role] = await signIn(ctx, team.members[role].email);
  const channel = await buildChannel(ctx.deps.prisma, team.workspace.id, { provider: 'x', name: 'X', handle: 'fuzz' });
  await ctx.deps.prisma.channelAccount.update({
    where: { id: channel.id },
    data: { remoteId: '1500000000000000999', ...encryptCredentials(ctx.deps.config.encryptionKey, { accessToken: CHANNEL_TOKEN }) },
  });
  const post = await buildPost(ctx.deps.prisma, team.workspace.id, team.members.planner, {
    title: 'Fuzz post',
    variants: [{ channelAccountId: channel.id, text: 'fuzz', scheduledAt: new Date(Date.now() + 86_400_000) }],
  });
  Object.assign(known, {
    workspaceId: team.workspace.id,
    channelId: channel.id,
    postId: post.id,
    variantId: post.variantIds[0],
    userId: team.members.planner.id,
  });
  const token = await clients.admin.post(`/api/workspaces/${team.workspace.id}/tokens`, { name: 'fuzz', roles: ['viewer'] });
  apiTokenSecret = token.body.token ?? '';
}, 90_000);
afterAll(async () => ctx?.close());

/** Every row a refused request could have touched (updatedAt included). */
async function snapshot(): Promise<string> {
  const db = ctx.deps.prisma;
  const rows = await Promise.all([
    db.user.findMany({ orderBy: { id: 'asc' } }),
    db.workspace.findMany({ orderBy: { id: 'asc' } }),
    db.membership.findMany({ orderBy: [{ workspaceId: 'asc' }, { userId: 'asc' }] }),
    db.channelAccount.findMany({ orderBy: { id: 'asc' } }),
    db.segment.findMany({ orderBy: { id: 'asc' } }),
    db.campaign.findMany({ orderBy: { id: 'asc' } }),
    db.post.findMany({ orderBy: { id: 'asc' } }),
    db.variant.findMany({ orderBy: { id: 'asc' } }),
    db.apiToken.findMany({ orderBy: { id: 'asc' } }),
    db.invite.findMany({ orderBy: { id: 'asc' } }),
    db.conversation.findMany({ orderBy: { id: 'asc' } }),
    db.savedReply.findMany({ orderBy: { id: 'asc' } }),
    db.department.findMany({ orderBy: { id: 'asc' } }),
  ]);
  return JSON.stringify(rows);
}

const segment = fc.oneof(fc.constantFrom(...Object.values(known), 'x', '0', '-1', '%00', '..', 'null'), fc.uuid(), fc.string({ maxLength: 40 }));
const hostileString = fc.oneof(
  fc.string({ maxLength: 60 }),
  fc.constantFrom('<script>alert(1)</script>', '\'; DROP TABLE "Post"; --', '\u202e', 'a'.repeat(5000), '{{name}}', '__proto__', ''),
);
const jsonish: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    hostileString,
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.uuid(),
    fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(
      fc.constantFrom('name', 'title', 'text', 'roles', 'status', 'ids', 'items', 'variants', 'scheduledAt', '__proto__', 'constructor', 'x'),
      tie('value'),
      { maxKeys: 5 },
    ),
  ),
})).value;
const who = fc.constantFrom<Role | 'anonymous' | 'token'>(...allRoles, 'anonymous', 'token');

const secretsIn = (text: string) =>
  [CHANNEL_TOKEN, apiTokenSecret, '$argon2', 'passwordHash', 'tokenHash', 'credentials"'].filter((s) => s && text.includes(s));

describe('API fuzzing', () => {
  it('random input to every route, as every role: no 5xx, no secret in any answer, a refused request changes nothing', async () => {
    const routes = allRoutes({} as never).filter((r) => !r.path.includes('/auth/logout'));
    const problems: string[] = [];
    const classes: Record<string, number> = {};
    for (const route of routes) {
      await fc.assert(
        fc.asyncProperty(
          who,
          fc.array(segment, { minLength: 6, maxLength: 6 }),
          jsonish,
          fc.dictionary(fc.constantFrom('from', 'to', 'limit', 'cursor', 'q', 'status', 'format'), hostileString, { maxKeys: 3 }),
          async (as, params, body, query) => {
            let i = 0;
            // Mostly the real workspace (to get past membership), else a random segment.
            const path = route.path.replace(/:(\w+)/g, (_, name: string) => {
              const value = params[i++] ?? 'x';
              return encodeURIComponent((name === 'workspaceId' && i % 3 !== 0 ? known.workspaceId : value) ?? 'x');
            });
            const url = `/api${path}`;
            const before = route.method === 'get' ? '' : await snapshot();
            const agent = as === 'anonymous' || as === 'token' ? null : clients[as];
            let req =
              agent === null
                ? request(ctx.app)[route.method](url)
                : route.method === 'get'
                  ? agent.agent.get(url)
                  : agent.agent[route.method](url).set('x-csrf-token', agent.csrf);
            if (as === 'token') req = req.set('authorization', `Bearer ${apiTokenSecret}`);
            // Any JSON value as the body (a bare number, a string, null, an array …), sent as raw JSON text.
            const res = await (route.method === 'get'
              ? req.query(query)
              : req
                  .query(query)
                  .set('content-type', 'application/json')
                  .send(JSON.stringify(body) ?? 'null'));
            const text = res.text ?? '';
            const cls = `${Math.floor(res.status / 100)}xx`;
            classes[cls] = (classes[cls] ?? 0) + 1;
            if (res.status >= 500) problems.push(`${route.method} ${route.path} as ${as}: ${res.status} ${text.slice(0, 300)}`);
            const leaked = secretsIn(text);
            if (leaked.length) problems.push(`${route.method} ${route.path} as ${as}: answer carries ${leaked.join(', ')}`);
            if (route.method !== 'get' && res.status >= 400 && (await snapshot()) !== before)
              problems.push(`${route.method} ${route.path} as ${as}: refused with ${res.status} but changed the database`);
          },
        ),
        { numRuns: 4, seed: 20261201 },
      );
    }
    expect(problems).toEqual([]);
    // The fuzz reached handlers (not only the guards): some requests were let in and answered.
    expect(classes['2xx'] ?? 0).toBeGreaterThan(10);
    expect(classes['4xx'] ?? 0).toBeGreaterThan(200);
  }, 600_000);
});
