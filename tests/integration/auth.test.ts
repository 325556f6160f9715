import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUser } from '../../prisma/seed/builders';
import { signIn, TEST_PASSWORD, uniqueEmail, workspaceWithTeam } from '../support/factories';
import { startTestApp, type TestContext } from '../support/test-app';

let ctx: TestContext;
let team: Awaited<ReturnType<typeof workspaceWithTeam>>;
beforeAll(async () => {
  ctx = await startTestApp();
  team = await workspaceWithTeam(ctx.deps.prisma);
});
afterAll(async () => ctx.close());

describe('sessions', () => {
  it('signs in with an httpOnly SameSite cookie and returns the session with workspaces and roles', async () => {
    const agent = request.agent(ctx.app);
    const login = await agent.post('/api/auth/login').send({ email: team.members.planner.email.toUpperCase(), password: TEST_PASSWORD });
    expect(login.status).toBe(200);
    const cookie = String(login.headers['set-cookie']);
    expect(cookie).toMatch(/sotong_session=[^;]+;.*HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(login.body.user).toEqual({ id: team.members.planner.id, email: team.members.planner.email, name: 'planner', locale: null });
    expect(JSON.stringify(login.body)).not.toContain('passwordHash');
    const session = await agent.get('/api/auth/session');
    expect(session.status).toBe(200);
    expect(session.body.memberships).toEqual([
      { workspace: expect.objectContaining({ id: team.workspace.id, timeZone: 'Asia/Seoul' }), roles: ['planner'] },
    ]);
    expect(session.body.csrfToken).toEqual(expect.any(String));
  });

  it('refuses a wrong password and an unknown email alike', async () => {
    const wrong = await request(ctx.app).post('/api/auth/login').send({ email: team.members.viewer.email, password: 'not-the-password' });
    const unknown = await request(ctx.app).post('/api/auth/login').send({ email: 'nobody@test.sotong.dev', password: 'whatever-password' });
    for (const res of [wrong, unknown]) {
      expect(res.status).toBe(401);
      expect(res.body.error).toEqual({ code: 'invalid_credentials', message: expect.any(String) });
    }
  });

  it('throttles repeated failed sign-ins with 429', async () => {
    const email = uniqueEmail('throttled');
    await buildUser(ctx.deps.prisma, { email, name: 'T', password: TEST_PASSWORD });
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      statuses.push((await request(ctx.app).post('/api/auth/login').send({ email, password: 'wrong-password' })).status);
    }
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(statuses[10]).toBe(429);
    const blocked = await request(ctx.app).post('/api/auth/login').send({ email, password: TEST_PASSWORD });
    expect(blocked.status).toBe(429);
    expect(blocked.body.error.code).toBe('too_many_requests');
  });

  it('logs out: the cookie no longer works', async () => {
    const client = await signIn(ctx, team.members.approver.email);
    expect((await client.post('/api/auth/logout')).status).toBe(204);
    expect((await client.get('/api/auth/session')).status).toBe(401);
  });

  it('changes the password, signs out other sessions, and audits it', async () => {
    const email = uniqueEmail('pw');
    const user = await buildUser(ctx.deps.prisma, { email, name: 'PW', password: TEST_PASSWORD });
    const here = await signIn(ctx, email);
    const elsewhere = await signIn(ctx, email);
    const bad = await here.post('/api/auth/password', { currentPassword: 'nope-nope-nope', newPassword: 'another-long-password' });
    expect(bad.status).toBe(401);
    const short = await here.post('/api/auth/password', { currentPassword: TEST_PASSWORD, newPassword: 'short' });
    expect(short.status).toBe(400);
    expect(short.body.error.details[0]).toMatchObject({ field: 'body.newPassword', rule: 'too_small' });
    const ok = await here.post('/api/auth/password', { currentPassword: TEST_PASSWORD, newPassword: 'another-long-password' });
    expect(ok.status).toBe(204);
    expect((await here.get('/api/auth/session')).status).toBe(200);
    expect((await elsewhere.get('/api/auth/session')).status).toBe(401);
    await signIn(ctx, email, 'another-long-password');
    const audit = await ctx.deps.prisma.auditEvent.findFirst({ where: { entityId: user.id, action: 'password.changed' } });
    expect(audit?.actorUserId).toBe(user.id);
  });

  it('changes my name and language', async () => {
    const client = await signIn(ctx, team.members.viewer.email);
    const res = await client.patch('/api/auth/me', { locale: 'en', name: 'Exec' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ locale: 'en', name: 'Exec' });
    expect((await client.patch('/api/auth/me', { locale: 'fr' })).status).toBe(400);
  });
});

