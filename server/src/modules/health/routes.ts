import type { Deps } from '../../deps';
import { defineRoute } from '../../lib/http/route';
import { z } from '../../lib/http/zod';

const withTimeout = <T>(promise: Promise<T>, ms: number) =>
  Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms).unref())]);

async function check(probe: () => Promise<unknown>): Promise<{ ok: boolean; ms: number; error?: string }> {
  const started = performance.now();
  try {
    await withTimeout(probe(), 2000);
    return { ok: true, ms: Math.round(performance.now() - started) };
  } catch (error) {
    return { ok: false, ms: Math.round(performance.now() - started), error: (error as Error).message };
  }
}

const checkSchema = z.object({ ok: z.boolean(), ms: z.number(), error: z.string().optional() });
const healthSchema = z
  .object({ status: z.enum(['ok', 'unavailable']), database: checkSchema, redis: checkSchema, uptimeSeconds: z.number() })
  .openapi('Health');

export function healthRoutes(deps: Deps) {
  return [
    defineRoute({
      method: 'get',
      path: '/health/live',
      summary: 'Liveness: the process runs and answers (no dependency is asked)',
      tags: ['system'],
      access: 'public',
      responses: { 200: { description: 'Alive', schema: z.object({ status: z.literal('ok') }).openapi('Liveness') } },
      async handler() {
        return { status: 200, body: { status: 'ok' as const } };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/health',
      summary: 'Readiness: healthy only when the database and Redis answer',
      tags: ['system'],
      access: 'public',
      responses: {
        200: { description: 'Healthy', schema: healthSchema },
        503: { description: 'A dependency does not answer', schema: healthSchema },
      },
      async handler() {
        const [database, redis] = await Promise.all([check(() => deps.pingDatabase()), check(() => deps.redis.ping())]);
        const ok = database.ok && redis.ok;
        return { status: ok ? 200 : 503, body: { status: ok ? 'ok' : 'unavailable', database, redis, uptimeSeconds: Math.round(process.uptime()) } };
      },
    }),
  ];
}
