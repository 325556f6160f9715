import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCampaign, buildChannel, buildPost, buildSegment } from '../../prisma/seed/builders';
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

describe('changing what a feed contains', () => {
  const count = (ics: string) => (ics.match(/BEGIN:VEVENT/g) ?? []).length;

  it('keeps the secret, serves only matching events, audits the change, and leaves other feeds alone', async () => {
    const p = ctx.deps.prisma;
    const wsId = team.workspace.id;
    const ws = `/api/workspaces/${wsId}`;
    const fb = await p.channelAccount.findFirstOrThrow({ where: { workspaceId: wsId, provider: 'facebook_page' } });
    const x = await p.channelAccount.findFirstOrThrow({ where: { workspaceId: wsId, provider: 'x' } });
    const seoul = await p.segment.findFirstOrThrow({ where: { workspaceId: wsId, name: '서울 20대' } });
    const winter = await buildCampaign(p, wsId, { name: '겨울 시즌', color: '#0E9F6E' });
    const soon = (h: number) => new Date(Date.now() + h * 3_600_000);
    const launch = await buildPost(p, wsId, team.members.planner, {
      title: '겨울 신메뉴 예약',
      campaignId: winter.id,
      labels: ['신메뉴', '겨울'],
      variants: [
        { channelAccountId: fb.id, segmentId: seoul.id, text: '겨울 신메뉴', scheduledAt: soon(30) },
        { channelAccountId: x.id, segmentId: seoul.id, text: '겨울 신메뉴 X', scheduledAt: soon(31) },
      ],
    });
    await p.variant.updateMany({ where: { id: { in: launch.variantIds } }, data: { state: 'scheduled' } });
    await buildPost(p, wsId, team.members.planner, {
      title: '겨울 초안',
      campaignId: winter.id,
      labels: ['신메뉴'],
      variants: [{ channelAccountId: fb.id, segmentId: seoul.id, text: '아직 초안', scheduledAt: soon(32) }],
    });

    const admin = await signIn(ctx, team.members.admin.email);
    const approver = await signIn(ctx, team.members.approver.email);
    const mine = new URL((await admin.post(`${ws}/calendar/feed`, {})).body.url).pathname;
    const theirs = new URL((await approver.post(`${ws}/calendar/feed`, { filters: { channelIds: [x.id] } })).body.url).pathname;
    const everything = (await request(ctx.app).get(mine)).text;
    expect(count(everything)).toBe(5);
    const theirsBefore = (await request(ctx.app).get(theirs)).text;

    const filters = { channelIds: [fb.id], segmentIds: [seoul.id], campaignIds: [winter.id], states: ['scheduled'], labels: ['신메뉴'] };
    const changed = await admin.patch(`${ws}/calendar/feed`, { filters });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ exists: true, filters });

    // The same URL now serves only the scheduled Facebook post of the campaign with the label.
    const filtered = await request(ctx.app).get(mine);
    expect(filtered.status).toBe(200);
    expect(count(filtered.text)).toBe(1);
    expect(filtered.text).toContain('SUMMARY:[Facebook] 겨울 신메뉴 예약 · 서울 20대');
    expect(filtered.text).not.toContain('아직 초안');
    expect(filtered.text).not.toContain('유자 라떼');
    expect((await admin.get(`${ws}/calendar/feed`)).body.filters).toEqual(filters);

    const audit = await p.auditEvent.findFirstOrThrow({
      where: { workspaceId: wsId, action: 'calendar_feed.filters_changed', actorUserId: team.members.admin.id },
      select: { before: true, after: true },
    });
    expect(audit).toEqual({ before: { filters: {} }, after: { filters } });

    // The approver's feed, URL and filters are untouched.
    expect((await request(ctx.app).get(theirs)).text.replace(/DTSTAMP:.*\r\n/g, '')).toBe(theirsBefore.replace(/DTSTAMP:.*\r\n/g, ''));
    expect((await approver.get(`${ws}/calendar/feed`)).body.filters).toEqual({ channelIds: [x.id] });

    // Back to everything: empty lists are dropped.
    const reset = await admin.patch(`${ws}/calendar/feed`, { filters: { channelIds: [], labels: [] } });
    expect(reset.body.filters).toEqual({});
    expect(count((await request(ctx.app).get(mine)).text)).toBe(5);
  });

  it('refuses ids from elsewhere and malformed filters, changing nothing; 404 without a feed', async () => {
    const wsId = team.workspace.id;
    const ws = `/api/workspaces/${wsId}`;
    const other = await workspaceWithTeam(ctx.deps.prisma, 'Other brand');
    const elsewhere = await buildChannel(ctx.deps.prisma, other.workspace.id, { provider: 'x', name: 'Other X', handle: 'ox' });
    const cm = await signIn(ctx, team.members.community_manager.email);
    expect((await cm.patch(`${ws}/calendar/feed`, { filters: {} })).status).toBe(404);

    await cm.post(`${ws}/calendar/feed`, { filters: { states: ['scheduled'] } });
    const auditsBefore = await ctx.deps.prisma.auditEvent.count({ where: { workspaceId: wsId } });
    const foreign = await cm.patch(`${ws}/calendar/feed`, { filters: { channelIds: [elsewhere.id] } });
    expect(foreign.status).toBe(422);
    expect(foreign.body.error.details).toEqual([{ field: 'body.filters.channelIds.0', code: 'not_in_workspace' }]);
    const stranger = await cm.patch(`${ws}/calendar/feed`, { filters: { authorIds: [other.members.admin.id] } });
    expect(stranger.status).toBe(422);
    expect((await cm.patch(`${ws}/calendar/feed`, { filters: { segmentIds: ['not-a-uuid'] } })).status).toBe(400);
    expect((await cm.patch(`${ws}/calendar/feed`, { filters: { states: ['lost'] } })).status).toBe(400);
    expect((await cm.patch(`${ws}/calendar/feed`, { filters: { colour: 'red' } })).status).toBe(400);
    expect((await cm.patch(`${ws}/calendar/feed`, {})).status).toBe(400);
    // Creating or rotating with a foreign id is refused the same way.
    expect((await cm.post(`${ws}/calendar/feed`, { filters: { channelIds: [elsewhere.id] } })).status).toBe(422);

    expect((await cm.get(`${ws}/calendar/feed`)).body.filters).toEqual({ states: ['scheduled'] });
    expect(await ctx.deps.prisma.auditEvent.count({ where: { workspaceId: wsId } })).toBe(auditsBefore);
  });
});
