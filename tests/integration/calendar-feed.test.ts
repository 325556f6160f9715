import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildChannel, buildPost, buildSegment } from '../../prisma/seed/builders';
import { redactUrl } from '../../server/src/app';
import { signIn, workspaceWithTeam } from '../support/factories';
import { startTestApp, type TestContext } from '../support/test-app';

let ctx: TestContext;
let team: Awaited<ReturnType<typeof workspaceWithTeam>>;
beforeAll(async () => {
  ctx = await startTestApp();
  team = await workspaceWithTeam(ctx.deps.prisma);
  const p = ctx.deps.prisma;
  const x = await buildChannel(p, team.workspace.id, { provider: 'x', name: '소통 X', handle: 'sx' });
  const fb = await buildChannel(p, team.workspace.id, { provider: 'facebook_page', name: 'FB', handle: 'fb' });
  const seoul = await buildSegment(p, team.workspace.id, { name: '서울 20대', color: '#2563EB' });
  const soon = (h: number) => new Date(Date.now() + h * 3_600_000);
  await buildPost(p, team.workspace.id, team.members.planner, {
    title: '유자 라떼',
    variants: [
      { channelAccountId: x.id, segmentId: seoul.id, text: '유자 라떼가 돌아왔어요', scheduledAt: soon(24) },
      { channelAccountId: fb.id, text: 'On Facebook', scheduledAt: soon(25) },
    ],
  });
  await buildPost(p, team.workspace.id, team.members.planner, {
    title: 'Far future',
    variants: [{ channelAccountId: x.id, text: 'later', scheduledAt: soon(24 * 200) }],
  });
});
afterAll(async () => ctx.close());

describe('iCal feed', () => {
  it('serves my filtered plan at a secret URL, rotates it, and turns it off', async () => {
    const planner = await signIn(ctx, team.members.planner.email);
    const ws = `/api/workspaces/${team.workspace.id}`;
    expect((await planner.get(`${ws}/calendar/feed`)).body).toEqual({ exists: false, createdAt: null, filters: null });
    const x = await ctx.deps.prisma.channelAccount.findFirstOrThrow({ where: { workspaceId: team.workspace.id, provider: 'x' } });
    const created = await planner.post(`${ws}/calendar/feed`, { filters: { channelIds: [x.id] } });
    expect(created.status).toBe(201);
    const url = new URL(created.body.url);
    expect(url.pathname).toMatch(/^\/api\/calendar-feeds\/cal_[\w-]+\.ics$/);

    const ics = await request(ctx.app).get(url.pathname);
    expect(ics.status).toBe(200);
    expect(ics.headers['content-type']).toMatch(/^text\/calendar/);
    expect(ics.text).toContain('BEGIN:VCALENDAR');
    expect(ics.text).toContain('SUMMARY:[X] 유자 라떼 · 서울 20대');
    expect(ics.text).not.toContain('On Facebook');
    expect(ics.text).not.toContain('Far future');
    expect((ics.text.match(/BEGIN:VEVENT/g) ?? []).length).toBe(1);

    const rotated = await planner.post(`${ws}/calendar/feed`, {});
    expect((await request(ctx.app).get(url.pathname)).status).toBe(404);
    const all = await request(ctx.app).get(new URL(rotated.body.url).pathname);
    expect((all.text.match(/BEGIN:VEVENT/g) ?? []).length).toBe(2);
    expect((await planner.get(`${ws}/calendar/feed`)).body.exists).toBe(true);

    expect((await planner.delete(`${ws}/calendar/feed`)).status).toBe(204);
    expect((await request(ctx.app).get(new URL(rotated.body.url).pathname)).status).toBe(404);
  });

  it('stops serving when the person leaves the workspace; refuses malformed names; keeps secrets out of logs', async () => {
    const viewer = await signIn(ctx, team.members.viewer.email);
    const created = await viewer.post(`/api/workspaces/${team.workspace.id}/calendar/feed`, {});
    const path = new URL(created.body.url).pathname;
    expect((await request(ctx.app).get(path)).status).toBe(200);
    await ctx.deps.prisma.membership.delete({ where: { workspaceId_userId: { workspaceId: team.workspace.id, userId: team.members.viewer.id } } });
    expect((await request(ctx.app).get(path)).status).toBe(404);
    expect((await request(ctx.app).get('/api/calendar-feeds/../../etc/passwd')).status).toBeGreaterThanOrEqual(400);
    expect((await request(ctx.app).get('/api/calendar-feeds/nope.ics')).status).toBe(400);
    expect(redactUrl(path)).toBe('/api/calendar-feeds/[redacted]');
    expect(redactUrl('/api/invites/abcdef/accept')).toBe('/api/invites/[redacted]/accept');
  });
});
