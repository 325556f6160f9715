/**
 * API rate limits on real Redis: counted per signed-in person (all their sessions together), per API
 * token (apart from its owner's sessions) and per address when signed out; health probes are never
 * counted. Over the limit: 429 in the one error shape, with RateLimit headers and Retry-After.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn, workspaceWithTeam } from '../support/factories';
import { startTestApp, type TestContext } from '../support/test-app';

const LIMIT = 6;
let ctx: TestContext;
let team: Awaited<ReturnType<typeof workspaceWithTeam>>;

beforeAll(async () => {
  ctx = await startTestApp({ env: { API_RATE_LIMIT_PER_MINUTE: String(LIMIT) } });
  team = await workspaceWithTeam(ctx.deps.prisma);
});
afterAll(async () => ctx?.close());

describe('API rate limits', () => {
  it('a person is limited across their sessions; another person is not; health is never counted', async () => {
    const planner = await signIn(ctx, team.members.planner.email);
    const plannerAgain = await signIn(ctx, team.members.planner.email);
    const url = `/api/workspaces/${team.workspace.id}/segments`;
    // Sign-in itself was counted per address (signed out): 2 so far for this address, none for the planner.
    const statuses: number[] = [];
    for (let i = 0; i < LIMIT; i++) statuses.push((await (i % 2 ? planner : plannerAgain).get(url)).status);
    expect(statuses).toEqual(Array(LIMIT).fill(200));
    const over = await planner.get(url);
    expect(over.status).toBe(429);
    expect(over.body.error).toMatchObject({ code: 'too_many_requests' });
    expect(over.headers.ratelimit).toMatch(/r=0/);
    expect(over.headers['ratelimit-policy']).toMatch(/q=6; w=60/);
    expect(Number(over.headers['retry-after'])).toBeGreaterThan(0);
    expect((await plannerAgain.get(url)).status).toBe(429);
    // Another person has a budget of their own.
    const approver = await signIn(ctx, team.members.approver.email);
    expect((await approver.get(url)).status).toBe(200);
    // Probes are not counted, however many.
    for (let i = 0; i < LIMIT + 2; i++) expect((await request(ctx.app).get('/api/health/live')).status).toBe(200);
  });

  it('an API token has a budget apart from its owner’s sessions', async () => {
    const admin = await signIn(ctx, team.members.admin.email);
    const created = await admin.post(`/api/workspaces/${team.workspace.id}/tokens`, { name: 'script', roles: ['admin'] });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const secret = created.body.secret as string;
    const url = `/api/workspaces/${team.workspace.id}/segments`;
    for (let i = 0; i < LIMIT - 1; i++) await admin.get(url);
    expect((await admin.get(url)).status).toBe(429);
    const withToken = () => request(ctx.app).get(url).set('authorization', `Bearer ${secret}`);
    for (let i = 0; i < LIMIT; i++) expect((await withToken()).status).toBe(200);
    expect((await withToken()).status).toBe(429);
  });
});
