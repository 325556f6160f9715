import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn, workspaceWithTeam } from '../support/factories';
import { startTestApp, type TestContext } from '../support/test-app';

/** Bad input gets a clear 4xx in the one error shape, and nothing is written. */
let ctx: TestContext;
let admin: Awaited<ReturnType<typeof signIn>>;
let workspaceId: string;

async function counts() {
  const p = ctx.deps.prisma;
  const [audit, invites, tokens, workspaces, users] = await Promise.all([
    p.auditEvent.count(),
    p.invite.count(),
    p.apiToken.count(),
    p.workspace.count(),
    p.user.count(),
  ]);
  return { audit, invites, tokens, workspaces, users };
}

beforeAll(async () => {
  ctx = await startTestApp();
  const team = await workspaceWithTeam(ctx.deps.prisma);
  workspaceId = team.workspace.id;
  admin = await signIn(ctx, team.members.admin.email);
});
afterAll(async () => ctx.close());

function expectError(res: request.Response, status: number, code: string) {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.headers['content-type']).toMatch(/application\/json/);
  expect(res.body.error).toMatchObject({ code, message: expect.any(String) });
}

describe('bad input', () => {
  it('malformed JSON → 400 invalid_json', async () => {
    const before = await counts();
    const res = await admin.agent
      .post('/api/workspaces')
      .set('x-csrf-token', admin.csrf)
      .set('content-type', 'application/json')
      .send('{"name": "oops",');
    expectError(res, 400, 'invalid_json');
    expect(await counts()).toEqual(before);
  });

  it('wrong types → 400 naming the field and the rule', async () => {
    const before = await counts();
    const res = await admin.post(`/api/workspaces/${workspaceId}/invites`, { email: 42, roles: 'admin' });
    expectError(res, 400, 'validation_failed');
    const fields = (res.body.error.details as Array<{ field: string; rule: string }>).map((d) => d.field);
    expect(fields).toEqual(expect.arrayContaining(['body.email', 'body.roles']));
    expect(res.body.error.details[0].rule).toBe('invalid_type');
    expect(await counts()).toEqual(before);
  });

  it('unknown fields → 400', async () => {
    const before = await counts();
    const res = await admin.post('/api/workspaces', { name: 'Fine', isDemo: true });
    expectError(res, 400, 'validation_failed');
    expect(res.body.error.details[0]).toMatchObject({ rule: 'unrecognized_keys' });
    expect(await counts()).toEqual(before);
  });

  it('unknown enum values and bad time zones → 400', async () => {
    const before = await counts();
    expectError(await admin.post(`/api/workspaces/${workspaceId}/invites`, { email: 'a@b.co', roles: ['owner'] }), 400, 'validation_failed');
    expectError(await admin.patch(`/api/workspaces/${workspaceId}`, { timeZone: 'Mars/Olympus' }), 400, 'validation_failed');
    expectError(await admin.patch(`/api/workspaces/${workspaceId}`, {}), 400, 'validation_failed');
    expect(await counts()).toEqual(before);
  });

  it('oversize bodies → 413', async () => {
    const before = await counts();
    const res = await admin.post('/api/workspaces', { name: 'x'.repeat(2 * 1024 * 1024) });
    expectError(res, 413, 'payload_too_large');
    expect(await counts()).toEqual(before);
  });

  it('bad ids → 400, unknown ids → 404', async () => {
    const before = await counts();
    expectError(await admin.get('/api/workspaces/not-a-uuid'), 400, 'validation_failed');
    expectError(await admin.patch(`/api/workspaces/${workspaceId}/members/12345`, { roles: ['viewer'] }), 400, 'validation_failed');
    expectError(await admin.delete(`/api/workspaces/${workspaceId}/invites/00000000-0000-4000-8000-000000000000`), 404, 'not_found');
    expectError(await admin.get('/api/invites/short'), 400, 'validation_failed');
    expectError(await admin.get('/api/invites/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'), 404, 'not_found');
    expectError(await admin.get('/api/nothing-here'), 404, 'not_found');
    expect(await counts()).toEqual(before);
  });

  it('bad query strings → 400', async () => {
    expectError(await admin.get(`/api/workspaces/${workspaceId}/audit?limit=9999`), 400, 'validation_failed');
    expectError(await admin.get(`/api/workspaces/${workspaceId}/audit?bogus=1`), 400, 'validation_failed');
    expect((await admin.get(`/api/workspaces/${workspaceId}/audit?limit=5`)).status).toBe(200);
  });

  it('a non-JSON body is refused, not half-read', async () => {
    const before = await counts();
    const res = await admin.agent.post('/api/workspaces').set('x-csrf-token', admin.csrf).set('content-type', 'text/plain').send('name=Hello');
    expectError(res, 400, 'validation_failed');
    expect(await counts()).toEqual(before);
  });

  it('never answers 5xx to a pile of odd requests', async () => {
    const odd: Array<() => Promise<request.Response>> = [
      () => admin.post('/api/workspaces', []),
      () => admin.post('/api/workspaces', { name: null }),
      () => admin.post('/api/auth/password', { currentPassword: {}, newPassword: [] }),
      () =>
        request(ctx.app)
          .post('/api/auth/login')
          .send({ email: ['a'], password: 1 }),
      () => request(ctx.app).post('/api/auth/login').set('content-type', 'application/json').send('null'),
      () => request(ctx.app).post('/api/invites/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/accept').send({ name: 1 }),
      () => admin.get(`/api/workspaces/${workspaceId}/audit?before=abc`),
      () => admin.get(`/api/workspaces/${workspaceId}/audit?limit=-1`),
      () => request(ctx.app).get('/api/workspaces').set('authorization', 'Basic abc'),
    ];
    for (const call of odd) {
      const res = await call();
      expect(res.status, JSON.stringify(res.body)).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expect(res.body.error.code).toEqual(expect.any(String));
    }
  });
});
