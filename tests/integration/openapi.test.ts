import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allRoutes } from '../../server/src/app';
import { startTestApp, type TestContext } from '../support/test-app';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await startTestApp();
});
afterAll(async () => ctx.close());

describe('OpenAPI', () => {
  it('documents every route, generated from the zod schemas', async () => {
    const res = await request(ctx.app).get('/api/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    for (const route of allRoutes(ctx.deps)) {
      const path = `/api${route.path.replace(/:(\w+)/g, '{$1}')}`;
      expect(res.body.paths[path]?.[route.method], `${route.method} ${path}`).toBeDefined();
    }
    const invite = res.body.paths['/api/workspaces/{workspaceId}/invites'].post;
    const schema = invite.requestBody.content['application/json'].schema;
    expect(schema.properties.email).toMatchObject({ type: 'string', format: 'email' });
    expect(schema.additionalProperties).toBe(false);
    expect(invite.description).toContain('admin');
    expect(res.body.components.securitySchemes).toHaveProperty('bearer');
  });

  it('serves a browsable reference page', async () => {
    const res = await request(ctx.app).get('/api/docs/');
    expect(res.status).toBe(200);
    expect(res.text).toContain('swagger-ui');
  });
});
