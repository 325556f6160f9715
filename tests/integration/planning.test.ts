import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildChannel, buildPost, buildSegment } from '../../prisma/seed/builders';
import { signIn, workspaceWithTeam } from '../support/factories';
import { startTestApp, type TestContext } from '../support/test-app';

let ctx: TestContext;
let team: Awaited<ReturnType<typeof workspaceWithTeam>>;
let planner: Awaited<ReturnType<typeof signIn>>;
let ws: string;
let channels: { fb: { id: string }; x: { id: string }; ig: { id: string } };
let segments: { seoul: { id: string }; us: { id: string } };

const inDays = (days: number, hourUtc = 0) => {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + days);
  d.setUTCHours(hourUtc, 0, 0, 0);
  return d.toISOString();
};

beforeAll(async () => {
  ctx = await startTestApp();
  team = await workspaceWithTeam(ctx.deps.prisma);
  ws = `/api/workspaces/${team.workspace.id}`;
  planner = await signIn(ctx, team.members.planner.email);
  const p = ctx.deps.prisma;
  channels = {
    fb: await buildChannel(p, team.workspace.id, { provider: 'facebook_page', name: 'FB', handle: 'fb' }),
    x: await buildChannel(p, team.workspace.id, { provider: 'x', name: 'X', handle: 'x' }),
    ig: await buildChannel(p, team.workspace.id, { provider: 'instagram', name: 'IG', handle: 'ig' }),
  };
  segments = {
    seoul: await buildSegment(p, team.workspace.id, {
      name: 'Seoul 20s',
      color: '#2563EB',
      regions: [{ country: 'KR', region: 'Seoul' }],
      ageMin: 20,
      ageMax: 29,
      locales: ['ko-KR'],
    }),
    us: await buildSegment(p, team.workspace.id, { name: 'US', color: '#059669', regions: [{ country: 'US' }], locales: ['en-US'] }),
  };
});
afterAll(async () => ctx.close());

describe('segments and campaigns', () => {
  it('creates, validates and lists segments; names are unique per workspace (409)', async () => {
    const created = await planner.post(`${ws}/segments`, {
      name: '부산 30대',
      color: '#DB2777',
      regions: [{ country: 'KR', region: 'Busan' }],
      ageMin: 30,
      ageMax: 39,
      genders: ['female'],
      locales: ['ko-KR'],
      interests: ['coffee'],
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: '부산 30대', ageMin: 30, genders: ['female'] });
    expect((await planner.post(`${ws}/segments`, { name: '부산 30대', color: '#DB2777' })).status).toBe(409);
    const bad = await planner.post(`${ws}/segments`, {
      name: 'Bad',
      color: 'red',
      regions: [{ country: 'Korea' }],
      ageMin: 40,
      ageMax: 20,
      locales: ['korean'],
    });
    expect(bad.status).toBe(400);
    const fields = bad.body.error.details.map((d: { field: string }) => d.field);
    expect(fields).toEqual(expect.arrayContaining(['body.color', 'body.regions.0.country', 'body.locales.0']));
    const list = await planner.get(`${ws}/segments`);
    expect(list.body.segments.map((s: { name: string }) => s.name)).toContain('부산 30대');
  });

  it('refuses to delete a segment in use (409 naming the posts), archives it instead', async () => {
    const post = await buildPost(ctx.deps.prisma, team.workspace.id, team.members.planner, {
      title: 'Uses Seoul',
      variants: [{ channelAccountId: channels.x.id, segmentId: segments.seoul.id, text: 'hi' }],
    });
    const res = await planner.delete(`${ws}/segments/${segments.seoul.id}`);
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('segment_in_use');
    expect(res.body.error.details.posts).toEqual([{ id: post.id, title: 'Uses Seoul' }]);
    const archived = await planner.patch(`${ws}/segments/${segments.seoul.id}`, { archived: true });
    expect(archived.body.archivedAt).not.toBeNull();
    expect((await planner.get(`${ws}/segments`)).body.segments.map((s: { id: string }) => s.id)).not.toContain(segments.seoul.id);
    await planner.patch(`${ws}/segments/${segments.seoul.id}`, { archived: false });
  });

  it('campaigns: dates in order, delete refused while posts belong to it', async () => {
    expect((await planner.post(`${ws}/campaigns`, { name: 'Bad', color: '#000000', startsOn: '2026-12-10', endsOn: '2026-12-01' })).status).toBe(400);
    const c = await planner.post(`${ws}/campaigns`, {
      name: 'Winter',
      color: '#7C3AED',
      startsOn: '2026-12-01',
      endsOn: '2026-12-31',
      goal: 'Awareness',
    });
    expect(c.status).toBe(201);
    expect(c.body).toMatchObject({ startsOn: '2026-12-01', endsOn: '2026-12-31' });
    const post = await planner.post(`${ws}/posts`, { title: 'In campaign', campaignId: c.body.id, variants: [] });
    expect(post.status).toBe(201);
    expect((await planner.delete(`${ws}/campaigns/${c.body.id}`)).status).toBe(409);
  });
});

