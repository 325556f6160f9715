/**
 * Report queries on seeded history with known answers (real PostgreSQL, through the API): the Content
 * report's rates and groups, days in the workspace zone (23:30 KST counts on that KST day), the Cadence
 * report's days, streaks and gaps, the CSV export, and best times — with enough history, falling back from
 * a segment to its channel, and saying plainly when there is too little.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCampaign, buildChannel, buildPost, buildSegment } from '../../prisma/seed/builders';
import { buildPublishedPost } from '../../prisma/seed/metrics-builders';
import { localOf, Temporal, zonedInstant } from '../../server/src/lib/local-time';
import { signIn, workspaceWithTeam } from '../support/factories';
import { startTestApp, type TestContext } from '../support/test-app';

let ctx: TestContext;
let viewer: Awaited<ReturnType<typeof signIn>>;
let ws: string;
const ids = { x: '', fb: '', xBest: '', seoul: '', busan: '', campaign: '' };
const kst = (day: string, hour: number, minute = 0) => zonedInstant(Temporal.PlainDate.from(day), hour * 60 + minute, 'Asia/Seoul');

beforeAll(async () => {
  ctx = await startTestApp();
  const team = await workspaceWithTeam(ctx.deps.prisma);
  const db = ctx.deps.prisma;
  const w = team.workspace.id;
  ws = `/api/workspaces/${w}`;
  viewer = await signIn(ctx, team.members.viewer.email);
  const author = team.members.planner;
  ids.x = (await buildChannel(db, w, { provider: 'x', name: 'X 한국', handle: 'x_ko', followerCount: 10_000, dailyTarget: 6 })).id;
  ids.fb = (await buildChannel(db, w, { provider: 'facebook_page', name: 'Facebook', handle: 'fb', followerCount: 5_000, dailyTarget: 5 })).id;
  ids.xBest = (await buildChannel(db, w, { provider: 'x', name: 'X best', handle: 'x_best', followerCount: 10_000, dailyTarget: 6 })).id;
  ids.seoul = (await buildSegment(db, w, { name: '서울', color: '#2563EB' })).id;
  ids.busan = (await buildSegment(db, w, { name: '부산', color: '#DB2777' })).id;
  ids.campaign = (await buildCampaign(db, w, { name: '겨울', color: '#7C3AED' })).id;

  // November 2026 (KST). P1 at 23:30 KST on the 2nd (14:30 UTC): the 2nd, not the 3rd.
  await buildPublishedPost(db, w, author, {
    title: 'P1 late night',
    labels: ['menu'],
    variants: [
      {
        channelAccountId: ids.x,
        segmentId: ids.seoul,
        text: '유자 라떼',
        publishedAt: kst('2026-11-02', 23, 30),
        followersAtPublish: 10_000,
        readings: [
          { checkpoint: '1h', reactions: 10, comments: 1, shares: 1, impressions: 900 },
          { checkpoint: '24h', reactions: 80, comments: 15, shares: 5, impressions: 4_000 },
        ],
      },
    ],
  });
  // P2 at 00:30 KST on the 3rd (still the 2nd in UTC): the 3rd.
  await buildPublishedPost(db, w, author, {
    title: 'P2 just after midnight',
    labels: ['promo'],
    variants: [
      {
        channelAccountId: ids.x,
        segmentId: ids.busan,
        text: '원두 구독 https://sotong.example',
        link: 'https://sotong.example',
        publishedAt: kst('2026-11-03', 0, 30),
        followersAtPublish: 10_000,
        readings: [{ checkpoint: '24h', reactions: 40, comments: 5, shares: 5, impressions: 2_500 }],
      },
    ],
  });
  await buildPublishedPost(db, w, author, {
    title: 'P3 campaign',
    campaignId: ids.campaign,
    variants: [
      {
        channelAccountId: ids.fb,
        segmentId: ids.seoul,
        text: '겨울 시즌',
        publishedAt: kst('2026-11-03', 12),
        followersAtPublish: 5_000,
        readings: [{ checkpoint: '72h', reactions: 10, comments: 3, shares: 2, impressions: 1_500, reach: 1_100 }],
      },
    ],
  });
  await buildPublishedPost(db, w, author, {
    title: 'P4 still collecting',
    variants: [
      {
        channelAccountId: ids.fb,
        text: '플레이리스트',
        publishedAt: kst('2026-11-04', 9),
        followersAtPublish: 5_000,
        readings: [{ checkpoint: '6h', reactions: 5, comments: 0, shares: 0 }],
      },
    ],
  });
  // Six X posts on the 5th (no readings yet): the X target is met that day.
  for (let i = 0; i < 6; i++) {
    await buildPublishedPost(db, w, author, {
      title: `P5 burst ${i}`,
      variants: [{ channelAccountId: ids.x, text: `burst ${i}`, publishedAt: kst('2026-11-05', 9 + i), followersAtPublish: 10_000, readings: [] }],
    });
  }
  // Not published: never counted.
  await buildPost(db, w, author, { title: 'Planned', variants: [{ channelAccountId: ids.x, text: 'planned', scheduledAt: kst('2026-11-03', 10) }] });

  // Best-times history for "X best": the last four Tuesdays (KST), three posts at 20:00 (1.2 %) and three at 09:00 (0.3 %).
  const today = localOf(new Date(), 'Asia/Seoul').toPlainDate();
  const lastTuesday = today.subtract({ days: ((today.dayOfWeek - 2 + 7) % 7) + 7 });
  for (let week = 0; week < 4; week++) {
    const day = lastTuesday.subtract({ weeks: week }).toString();
    for (let n = 0; n < 3; n++) {
      for (const [hour, reactions] of [
        [20, 100],
        [9, 20],
      ] as const) {
        await buildPublishedPost(db, w, author, {
          title: `Best ${day} ${hour} ${n}`,
          variants: [
            {
              channelAccountId: ids.xBest,
              segmentId: ids.seoul,
              text: `best ${day} ${hour} ${n}`,
              publishedAt: kst(day, hour, n * 10),
              followersAtPublish: 10_000,
              readings: [{ checkpoint: '24h', reactions, comments: 10, shares: 10 }],
            },
          ],
        });
      }
    }
  }
}, 120_000);
afterAll(async () => ctx.close());

const range = 'from=2026-11-01&to=2026-11-07';
/** The best-times history runs on its own channel (some of it falls in this range too). */
const channels = () => `channelIds=${ids.x},${ids.fb}`;

