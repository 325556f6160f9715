import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUser } from '../../prisma/seed/builders';
import { signIn, TEST_PASSWORD, uniqueEmail, workspaceWithTeam } from '../support/factories';
import { startTestApp, type TestContext } from '../support/test-app';

let ctx: TestContext;
let team: Awaited<ReturnType<typeof workspaceWithTeam>>;
let admin: Awaited<ReturnType<typeof signIn>>;
const ws = () => `/api/workspaces/${team.workspace.id}`;

beforeAll(async () => {
  ctx = await startTestApp();
  team = await workspaceWithTeam(ctx.deps.prisma);
  admin = await signIn(ctx, team.members.admin.email);
});
afterAll(async () => ctx.close());

describe('workspaces', () => {
  it('anyone signed in creates a workspace and becomes its admin; default zone Asia/Seoul', async () => {
    const planner = await signIn(ctx, team.members.planner.email);
    const res = await planner.post('/api/workspaces', { name: '브랜드 둘' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ name: '브랜드 둘', timeZone: 'Asia/Seoul', roles: ['admin'] });
    const mine = await planner.get('/api/workspaces');
    expect(mine.body.workspaces.map((w: { id: string }) => w.id)).toContain(res.body.id);
  });

  it('admins change settings; the audit log keeps before and after', async () => {
    const res = await admin.patch(ws(), { name: 'Renamed', timeZone: 'America/New_York' });
    expect(res.status).toBe(200);
    const audit = await admin.get(`${ws()}/audit?entityType=workspace`);
    expect(audit.status).toBe(200);
    const event = audit.body.events[0];
    expect(event).toMatchObject({ action: 'workspace.updated', actorUserId: team.members.admin.id });
    expect(event.before).toMatchObject({ name: 'Test brand', timeZone: 'Asia/Seoul' });
    expect(event.after).toMatchObject({ name: 'Renamed', timeZone: 'America/New_York' });
  });
});

describe('members', () => {
  it('lists members with roles; admins change roles (audited) and cannot drop the last admin', async () => {
    const list = await admin.get(`${ws()}/members`);
    expect(list.body.members).toHaveLength(5);
    const change = await admin.patch(`${ws()}/members/${team.members.viewer.id}`, { roles: ['viewer', 'community_manager'] });
    expect(change.status).toBe(200);
    expect(change.body.roles).toEqual(['viewer', 'community_manager']);
    const last = await admin.patch(`${ws()}/members/${team.members.admin.id}`, { roles: ['planner'] });
    expect(last.status).toBe(409);
    expect(last.body.error.code).toBe('last_admin');
    expect((await admin.delete(`${ws()}/members/${team.members.admin.id}`)).status).toBe(409);
    const events = await ctx.deps.prisma.auditEvent.findMany({ where: { workspaceId: team.workspace.id, action: 'member.roles_changed' } });
    expect(events).toHaveLength(1);
    expect(events[0]?.before).toEqual({ roles: ['viewer'] });
  });

  it('removing a member ends their access and revokes their tokens here', async () => {
    const cm = await signIn(ctx, team.members.community_manager.email);
    const token = await cm.post(`${ws()}/tokens`, { name: 'cm script', roles: ['community_manager'] });
    expect(token.status).toBe(201);
    expect((await admin.delete(`${ws()}/members/${team.members.community_manager.id}`)).status).toBe(204);
    expect((await cm.get(`${ws()}/members`)).status).toBe(404);
    expect((await request(ctx.app).get(`${ws()}/members`).set('authorization', `Bearer ${token.body.secret}`)).status).toBe(401);
  });
});