describe('API tokens', () => {
  it('work as Bearer, limited to their workspace and roles, hashed at rest, shown once', async () => {
    const admin = await signIn(ctx, team.members.admin.email);
    const created = await admin.post(`/api/workspaces/${team.workspace.id}/tokens`, { name: 'script', roles: ['admin'], expiresInDays: 30 });
    expect(created.status).toBe(201);
    const secret = created.body.secret as string;
    expect(secret).toMatch(/^stk_/);
    const row = await ctx.deps.prisma.apiToken.findUniqueOrThrow({ where: { id: created.body.token.id } });
    expect(row.tokenHash).not.toContain(secret);
    expect(JSON.stringify(row)).not.toContain(secret);
    const list = await admin.get(`/api/workspaces/${team.workspace.id}/tokens`);
    expect(JSON.stringify(list.body)).not.toContain(secret);

    const bearer = (method: 'get' | 'patch', url: string) => request(ctx.app)[method](url).set('authorization', `Bearer ${secret}`);
    expect((await bearer('get', `/api/workspaces/${team.workspace.id}/members`)).status).toBe(200);
    // No CSRF needed for tokens; the change is audited with the token as actor.
    const renamed = await bearer('patch', `/api/workspaces/${team.workspace.id}`).send({ name: 'Renamed by script' });
    expect(renamed.status).toBe(200);
    const audit = await ctx.deps.prisma.auditEvent.findFirst({ where: { action: 'workspace.updated' }, orderBy: { id: 'desc' } });
    expect(audit?.actorTokenId).toBe(created.body.token.id);
    // Tokens cannot do person-level things.
    expect((await request(ctx.app).post('/api/workspaces').set('authorization', `Bearer ${secret}`).send({ name: 'x' })).status).toBe(403);

    const other = await workspaceWithTeam(ctx.deps.prisma, 'Elsewhere');
    await ctx.deps.prisma.membership.create({ data: { workspaceId: other.workspace.id, userId: team.members.admin.id, roles: ['admin'] } });
    expect((await bearer('get', `/api/workspaces/${other.workspace.id}/members`)).status).toBe(404);

    expect((await admin.delete(`/api/workspaces/${team.workspace.id}/tokens/${created.body.token.id}`)).status).toBe(204);
    const revoked = await bearer('get', `/api/workspaces/${team.workspace.id}/members`);
    expect(revoked.status).toBe(401);
    expect(revoked.body.error.code).toBe('invalid_token');
  });

  it('a token with fewer roles than its owner acts with those roles only', async () => {
    await ctx.deps.prisma.membership.update({
      where: { workspaceId_userId: { workspaceId: team.workspace.id, userId: team.members.planner.id } },
      data: { roles: ['planner', 'approver'] },
    });
    const planner = await signIn(ctx, team.members.planner.email);
    const tooMuch = await planner.post(`/api/workspaces/${team.workspace.id}/tokens`, { name: 'x', roles: ['admin'] });
    expect(tooMuch.status).toBe(403);
    const created = await planner.post(`/api/workspaces/${team.workspace.id}/tokens`, { name: 'read-only', roles: ['approver'] });
    expect(created.status).toBe(201);
    const session = await request(ctx.app).get('/api/auth/session').set('authorization', `Bearer ${created.body.secret}`);
    expect(session.status).toBe(200);
    expect(session.body.memberships).toHaveLength(1);
  });

  it('rejects malformed and expired bearer tokens with 401', async () => {
    expect((await request(ctx.app).get('/api/workspaces').set('authorization', 'Bearer nonsense')).status).toBe(401);
    const admin = await signIn(ctx, team.members.admin.email);
    const created = await admin.post(`/api/workspaces/${team.workspace.id}/tokens`, { name: 'old', roles: ['admin'] });
    await ctx.deps.prisma.apiToken.update({ where: { id: created.body.token.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const res = await request(ctx.app).get('/api/workspaces').set('authorization', `Bearer ${created.body.secret}`);
    expect(res.status).toBe(401);
  });
});
