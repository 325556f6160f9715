import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { buildMember, buildUser, buildWorkspace } from '../../prisma/seed/builders';
import type { PrismaClient } from '../../server/src/lib/db';
import type { Role } from '../../server/src/lib/http/zod';
import type { TestContext } from './test-app';

export const TEST_PASSWORD = 'correct-horse-battery';
export const allRoles: Role[] = ['admin', 'planner', 'approver', 'community_manager', 'viewer'];

export function uniqueEmail(label = 'user') {
  return `${label}-${randomBytes(4).toString('hex')}@test.sotong.dev`;
}

/** A workspace with one member per role (the admin created it). */
export async function workspaceWithTeam(prisma: PrismaClient, name = 'Test brand') {
  const admin = await buildUser(prisma, { email: uniqueEmail('admin'), name: 'Admin', password: TEST_PASSWORD });
  const workspace = await buildWorkspace(prisma, admin, { name });
  const members: Record<Role, { id: string; email: string }> = { admin } as never;
  for (const role of allRoles.filter((r) => r !== 'admin')) {
    const user = await buildUser(prisma, { email: uniqueEmail(role), name: role, password: TEST_PASSWORD });
    await buildMember(prisma, workspace.id, user, [role]);
    members[role] = user;
  }
  return { workspace, members };
}

/** A signed-in browser-like client: keeps cookies and sends the CSRF header on mutations. */
export async function signIn(ctx: TestContext, email: string, password = TEST_PASSWORD) {
  const agent = request.agent(ctx.app);
  const res = await agent.post('/api/auth/login').send({ email, password });
  if (res.status !== 200) throw new Error(`sign-in failed for ${email}: ${res.status} ${JSON.stringify(res.body)}`);
  const csrf = res.body.csrfToken as string;
  return {
    agent,
    csrf,
    get: (url: string) => agent.get(url),
    post: (url: string, body?: object) => agent.post(url).set('x-csrf-token', csrf).send(body),
    patch: (url: string, body?: object) => agent.patch(url).set('x-csrf-token', csrf).send(body),
    put: (url: string, body?: object) => agent.put(url).set('x-csrf-token', csrf).send(body),
    delete: (url: string) => agent.delete(url).set('x-csrf-token', csrf),
  };
}