describe('content report', () => {
  it('answers rates against the marks, groups and previews for the range (viewer)', async () => {
    const res = await viewer.get(`${ws}/reports/content?${range}&${channels()}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const r = res.body;
    expect(r.range).toMatchObject({ timeZone: 'Asia/Seoul', from: '2026-11-01', to: '2026-11-07' });
    expect(r.formula).toContain('followers at publication');
    expect(r.marks).toEqual({ working: 0.003, stable: 0.005, excellent: 0.01 });
    expect(r.summary).toMatchObject({ posts: 10, measured: 4, collecting: 7, marks: { excellent: 1, stable: 1, working: 1, below: 1 } });
    // Rates 1 %, 0.5 %, 0.3 %, 0.1 %: median 0.4 %.
    expect(r.summary.medianRate).toBeCloseTo(0.004, 10);
    const x = r.byChannel.find((g: { key: string }) => g.key === ids.x);
    expect(x).toMatchObject({ posts: 8, measured: 2, interactions: 150, impressions: 6_500 });
    expect(x.impressionRate).toBeCloseTo(150 / 6_500, 10);
    const fb = r.byChannel.find((g: { key: string }) => g.key === ids.fb);
    expect(fb.medianRate).toBeCloseTo(0.002, 10);
    expect(r.bySegment.find((g: { key: string }) => g.key === ids.seoul)).toMatchObject({ posts: 2, measured: 2 });
    expect(r.byCampaign.find((g: { key: string }) => g.key === ids.campaign)).toMatchObject({ posts: 1, interactions: 15 });
    expect(r.byFormat.find((g: { key: string }) => g.key === 'link')).toMatchObject({ posts: 1 });
    // Days in Seoul: P1 (23:30) on the 2nd, P2 (00:30) and P3 on the 3rd.
    const perDay = Object.fromEntries(r.timeline.map((p: { period: string; posts: number }) => [p.period, p.posts]));
    expect(perDay).toEqual({
      '2026-11-01': 0,
      '2026-11-02': 1,
      '2026-11-03': 2,
      '2026-11-04': 1,
      '2026-11-05': 6,
      '2026-11-06': 0,
      '2026-11-07': 0,
    });
    // Best and worst come from the mature readings (24 h and later); the latest reading of P1 is its 24 h one.
    expect(r.best.map((p: { title: string }) => p.title)).toEqual(['P1 late night', 'P2 just after midnight', 'P3 campaign']);
    expect(r.best[0]).toMatchObject({ checkpoint: '24h', reactions: 80, comments: 15, shares: 5, mark: 'excellent', format: 'text' });
    expect(r.best[0].rate).toBeCloseTo(0.01, 10);
    expect(r.best[2].impressionRate).toBeCloseTo(0.01, 10);
    expect(r.distribution.reduce((s: number, b: { count: number }) => s + b.count, 0)).toBe(4);
    const seoulText = r.segmentContent.find(
      (c: { segmentId: string; dimension: string; key: string }) => c.segmentId === ids.seoul && c.dimension === 'format' && c.key === 'text',
    );
    expect(seoulText.posts).toBe(2);
    expect(seoulText.medianRate).toBeCloseTo(0.0065, 10);
  });

  it('filters by segment, campaign and label', async () => {
    const seoul = (await viewer.get(`${ws}/reports/content?${range}&${channels()}&segmentIds=${ids.seoul}`)).body;
    expect(seoul.summary.posts).toBe(2);
    const promo = (await viewer.get(`${ws}/reports/content?${range}&labels=promo`)).body;
    expect(promo.best.map((p: { title: string }) => p.title)).toEqual(['P2 just after midnight']);
    const campaign = (await viewer.get(`${ws}/reports/content?${range}&campaignIds=${ids.campaign}`)).body;
    expect(campaign.summary).toMatchObject({ posts: 1, interactions: 15 });
  });

  it('exports every post of the report as CSV in local time, rates in percent', async () => {
    const res = await viewer.get(`${ws}/reports/content/posts.csv?${range}&channelIds=${ids.x}`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    const lines = res.text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toMatch(/^published_at_local,channel,segment/);
    expect(lines).toHaveLength(1 + 8);
    const p1 = lines.find((l) => l.includes('P1 late night')) ?? '';
    expect(p1.startsWith('2026-11-02 23:30,X 한국,서울,,menu,')).toBe(true);
    expect(p1).toContain(',24h,80,15,5,4000,,10000,1.000,excellent,2.500,');
  });

  it('refuses a range that ends before it starts, or a malformed day', async () => {
    const back = await viewer.get(`${ws}/reports/content?from=2026-11-07&to=2026-11-01`);
    expect(back.status).toBe(400);
    expect(back.body.error.details[0]).toMatchObject({ field: 'query.to' });
    const bad = await viewer.get(`${ws}/reports/cadence?from=yesterday`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0]).toMatchObject({ field: 'query.from' });
  });
});

describe('cadence report', () => {
  it('counts published posts per KST day against the daily target, with streaks and gaps', async () => {
    const res = await viewer.get(`${ws}/reports/cadence?${range}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const x = res.body.channels.find((c: { id: string }) => c.id === ids.x);
    expect(x.days.map((d: { published: number }) => d.published)).toEqual([0, 1, 1, 0, 6, 0, 0]);
    expect(x).toMatchObject({
      dailyTarget: 6,
      total: 8,
      daysOnTarget: 1,
      daysBelowTarget: 6,
      daysWithout: 4,
      longestStreak: 1,
      currentStreak: 0,
      longestGap: 2,
      gaps: [
        { from: '2026-11-01', to: '2026-11-01', days: 1 },
        { from: '2026-11-04', to: '2026-11-04', days: 1 },
        { from: '2026-11-06', to: '2026-11-07', days: 2 },
      ],
    });
    const fb = res.body.channels.find((c: { id: string }) => c.id === ids.fb);
    expect(fb).toMatchObject({ dailyTarget: 5, total: 2, daysOnTarget: 0 });
  });
});

describe('best times', () => {
  it('suggests the best weekday × hour with the posts behind it', async () => {
    const res = await viewer.get(`${ws}/reports/best-times?channelId=${ids.xBest}&segmentId=${ids.seoul}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ scope: 'segment', enough: true, reason: null, posts: 24, timeZone: 'Asia/Seoul' });
    expect(res.body.suggestions.map((s: { weekday: number; hour: number; posts: number }) => [s.weekday, s.hour, s.posts])).toEqual([
      [2, 20, 12],
      [2, 9, 12],
    ]);
    expect(res.body.suggestions[0].medianRate).toBeCloseTo(0.012, 10);
    expect(res.body.suggestions[0].mark).toBe('excellent');
    expect(res.body.bestHours.map((h: { hour: number }) => h.hour)).toEqual([20, 9]);
  });

  it('falls back from a segment without history to its channel, and says so', async () => {
    const res = await viewer.get(`${ws}/reports/best-times?channelId=${ids.xBest}&segmentId=${ids.busan}`);
    expect(res.body).toMatchObject({ scope: 'channel', enough: true, posts: 24 });
  });

  it('says plainly when there is too little data', async () => {
    const res = await viewer.get(`${ws}/reports/best-times?channelId=${ids.fb}&weeks=52`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ scope: 'channel', enough: false, reason: 'too_few_posts', posts: 1, suggestions: [], bestHours: [] });
    expect(res.body.needs).toEqual({ posts: 20, days: 21, perSlot: 3 });
  });
});
