import { Writable } from 'node:stream';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/src/app';
import { createLogger } from '../../server/src/lib/logger';
import { TEST_PASSWORD, workspaceWithTeam } from '../support/factories';
import { startTestApp, type TestContext } from '../support/test-app';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await startTestApp();
});
afterAll(async () => ctx.close());

describe('request logs', () => {
  it('are JSON lines with request, user and workspace ids, and no secrets', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const app = createApp({ ...ctx.deps, logger: createLogger('info', sink) });
    const team = await workspaceWithTeam(ctx.deps.prisma);
    const agent = request.agent(app);
    const login = await agent.post('/api/auth/login').send({ email: team.members.admin.email, password: TEST_PASSWORD });
    const token = await agent
      .post(`/api/workspaces/${team.workspace.id}/tokens`)
      .set('x-csrf-token', login.body.csrfToken)
      .set('x-request-id', 'trace-me-123')
      .send({ name: 'ci', roles: ['admin'] });
    expect(token.status).toBe(201);
    expect(token.headers['x-request-id']).toBe('trace-me-123');

    const entries = lines.map((l) => JSON.parse(l));
    const created = entries.find((e) => e.req?.id === 'trace-me-123');
    expect(created).toMatchObject({ userId: team.members.admin.id, workspaceId: team.workspace.id, res: { statusCode: 201 } });
    const all = lines.join('');
    for (const secret of [TEST_PASSWORD, token.body.secret, login.body.csrfToken, 'sotong_session=']) expect(all).not.toContain(secret);
  });
});