describe('channel accounts', () => {
  it('admins add and edit channel records; bad input is refused and nothing written', async () => {
    const admin = await signIn(ctx, team.members.admin.email);
    const created = await admin.post(`${ws}/channels`, { provider: 'x', name: '소통 X', handle: 'sotong_kr' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ provider: 'x', dailyTarget: 6, status: 'active' });
    const before = await ctx.deps.prisma.channelAccount.count();
    for (const body of [
      { provider: 'myspace', name: 'n', handle: 'h' },
      { provider: 'x', name: '', handle: 'h' },
      { provider: 'x', name: 'n', handle: 'h', dailyTarget: -1 },
      { provider: 'x', name: 'n', handle: 'h', timeZone: 'Mars/Base' },
      { provider: 'x', name: 'n', handle: 'h', token: 'sneaky' },
    ]) {
      const res = await admin.post(`${ws}/channels`, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
    }
    expect(await ctx.deps.prisma.channelAccount.count()).toBe(before);
    const edited = await admin.patch(`${ws}/channels/${created.body.id}`, { dailyTarget: 7, timeZone: 'Asia/Seoul' });
    expect(edited.body).toMatchObject({ dailyTarget: 7, timeZone: 'Asia/Seoul' });
    expect((await planner.post(`${ws}/channels`, { provider: 'x', name: 'n', handle: 'h' })).status).toBe(403);
  });
});

describe('posts and variants', () => {
  it('creates a post with variants for two channels and two segments; X targeting is a warning', async () => {
    const res = await planner.post(`${ws}/posts`, {
      title: '유자 라떼',
      labels: ['winter'],
      variants: [
        { channelAccountId: channels.x.id, segmentId: segments.seoul.id, text: '유자 라떼가 돌아왔어요 #소통', scheduledAt: inDays(2, 0) },
        { channelAccountId: channels.x.id, segmentId: segments.us.id, text: 'Yuja latte is back', scheduledAt: inDays(2, 1) },
        { channelAccountId: channels.fb.id, segmentId: segments.seoul.id, text: '유자 라떼가 돌아왔어요', scheduledAt: inDays(2, 0) },
        { channelAccountId: channels.fb.id, segmentId: segments.us.id, text: 'Yuja latte is back', scheduledAt: inDays(2, 1) },
      ],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.variants).toHaveLength(4);
    expect(res.body.version).toBe(1);
    expect(res.body.variants[0].warnings.map((w: { code: string }) => w.code)).toContain('targeting_unsupported');
    expect(res.body.variants[2].warnings).toEqual([]);
    const audit = await ctx.deps.prisma.auditEvent.findFirst({ where: { entityId: res.body.id, action: 'post.created' } });
    expect(audit?.actorUserId).toBe(team.members.planner.id);
  });

  it('answers 422 with every problem, its field and code, and writes nothing', async () => {
    const before = await ctx.deps.prisma.post.count();
    const res = await planner.post(`${ws}/posts`, {
      title: 'Too long',
      variants: [
        { channelAccountId: channels.x.id, text: '가'.repeat(141), scheduledAt: inDays(1) },
        { channelAccountId: channels.ig.id, text: 'no media' },
        { channelAccountId: channels.fb.id, text: 'past', scheduledAt: inDays(-1) },
        { channelAccountId: '00000000-0000-4000-8000-000000000000', text: 'nowhere' },
      ],
    });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('unprocessable');
    const problems = res.body.error.details.map((d: { field: string; code: string }) => `${d.field}:${d.code}`);
    expect(problems).toEqual(
      expect.arrayContaining([
        'variants.0.text:text_too_long',
        'variants.1.media:media_required',
        'variants.2.scheduledAt:scheduled_in_past',
        'variants.3.channelAccountId:channel_not_found',
      ]),
    );
    expect(res.body.error.details[0].params).toMatchObject({ length: 282, max: 280 });
    expect(await ctx.deps.prisma.post.count()).toBe(before);
    const ok = await planner.post(`${ws}/posts`, { title: 'Exactly 140', variants: [{ channelAccountId: channels.x.id, text: '가'.repeat(140) }] });
    expect(ok.status).toBe(201);
  });

  it('editing content bumps the version; moving only the time does not', async () => {
    const created = await planner.post(`${ws}/posts`, {
      title: 'Versioned',
      variants: [{ channelAccountId: channels.fb.id, text: 'v1', scheduledAt: inDays(3) }],
    });
    const id = created.body.id;
    const variant = created.body.variants[0];
    const moved = await planner.patch(`${ws}/posts/${id}`, {
      variants: [{ id: variant.id, channelAccountId: channels.fb.id, text: 'v1', scheduledAt: inDays(4) }],
    });
    expect(moved.status).toBe(200);
    expect(moved.body.version).toBe(1);
    expect(moved.body.variants[0].scheduleVersion).toBe(1);
    const edited = await planner.patch(`${ws}/posts/${id}`, {
      variants: [{ id: variant.id, channelAccountId: channels.fb.id, text: 'v2', scheduledAt: inDays(4) }],
    });
    expect(edited.body.version).toBe(2);
    const added = await planner.patch(`${ws}/posts/${id}`, {
      variants: [
        { id: variant.id, channelAccountId: channels.fb.id, text: 'v2', scheduledAt: inDays(4) },
        { channelAccountId: channels.x.id, text: 'new on X' },
      ],
    });
    expect(added.body.variants).toHaveLength(2);
    expect(added.body.version).toBe(3);
    const removed = await planner.patch(`${ws}/posts/${id}`, {
      variants: [{ channelAccountId: channels.x.id, text: 'only X now', id: added.body.variants[1].id }],
    });
    expect(removed.body.variants).toHaveLength(1);
    expect(removed.body.version).toBe(4);
    // A time left in the past is not refused when it did not change.
    await ctx.deps.prisma.variant.update({ where: { id: added.body.variants[1].id }, data: { scheduledAt: new Date(Date.now() - 86_400_000) } });
    const untouched = await planner.patch(`${ws}/posts/${id}`, { title: 'Renamed only' });
    expect(untouched.status).toBe(200);
  });

  it('reschedules by drag and drop: audited, past refused (422), published refused (409)', async () => {
    const created = await planner.post(`${ws}/posts`, {
      title: 'Drag me',
      variants: [{ channelAccountId: channels.x.id, text: 'drag', scheduledAt: inDays(5) }],
    });
    const v = created.body.variants[0];
    const target = inDays(6, 3);
    const moved = await planner.patch(`${ws}/variants/${v.id}/schedule`, { scheduledAt: target });
    expect(moved.status).toBe(200);
    expect(new Date(moved.body.scheduledAt).toISOString()).toBe(target);
    expect(moved.body.scheduleVersion).toBe(1);
    const audit = await ctx.deps.prisma.auditEvent.findFirst({ where: { entityId: v.id, action: 'variant.rescheduled' } });
    expect(audit?.after).toEqual({ scheduledAt: target });
    const past = await planner.patch(`${ws}/variants/${v.id}/schedule`, { scheduledAt: inDays(-2) });
    expect(past.status).toBe(422);
    expect(past.body.error.details[0].code).toBe('scheduled_in_past');
    await ctx.deps.prisma.variant.update({ where: { id: v.id }, data: { state: 'published' } });
    const published = await planner.patch(`${ws}/variants/${v.id}/schedule`, { scheduledAt: inDays(7) });
    expect(published.status).toBe(409);
    expect(published.body.error.code).toBe('invalid_state');
    expect((await planner.delete(`${ws}/posts/${created.body.id}`)).status).toBe(409);
  });

  it('duplicates as an unscheduled draft and deletes softly', async () => {
    const created = await planner.post(`${ws}/posts`, {
      title: 'Original',
      variants: [{ channelAccountId: channels.fb.id, text: 'same', scheduledAt: inDays(8) }],
    });
    const copy = await planner.post(`${ws}/posts/${created.body.id}/duplicate`);
    expect(copy.status).toBe(201);
    expect(copy.body).toMatchObject({ title: 'Original (copy)', variants: [{ text: 'same', scheduledAt: null }] });
    expect((await planner.delete(`${ws}/posts/${created.body.id}`)).status).toBe(204);
    expect((await planner.get(`${ws}/posts/${created.body.id}`)).status).toBe(404);
    const row = await ctx.deps.prisma.post.findUniqueOrThrow({ where: { id: created.body.id }, select: { deletedAt: true } });
    expect(row.deletedAt).not.toBeNull();
  });

  it('keeps other workspaces out (404) and viewers read-only (403)', async () => {
    const other = await workspaceWithTeam(ctx.deps.prisma, 'Other');
    const otherChannel = await buildChannel(ctx.deps.prisma, other.workspace.id, { provider: 'x', name: 'theirs', handle: 't' });
    const res = await planner.post(`${ws}/posts`, { title: 'Sneaky', variants: [{ channelAccountId: otherChannel.id, text: 'x' }] });
    expect(res.status).toBe(422);
    expect(res.body.error.details[0].code).toBe('channel_not_found');
    const viewer = await signIn(ctx, team.members.viewer.email);
    expect((await viewer.post(`${ws}/posts`, { title: 'No', variants: [] })).status).toBe(403);
  });
});

describe('calendar', () => {
  it('returns a range with what the calendar shows, filtered by channel, segment, state and label', async () => {
    const from = inDays(1);
    const to = inDays(20);
    const all = await planner.get(`${ws}/calendar?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`);
    expect(all.status).toBe(200);
    expect(all.body.entries.length).toBeGreaterThanOrEqual(4);
    const entry = all.body.entries.find((e: { title: string }) => e.title === '유자 라떼');
    expect(entry).toMatchObject({
      provider: 'x',
      channelName: 'X',
      segmentName: 'Seoul 20s',
      segmentColor: '#2563EB',
      state: 'draft',
      labels: ['winter'],
    });
    const times = all.body.entries.map((e: { scheduledAt: string }) => e.scheduledAt);
    expect([...times].sort()).toEqual(times);
    // The month grid's compact answer: the same entries as columns and rows.
    const compact = await planner.get(`${ws}/calendar?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}&format=columns`);
    expect(compact.status).toBe(200);
    const { columns, rows } = compact.body as { columns: string[]; rows: unknown[][] };
    expect(rows.map((row) => Object.fromEntries(columns.map((c, i) => [c, row[i]])))).toEqual(all.body.entries);
    expect(JSON.stringify(compact.body).length).toBeLessThan(JSON.stringify(all.body).length);
    expect((await planner.get(`${ws}/calendar?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}&format=xml`)).status).toBe(400);

    const onlyFb = await planner.get(`${ws}/calendar?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}&channelIds=${channels.fb.id}`);
    expect(onlyFb.body.entries.every((e: { provider: string }) => e.provider === 'facebook_page')).toBe(true);
    const us = await planner.get(
      `${ws}/calendar?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}&segmentIds=${segments.us.id}&labels=winter`,
    );
    expect(us.body.entries).toHaveLength(2);
    const published = await planner.get(`${ws}/calendar?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}&states=published`);
    expect(published.body.entries.every((e: { state: string }) => e.state === 'published')).toBe(true);
    expect((await planner.get(`${ws}/calendar?from=${encodeURIComponent(from)}&to=${encodeURIComponent(inDays(200))}`)).status).toBe(400);
    expect((await planner.get(`${ws}/calendar?from=yesterday&to=${encodeURIComponent(to)}`)).status).toBe(400);
    expect((await planner.get(`${ws}/calendar?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}&states=bogus`)).status).toBe(400);
  });

  it('lists unscheduled drafts', async () => {
    const res = await planner.get(`${ws}/calendar/unscheduled`);
    expect(res.body.entries.map((e: { title: string }) => e.title)).toContain('Original (copy)');
    expect(res.body.entries.every((e: { scheduledAt: string | null }) => e.scheduledAt === null)).toBe(true);
    expect(res.body.entries[0]).toMatchObject({ provider: 'facebook_page', channelName: 'FB', authorName: 'planner' });
  });

  it('counts planned posts per local day: 23:30 KST belongs to that KST day', async () => {
    const fresh = await workspaceWithTeam(ctx.deps.prisma, 'Cadence');
    const x = await buildChannel(ctx.deps.prisma, fresh.workspace.id, { provider: 'x', name: 'X', handle: 'x', dailyTarget: 6 });
    await buildPost(ctx.deps.prisma, fresh.workspace.id, fresh.members.planner, {
      title: 'Late',
      variants: [
        { channelAccountId: x.id, text: 'a', scheduledAt: new Date('2026-12-01T14:30:00Z') }, // 23:30 KST Dec 1
        { channelAccountId: x.id, text: 'b', scheduledAt: new Date('2026-12-01T15:30:00Z') }, // 00:30 KST Dec 2
        { channelAccountId: x.id, text: 'c', scheduledAt: new Date('2026-12-01T01:00:00Z') }, // 10:00 KST Dec 1
      ],
    });
    const admin = await signIn(ctx, fresh.members.admin.email);
    const res = await admin.get(
      `/api/workspaces/${fresh.workspace.id}/calendar/cadence?from=2026-12-01T00:00:00%2B09:00&to=2026-12-03T00:00:00%2B09:00`,
    );
    expect(res.status).toBe(200);
    expect(res.body.timeZone).toBe('Asia/Seoul');
    expect(res.body.channels).toEqual([{ id: x.id, name: 'X', provider: 'x', dailyTarget: 6 }]);
    expect(res.body.days).toEqual([
      { day: '2026-12-01', channelAccountId: x.id, planned: 2 },
      { day: '2026-12-02', channelAccountId: x.id, planned: 1 },
    ]);
    expect(res.body.weeks).toEqual([{ week: '2026-11-30', segmentId: null, planned: 3 }]);
  });

  it('keeps calendar preferences per person', async () => {
    const prefs = { view: 'week', colorBy: 'channel', filters: { channelIds: [channels.x.id], labels: ['winter'] } };
    expect((await planner.agent.put(`${ws}/preferences/calendar`).set('x-csrf-token', planner.csrf).send(prefs)).status).toBe(200);
    expect((await planner.get(`${ws}/preferences/calendar`)).body).toEqual(prefs);
    const admin = await signIn(ctx, team.members.admin.email);
    expect((await admin.get(`${ws}/preferences/calendar`)).body).toEqual({});
    expect((await planner.agent.put(`${ws}/preferences/calendar`).set('x-csrf-token', planner.csrf).send({ colorBy: 'mood' })).status).toBe(400);
  });
});
