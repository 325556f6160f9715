/**
 * GET /metrics in Prometheus text: HTTP latency under route templates (never raw ids), queue depths read
 * from Redis, the reconciler's runs; closed with a bearer token when METRICS_TOKEN is set.
 */
import { Queue } from 'bullmq';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUser } from '../../prisma/seed/builders';
import { queueNames } from '../../server/src/jobs/queues';
import { reconcilePublishing } from '../../server/src/modules/publishing/reconcile';
import { signIn, TEST_PASSWORD, workspaceWithTeam } from '../support/factories';
import { startTestApp, type TestContext } from '../support/test-app';

const TOKEN = 'metrics-token-for-tests-0123456789';
let open: TestContext;
let closed: TestContext;

beforeAll(async () => {
  [open, closed] = await Promise.all([startTestApp(), startTestApp({ env: { METRICS_TOKEN: TOKEN } })]);
}, 60_000);
afterAll(async () => {
  await Promise.all([open?.close(), closed?.close()]);
});

/** One sample's value from the exposition text, or null. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | null {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (!Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`))) continue;
    return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return null;
}

describe('GET /metrics', () => {
  it('shows request latency per route template, queue depths from Redis and reconciler runs', async () => {
    const { workspace, members } = await workspaceWithTeam(open.deps.prisma);
    const planner = await signIn(open, members.planner.email);
    expect((await planner.get(`/api/workspaces/${workspace.id}/segments`)).status).toBe(200);
    expect((await planner.get('/api/no-such-route')).status).toBe(404);
    const queue = new Queue(queueNames.publish, { connection: open.deps.redis, prefix: open.deps.redisPrefix });
    await queue.add('probe', {}, { delay: 60_000, jobId: 'metrics-probe' });
    await reconcilePublishing(open.deps, queue);

    const res = await request(open.app).get('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('text/plain');
    const text = res.text;
    const route = '/api/workspaces/:workspaceId/segments';
    expect(sample(text, 'sotong_http_request_duration_seconds_count', { method: 'GET', route, status: '2xx' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'sotong_http_request_duration_seconds_count', { route: 'unmatched', status: '4xx' })).toBeGreaterThanOrEqual(1);
    expect(text).not.toContain(workspace.id); // no raw ids in labels
    expect(sample(text, 'sotong_queue_jobs', { queue: 'publish', state: 'delayed' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'sotong_queue_oldest_waiting_age_seconds', { queue: 'publish' })).not.toBeNull();
    expect(sample(text, 'sotong_reconciler_runs_total')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'sotong_reconciler_last_run_timestamp_seconds')).toBeGreaterThan(Date.now() / 1000 - 60);
    expect(text).toContain('# TYPE sotong_publish_lateness_seconds histogram');
    expect(text).toContain('# TYPE sotong_inbox_messages_ingested_total counter');
    await queue.obliterate({ force: true });
    await queue.close();
  });

  it('asks for the bearer token when METRICS_TOKEN is set', async () => {
    const none = await request(closed.app).get('/metrics');
    expect(none.status).toBe(401);
    expect(none.body.error.code).toBe('unauthenticated');
    expect((await request(closed.app).get('/metrics').set('authorization', 'Bearer wrong-token-of-some-length')).status).toBe(401);
    const ok = await request(closed.app).get('/metrics').set('authorization', `Bearer ${TOKEN}`);
    expect(ok.status).toBe(200);
    expect(ok.text).toContain('sotong_http_request_duration_seconds');
  });
});

describe('the queue dashboard at /admin/queues', () => {
  let ops: TestContext;
  let team: Awaited<ReturnType<typeof workspaceWithTeam>>;
  beforeAll(async () => {
    ops = await startTestApp({ env: { OPS_ADMINS: 'ops@test.sotong.dev, someone@else.test' } });
    team = await workspaceWithTeam(ops.deps.prisma);
    await buildUser(ops.deps.prisma, { email: 'ops@test.sotong.dev', name: 'Ops', password: TEST_PASSWORD });
  }, 60_000);
  afterAll(async () => {
    await ops?.close();
  });

  it('is for the operators in OPS_ADMINS only: not signed in 401, a workspace admin 403', async () => {
    expect((await request(ops.app).get('/admin/queues')).status).toBe(401);
    const admin = await signIn(ops, team.members.admin.email);
    const refused = await admin.get('/admin/queues');
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('forbidden');
  });

  it('shows every queue to an operator; its actions are taken from the same origin only', async () => {
    const operator = await signIn(ops, 'ops@test.sotong.dev');
    const page = await operator.get('/admin/queues');
    expect(page.status).toBe(200);
    expect(page.text).toContain('Sotong queues');
    const queues = await operator.get('/admin/queues/api/queues');
    expect(queues.status).toBe(200);
    expect(queues.body.queues.map((q: { name: string }) => q.name).sort()).toEqual(Object.values(queueNames).sort());
    const foreign = await operator.agent.put('/admin/queues/api/queues/publish/pause').set('origin', 'https://evil.example');
    expect(foreign.status).toBe(403);
    const own = await operator.agent.put('/admin/queues/api/queues/publish/pause').set('origin', new URL(ops.deps.config.appUrl).origin);
    expect(own.status).toBe(200);
    const queue = new Queue(queueNames.publish, { connection: ops.deps.redis, prefix: ops.deps.redisPrefix });
    expect(await queue.isPaused()).toBe(true);
    await queue.resume();
    await queue.close();
  });
});
