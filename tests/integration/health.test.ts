import { Redis } from 'ioredis';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/src/app';
import { startTestApp, type TestContext } from '../support/test-app';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await startTestApp();
});
afterAll(async () => ctx.close());

describe('GET /api/health', () => {
  it('is ok when the database and Redis answer', async () => {
    const res = await request(ctx.app).get('/api/health');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'ok', database: { ok: true }, redis: { ok: true } });
  });

  it('is 503 when Redis does not answer, while liveness (/api/health/live) still answers', async () => {
    // A real client aimed at a port where nothing listens.
    const deadRedis = new Redis('redis://127.0.0.1:1', {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
      enableOfflineQueue: false,
    });
    deadRedis.on('error', () => undefined);
    const app = createApp({ ...ctx.deps, redis: deadRedis });
    const res = await request(app).get('/api/health');
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({ status: 'unavailable', redis: { ok: false }, database: { ok: true } });
    const live = await request(app).get('/api/health/live');
    expect(live.status).toBe(200);
    expect(live.body).toEqual({ status: 'ok' });
    deadRedis.disconnect();
  });

  it('is 503 when the database does not answer', async () => {
    const app = createApp({ ...ctx.deps, pingDatabase: () => ctx.deps.prisma.$queryRawUnsafe('SELECT pg_sleep(5)').then(() => undefined) });
    const res = await request(app).get('/api/health');
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({ status: 'unavailable', database: { ok: false } });
  });
});