describe('invites', () => {
  it('a new person accepts an invite link, creates an account and lands in the workspace with the roles', async () => {
    const email = uniqueEmail('newbie');
    const invite = await admin.post(`${ws()}/invites`, { email, roles: ['planner', 'approver'] });
    expect(invite.status).toBe(201);
    expect(invite.body.url).toMatch(/^http:\/\/127\.0\.0\.1:3000\/invite\/[\w-]{20,}$/);
    const token = invite.body.url.split('/').pop();
    const pending = await admin.get(`${ws()}/invites`);
    expect(pending.body.invites.map((i: { email: string }) => i.email)).toContain(email);

    const view = await request(ctx.app).get(`/api/invites/${token}`);
    expect(view.body).toMatchObject({ email, roles: ['planner', 'approver'], userExists: false, workspace: { id: team.workspace.id } });

    const agent = request.agent(ctx.app);
    const missing = await agent.post(`/api/invites/${token}/accept`).send({ name: 'New' });
    expect(missing.status).toBe(400);
    const accepted = await agent.post(`/api/invites/${token}/accept`).send({ name: 'New Person', password: 'a-long-password' });
    expect(accepted.status).toBe(200);
    expect(accepted.body.workspaceId).toBe(team.workspace.id);
    const session = await agent.get('/api/auth/session');
    expect(session.body.memberships[0].roles).toEqual(['planner', 'approver']);

    const again = await request(ctx.app).post(`/api/invites/${token}/accept`).send({ name: 'Twice', password: 'a-long-password' });
    expect(again.status).toBe(404);
  });

  it('someone with an account proves it with their password; a wrong one is refused', async () => {
    const email = uniqueEmail('existing');
    await buildUser(ctx.deps.prisma, { email, name: 'Existing', password: TEST_PASSWORD });
    const invite = await admin.post(`${ws()}/invites`, { email, roles: ['viewer'] });
    const token = invite.body.url.split('/').pop();
    expect((await request(ctx.app).get(`/api/invites/${token}`)).body.userExists).toBe(true);
    expect((await request(ctx.app).post(`/api/invites/${token}/accept`).send({ password: 'wrong-password' })).status).toBe(401);
    const ok = await request(ctx.app).post(`/api/invites/${token}/accept`).send({ password: TEST_PASSWORD });
    expect(ok.status).toBe(200);
  });

  it('a signed-in person with another email cannot take someone else’s invite', async () => {
    const invite = await admin.post(`${ws()}/invites`, { email: uniqueEmail('someone'), roles: ['viewer'] });
    const token = invite.body.url.split('/').pop();
    const planner = await signIn(ctx, team.members.planner.email);
    expect((await planner.post(`/api/invites/${token}/accept`, {})).status).toBe(403);
  });

  it('revoked invites are gone (404), expired ones say so (410), members cannot be invited twice (409)', async () => {
    const a = await admin.post(`${ws()}/invites`, { email: uniqueEmail('revoked'), roles: ['viewer'] });
    expect((await admin.delete(`${ws()}/invites/${a.body.invite.id}`)).status).toBe(204);
    expect((await request(ctx.app).get(`/api/invites/${a.body.url.split('/').pop()}`)).status).toBe(404);

    const b = await admin.post(`${ws()}/invites`, { email: uniqueEmail('late'), roles: ['viewer'] });
    await ctx.deps.prisma.invite.update({ where: { id: b.body.invite.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const late = await request(ctx.app).get(`/api/invites/${b.body.url.split('/').pop()}`);
    expect(late.status).toBe(410);
    expect(late.body.error.code).toBe('invite_expired');

    const dup = await admin.post(`${ws()}/invites`, { email: team.members.planner.email, roles: ['viewer'] });
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe('already_member');
  });
});

describe('concurrency', () => {
  it('two admins demoting each other at once still leave one admin', async () => {
    const second = await buildUser(ctx.deps.prisma, { email: uniqueEmail('admin2'), name: 'Admin 2', password: TEST_PASSWORD });
    const fresh = await workspaceWithTeam(ctx.deps.prisma, 'Race');
    await ctx.deps.prisma.membership.create({ data: { workspaceId: fresh.workspace.id, userId: second.id, roles: ['admin'] } });
    const a = await signIn(ctx, fresh.members.admin.email);
    const b = await signIn(ctx, second.email);
    const url = (id: string) => `/api/workspaces/${fresh.workspace.id}/members/${id}`;
    const results = await Promise.all([a.patch(url(second.id), { roles: ['viewer'] }), b.patch(url(fresh.members.admin.id), { roles: ['viewer'] })]);
    const [winner, loser] = results.map((r) => r.status).sort();
    expect(winner).toBe(200);
    // 409 when both passed the role check at once; 403 when the loser was already demoted.
    expect([403, 409]).toContain(loser);
    const admins = await ctx.deps.prisma.membership.findMany({ where: { workspaceId: fresh.workspace.id }, select: { roles: true } });
    expect(admins.filter((m) => m.roles.includes('admin'))).toHaveLength(1);
  });
});
