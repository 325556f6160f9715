/**
 * The Listening report on seeded conversations with known answers (real PostgreSQL): messages per KST
 * day by category and sentiment, top complaint themes, first-response and resolution times, the share
 * within the deadline per person and channel, escalations.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildChannel } from '../../prisma/seed/builders';
import { Temporal } from '../../server/src/lib/local-time';
import { todayIn } from '../../server/src/modules/plan-csv/plan-times';
import { signIn, workspaceWithTeam } from '../support/factories';
import { localClock, seedConversations, seedEscalation } from '../support/listening-seed';
import { startTestApp, type TestContext } from '../support/test-app';

const KST = 'Asia/Seoul';
const MIN = 60_000;
const HOUR = 60 * MIN;
// A week back, so every deadline (at most three days over a weekend) has passed.
const D = Temporal.PlainDate.from(todayIn(KST)).subtract({ days: 7 }).toString();
const D1 = Temporal.PlainDate.from(D).add({ days: 1 }).toString();
const at = localClock(D, KST);

let ctx: TestContext;
let team: Awaited<ReturnType<typeof workspaceWithTeam>>;
let viewer: Awaited<ReturnType<typeof signIn>>;
let x: { id: string };
let fb: { id: string };
let url: string;

beforeAll(async () => {
  ctx = await startTestApp();
  const db = ctx.deps.prisma;
  team = await workspaceWithTeam(db);
  const w = team.workspace.id;
  const cm = team.members.community_manager.id;
  const admin = team.members.admin.id;
  x = await buildChannel(db, w, { provider: 'x', name: 'X 공식', handle: 'brand' });
  fb = await buildChannel(db, w, { provider: 'facebook_page', name: 'Facebook 페이지', handle: 'brand.page' });
  const ids = await seedConversations(db, w, D, KST, [
    {
      key: 'c1',
      channelAccountId: x.id,
      customerName: 'Kim',
      assigneeId: cm,
      messages: [
        { at: [0, '10:00'], text: '배송이 너무 늦어요', category: 'complaint', sentiment: 'negative' },
        { at: [0, '10:30'], direction: 'outbound', by: cm },
      ],
    },
    {
      key: 'c2',
      channelAccountId: fb.id,
      customerName: 'Lee',
      assigneeId: cm,
      messages: [
        { at: [0, '11:00'], text: '언제 재입고 되나요?', category: 'question' },
        { at: [0, '11:05'], text: '(removed)', category: 'complaint', sentiment: 'negative', deleted: true },
        { at: [1, '13:00'], direction: 'outbound', by: admin },
      ],
    },
    {
      key: 'c3',
      channelAccountId: x.id,
      customerName: 'Park',
      messages: [{ at: [0, '23:30'], text: '환불 요청했는데 배송 조회도 안 돼요', category: 'complaint', sentiment: 'negative' }],
    },
    {
      key: 'c4',
      channelAccountId: fb.id,
      customerName: 'Choi',
      assigneeId: cm,
      closed: { at: [0, '15:00'], by: cm },
      messages: [{ at: [0, '14:00'], text: '새 컬렉션 최고예요', category: 'praise', sentiment: 'positive' }],
    },
    {
      key: 'c5',
      channelAccountId: x.id,
      customerName: 'Jung',
      assigneeId: cm,
      closedBefore: { at: [-1, '09:00'], by: cm },
      closed: { at: [1, '10:00'], by: cm },
      messages: [
        { at: [-1, '08:00'], text: '영업시간 문의', category: 'question' },
        { at: [-1, '08:30'], direction: 'outbound', by: cm },
        { at: [1, '09:00'], text: '앱이 자꾸 튕겨요', category: 'complaint', sentiment: 'negative' },
        { at: [1, '09:20'], direction: 'outbound', by: cm },
      ],
    },
  ]);
  const logistics = await db.department.create({
    data: { workspaceId: w, name: '물류팀', email: 'logistics@test.sotong.dev' },
    select: { id: true },
  });
  const app = await db.department.create({ data: { workspaceId: w, name: '앱 개발팀', email: 'app@test.sotong.dev' }, select: { id: true } });
  const esc = (
    conversationId: string,
    departmentId: string,
    status: 'open' | 'in_progress' | 'resolved',
    created: [number, string],
    resolved?: [number, string],
  ) =>
    seedEscalation(db, {
      workspaceId: w,
      conversationId,
      departmentId,
      createdById: cm,
      note: 'Please check',
      status,
      createdAt: at(created),
      resolvedAt: resolved ? at(resolved) : null,
    });
  await esc(ids.c3 as string, logistics.id, 'open', [0, '23:40']);
  await esc(ids.c1 as string, logistics.id, 'resolved', [0, '10:40'], [1, '10:40']);
  await esc(ids.c5 as string, app.id, 'in_progress', [1, '09:30']);
  viewer = await signIn(ctx, team.members.viewer.email);
  url = `/api/workspaces/${w}/reports/listening?from=${D}&to=${D1}`;
});
afterAll(async () => ctx.close());

describe('Listening report', () => {
  it('counts customer messages per KST day by category and sentiment (a message at 23:30 KST on that day; removed ones not at all)', async () => {
    const res = await viewer.get(url);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const m = res.body.messages;
    expect(m.total).toBe(5);
    expect(m.category).toEqual({ complaint: 3, question: 1, praise: 1, other: 0 });
    expect(m.sentiment).toEqual({ negative: 3, neutral: 1, positive: 1 });
    expect(m.timeline).toEqual([
      { day: D, total: 4, category: { complaint: 2, question: 1, praise: 1, other: 0 }, sentiment: { negative: 2, neutral: 1, positive: 1 } },
      { day: D1, total: 1, category: { complaint: 1, question: 0, praise: 0, other: 0 }, sentiment: { negative: 1, neutral: 0, positive: 0 } },
    ]);
    expect(res.body.themes.complaints).toBe(3);
    expect(res.body.themes.terms[0]).toEqual({ term: '배송', messages: 2, share: 2 / 3 });
  });

  it('measures first response, the share within the deadline and resolution, overall, per person and per channel', async () => {
    const res = await viewer.get(url);
    const r = res.body.response;
    expect(r).toMatchObject({ waits: 5, answered: 3, onTime: 2, late: 2, pending: 0, closedWithoutReply: 1, withinDeadline: 0.5, resolved: 2 });
    expect(r.firstResponse.median).toBe(30 * MIN);
    expect(r.firstResponse.p90).toBeCloseTo(30 * MIN + 0.8 * (26 * HOUR - 30 * MIN), 3);
    // c5 was closed once before: its resolution runs from the message after that closing (1 h), not from its first message.
    expect(r.resolution).toEqual({ median: HOUR, p90: HOUR });

    const person = (id: string | null) => res.body.byPerson.find((p: { key: string | null }) => p.key === id);
    expect(person(team.members.community_manager.id)).toMatchObject({
      waits: 3,
      answered: 2,
      onTime: 2,
      late: 0,
      closedWithoutReply: 1,
      withinDeadline: 1,
      firstResponse: { median: 25 * MIN, p90: 29 * MIN },
      resolved: 2,
    });
    expect(person(team.members.admin.id)).toMatchObject({ waits: 1, late: 1, withinDeadline: 0, firstResponse: { median: 26 * HOUR } });
    expect(person(null)).toMatchObject({ waits: 1, answered: 0, late: 1, withinDeadline: 0 });
    expect(res.body.people.map((p: { name: string }) => p.name).sort()).toEqual(['Admin', 'community_manager']);

    const channel = (id: string) => res.body.byChannel.find((c: { key: string }) => c.key === id);
    expect(channel(x.id)).toMatchObject({ waits: 3, answered: 2, onTime: 2, late: 1 });
    expect(channel(x.id).withinDeadline).toBeCloseTo(2 / 3, 10);
    expect(channel(fb.id)).toMatchObject({ waits: 2, answered: 1, late: 1, closedWithoutReply: 1, withinDeadline: 0 });
  });

  it('counts escalations open now and resolved in the range, with their ages', async () => {
    const res = await viewer.get(url);
    const e = res.body.escalations;
    expect(e).toMatchObject({ open: 1, inProgress: 1, created: 3, resolved: 1, resolution: { median: 24 * HOUR } });
    expect(e.oldestOpen.map((o: { customerName: string }) => o.customerName)).toEqual(['Park', 'Jung']);
    expect(e.oldestOpen[0].ageMs).toBeGreaterThan(6 * 24 * HOUR);
    expect(e.byDepartment.map((d: { name: string; open: number; inProgress: number }) => [d.name, d.open, d.inProgress])).toEqual([
      ['물류팀', 1, 0],
      ['앱 개발팀', 0, 1],
    ]);
  });

  it('filters by channel, and refuses a range that ends before it starts', async () => {
    const res = await viewer.get(`${url}&channelIds=${x.id}`);
    expect(res.body.messages.total).toBe(3);
    expect(res.body.response.waits).toBe(3);
    expect(res.body.escalations.created).toBe(3);
    const bad = await viewer.get(`/api/workspaces/${team.workspace.id}/reports/listening?from=${D1}&to=${D}`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('validation_failed');
  });
});
