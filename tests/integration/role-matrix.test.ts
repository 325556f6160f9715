import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allRoutes } from '../../server/src/app';
import type { Role } from '../../server/src/lib/http/zod';
import { allRoles, signIn, workspaceWithTeam } from '../support/factories';
import { startTestApp, type TestContext } from '../support/test-app';

/**
 * Every workspace route declares the roles it needs. For each route and each role, a member with
 * only that role is refused with 403 exactly when the role is not listed, and a refused request
 * changes nothing.
 */
let ctx: TestContext;
let workspaceId: string;
const clients = {} as Record<Role, Awaited<ReturnType<typeof signIn>>>;

beforeAll(async () => {
  ctx = await startTestApp();
  const { workspace, members } = await workspaceWithTeam(ctx.deps.prisma);
  workspaceId = workspace.id;
  for (const role of allRoles) clients[role] = await signIn(ctx, members[role].email);
});
afterAll(async () => ctx.close());

const routes = () => allRoutes({} as never).filter((r) => Array.isArray(r.access));
const fillPath = (path: string) => path.replace(':workspaceId', workspaceId).replace(/:(\w+)/g, () => randomUUID());

describe('role matrix', () => {
  it('covers every workspace route', () => {
    expect(routes().length).toBeGreaterThanOrEqual(12);
  });

  for (const route of routes()) {
    const allowed = route.access as readonly Role[];
    for (const role of allRoles) {
      const expectation = allowed.includes(role) ? 'lets in' : 'refuses';
      it(`${route.method.toUpperCase()} ${route.path} ${expectation} ${role}`, async () => {
        const before = await ctx.deps.prisma.auditEvent.count();
        const client = clients[role];
        const url = `/api${fillPath(route.path)}`;
        const res = route.method === 'get' ? await client.get(url) : await client[route.method as 'post'](url, {});
        if (allowed.includes(role)) {
          expect(res.status, JSON.stringify(res.body)).not.toBe(403);
        } else {
          expect(res.status).toBe(403);
          expect(res.body.error.code).toBe('forbidden');
          expect(await ctx.deps.prisma.auditEvent.count()).toBe(before);
        }
      });
    }
  }

  it('hides a workspace from people outside it (404) and asks strangers to sign in (401)', async () => {
    const other = await workspaceWithTeam(ctx.deps.prisma, 'Other brand');
    const outsider = clients.admin;
    const res = await outsider.get(`/api/workspaces/${other.workspace.id}/members`);
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('not_found');
    const anonymous = await request(ctx.app).get(`/api/workspaces/${workspaceId}/members`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error.code).toBe('unauthenticated');
  });

  it('refuses a cookie-authenticated mutation without the CSRF token', async () => {
    const res = await clients.admin.agent.patch(`/api/workspaces/${workspaceId}`).send({ name: 'No CSRF' });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('csrf_invalid');
    const wrong = await clients.admin.agent
      .patch(`/api/workspaces/${workspaceId}`)
      .set('x-csrf-token', clients.planner.csrf)
      .send({ name: 'Stolen token' });
    expect(wrong.status).toBe(403);
    const ws = await clients.admin.get(`/api/workspaces/${workspaceId}`);
    expect(ws.body.name).toBe('Test brand');
  });
});
