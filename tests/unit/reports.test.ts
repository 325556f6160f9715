import { describe, expect, it } from 'vitest';
import { bestTimes } from '../../server/src/modules/reports/best-times';
import { cadenceReport } from '../../server/src/modules/reports/cadence-report';
import { contentReport, measure } from '../../server/src/modules/reports/content-report';
import { dayRangeInstants, daysBetween, localDayOf, weekOf } from '../../server/src/modules/reports/local-days';
import type { PublishedRow } from '../../server/src/modules/reports/reports-repository';
import { distributionOf, engagementRate, impressionRate, markOf, median, quantile } from '../../server/src/modules/reports/shared/engagement';

describe('engagement rate and marks', () => {
  it('is (reactions + comments + shares) ÷ followers at publication', () => {
    expect(engagementRate({ reactions: 80, comments: 15, shares: 5 }, 10_000)).toBeCloseTo(0.01, 12);
    expect(engagementRate({ reactions: 3, comments: 0, shares: 0 }, 1_000)).toBeCloseTo(0.003, 12);
  });

  it('has no rate without a follower count', () => {
    expect(engagementRate({ reactions: 5, comments: 1, shares: 0 }, 0)).toBeNull();
    expect(engagementRate({ reactions: 5, comments: 1, shares: 0 }, null)).toBeNull();
  });

  it('has a per-impression rate only where impressions exist', () => {
    expect(impressionRate({ reactions: 40, comments: 5, shares: 5 }, 2_000)).toBeCloseTo(0.025, 12);
    expect(impressionRate({ reactions: 40, comments: 5, shares: 5 }, null)).toBeNull();
  });

  it('reaches the marks at 0.3 % (working), 0.5 % (stable) and 1 % (excellent)', () => {
    expect(markOf(0.00299)).toBe('below');
    expect(markOf(0.003)).toBe('working');
    expect(markOf(0.00499)).toBe('working');
    expect(markOf(0.005)).toBe('stable');
    expect(markOf(0.00999)).toBe('stable');
    expect(markOf(0.01)).toBe('excellent');
    expect(markOf(0.2)).toBe('excellent');
    expect(markOf(null)).toBeNull();
  });

  it('medians and quantiles interpolate; the distribution buckets on the marks', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([1, 2, 3, 4])).toBe(2.5);
    expect(quantile([0, 10], 0.9)).toBe(9);
    expect(median([])).toBeNull();
    const buckets = distributionOf([0.0005, 0.0029, 0.003, 0.004, 0.006, 0.012, 0.5]);
    const count = (from: number) => buckets.find((b) => b.from === from)?.count;
    expect(count(0)).toBe(1);
    expect(count(0.002)).toBe(1);
    expect(count(0.003)).toBe(2);
    expect(count(0.005)).toBe(1);
    expect(count(0.01)).toBe(1);
    expect(count(0.02)).toBe(1);
    expect(buckets.find((b) => b.from === 0.003)?.mark).toBe('working');
    expect(buckets.at(-1)).toMatchObject({ from: 0.02, to: null, mark: 'excellent' });
  });
});

describe('days in the workspace zone', () => {
  it('a post at 23:30 KST belongs to that KST day', () => {
    const lateKst = new Date('2026-12-01T14:30:00Z'); // 23:30 on 1 December in Seoul
    expect(localDayOf(lateKst, 'Asia/Seoul')).toBe('2026-12-01');
    expect(localDayOf(lateKst, 'UTC')).toBe('2026-12-01');
    const afterMidnight = new Date('2026-12-01T15:30:00Z'); // 00:30 on 2 December in Seoul, still 1 December in UTC
    expect(localDayOf(afterMidnight, 'Asia/Seoul')).toBe('2026-12-02');
    const day = dayRangeInstants('2026-12-01', '2026-12-01', 'Asia/Seoul');
    expect(day.from.toISOString()).toBe('2026-11-30T15:00:00.000Z');
    expect(day.to.toISOString()).toBe('2026-12-01T15:00:00.000Z');
    expect(lateKst >= day.from && lateKst < day.to).toBe(true);
    expect(afterMidnight < day.to).toBe(false);
  });

  it('ranges span whole local days across a daylight-saving change, and are bounded', () => {
    const ny = dayRangeInstants('2026-03-08', '2026-03-08', 'America/New_York');
    expect((ny.to.getTime() - ny.from.getTime()) / 3_600_000).toBe(23);
    expect(daysBetween('2026-11-29', '2026-12-02')).toEqual(['2026-11-29', '2026-11-30', '2026-12-01', '2026-12-02']);
    expect(weekOf('2026-12-06')).toBe('2026-11-30');
    expect(() => dayRangeInstants('2026-12-02', '2026-12-01', 'Asia/Seoul')).toThrow(/must not be before/);
    expect(() => dayRangeInstants('2025-01-01', '2026-12-01', 'Asia/Seoul')).toThrow(/at most/);
  });
});

let seq = 0;
function row(overrides: Partial<PublishedRow>): PublishedRow {
  seq += 1;
  return {
    id: `00000000-0000-7000-8000-${String(seq).padStart(12, '0')}`,
    postId: `10000000-0000-7000-8000-${String(seq).padStart(12, '0')}`,
    title: `Post ${seq}`,
    text: 'text',
    remoteUrl: null,
    channelAccountId: 'ch-x',
    segmentId: null,
    campaignId: null,
    labels: [],
    publishedAt: '2026-12-01T00:00:00.000Z',
    day: '2026-12-01',
    weekday: 2,
    hour: 9,
    followersAtPublish: 10_000,
    mediaCount: 0,
    mediaKind: null,
    mediaId: null,
    hasLink: false,
    checkpoint: '24h',
    reactions: 20,
    comments: 5,
    shares: 5,
    impressions: null,
    reach: null,
    ...overrides,
  };
}

describe('content report', () => {
  it('groups by channel, segment, label and format with median rates, best and worst first', () => {
    const rows = [
      row({ channelAccountId: 'fb', segmentId: 'seoul', labels: ['menu'], reactions: 90, comments: 5, shares: 5, impressions: 5_000 }), // 1 %
      row({ channelAccountId: 'fb', segmentId: 'seoul', labels: ['menu', 'promo'], reactions: 40, comments: 5, shares: 5, mediaKind: 'image' }), // 0.5 %
      row({ channelAccountId: 'x', segmentId: 'busan', labels: ['promo'], reactions: 20, comments: 5, shares: 5, hasLink: true }), // 0.3 %
      row({ channelAccountId: 'x', segmentId: null, reactions: 5, comments: 3, shares: 2, day: '2026-12-02' }), // 0.1 %
      row({ channelAccountId: 'x', checkpoint: null, reactions: null, comments: null, shares: null, day: '2026-12-02' }), // not read yet
    ];
    const report = contentReport(rows, ['2026-12-01', '2026-12-02', '2026-12-03']);
    expect(report.summary).toMatchObject({ posts: 5, measured: 4, collecting: 1, marks: { excellent: 1, stable: 1, working: 1, below: 1 } });
    expect(report.summary.medianRate).toBeCloseTo(0.004, 12);
    const fb = report.byChannel.find((g) => g.key === 'fb');
    expect(fb).toMatchObject({ posts: 2, measured: 2, interactions: 150 });
    expect(fb?.medianRate).toBeCloseTo(0.0075, 12);
    expect(fb?.impressionRate).toBeCloseTo(100 / 5_000, 12);
    expect(report.byLabel.find((g) => g.key === 'promo')?.posts).toBe(2);
    expect(report.byLabel.find((g) => g.key === null)?.posts).toBe(2);
    expect(Object.fromEntries(report.byFormat.map((g) => [g.key, g.posts]))).toEqual({ text: 3, image: 1, link: 1 });
    expect(report.timeline.map((p) => [p.period, p.posts])).toEqual([
      ['2026-12-01', 3],
      ['2026-12-02', 2],
      ['2026-12-03', 0],
    ]);
    expect(report.best.map((p) => p.reactions)).toEqual([90, 40, 20, 5]);
    expect(report.best[0]).toMatchObject({ mark: 'excellent', format: 'text' });
    expect(report.worst).toEqual([]);
    const seoulImage = report.segmentContent.find((c) => c.segmentId === 'seoul' && c.dimension === 'format' && c.key === 'image');
    expect(seoulImage?.medianRate).toBeCloseTo(0.005, 12);
  });

  it('measures a post without a follower count as unrated', () => {
    expect(measure(row({ followersAtPublish: null }))).toMatchObject({ rate: null, mark: null, interactions: 30 });
  });
});

describe('cadence report', () => {
  const channels = [{ id: 'x', name: 'X', provider: 'x', dailyTarget: 6 }];
  const days = daysBetween('2026-12-01', '2026-12-08');
  const counts = [
    ['2026-12-01', 6],
    ['2026-12-02', 7],
    ['2026-12-03', 2],
    ['2026-12-06', 6],
    ['2026-12-07', 6],
    ['2026-12-08', 1],
  ].map(([day, published]) => ({ day: day as string, channelAccountId: 'x', published: published as number }));

  it('counts days on target, streaks and gaps up to today', () => {
    const [x] = cadenceReport(days, channels, counts, '2026-12-08');
    expect(x?.days.map((d) => d.published)).toEqual([6, 7, 2, 0, 0, 6, 6, 1]);
    expect(x).toMatchObject({
      total: 28,
      daysOnTarget: 4,
      daysBelowTarget: 3,
      daysWithout: 2,
      longestStreak: 2,
      currentStreak: 2,
      gaps: [{ from: '2026-12-04', to: '2026-12-05', days: 2 }],
      longestGap: 2,
    });
    expect(x?.average).toBe(3.5);
  });

  it('a day later the streak is broken by the day below target', () => {
    const [x] = cadenceReport(days, channels, counts, '2026-12-09');
    expect(x).toMatchObject({ currentStreak: 0, longestStreak: 2, daysBelowTarget: 4 });
  });
});

describe('best times', () => {
  it('says plainly when there is too little history', () => {
    const few = bestTimes(Array.from({ length: 5 }, () => measure(row({}))));
    expect(few).toMatchObject({ enough: false, reason: 'too_few_posts', posts: 5, suggestions: [] });
    const short = bestTimes(Array.from({ length: 30 }, (_, i) => measure(row({ day: `2026-12-0${(i % 9) + 1}` }))));
    expect(short).toMatchObject({ enough: false, reason: 'too_short_history', spanDays: 9, suggestions: [] });
  });

  it('ranks weekday × hour by median rate, with the posts behind each; early readings do not count', () => {
    const items = [];
    for (let week = 0; week < 4; week++) {
      const day = daysBetween('2026-11-02', '2026-11-30')[week * 7] as string; // Mondays
      for (let n = 0; n < 3; n++) {
        items.push(row({ day, weekday: 1, hour: 20, reactions: 100, comments: 10, shares: 10 })); // 1.2 %
        items.push(row({ day, weekday: 1, hour: 9, reactions: 20, comments: 5, shares: 5 })); // 0.3 %
      }
      items.push(row({ day, weekday: 1, hour: 13, reactions: 300, comments: 0, shares: 0 })); // 3 %, one post a week
      items.push(row({ day, weekday: 1, hour: 20, checkpoint: '1h', reactions: 1, comments: 0, shares: 0 })); // ignored
    }
    const result = bestTimes(items.map(measure));
    expect(result).toMatchObject({ enough: true, reason: null, posts: 28, spanDays: 22 });
    expect(result.suggestions.map((s) => [s.weekday, s.hour, s.posts])).toEqual([
      [1, 13, 4],
      [1, 20, 12],
      [1, 9, 12],
    ]);
    expect(result.suggestions[1]?.medianRate).toBeCloseTo(0.012, 12);
    expect(result.suggestions[1]?.mark).toBe('excellent');
    expect(result.bestHours.map((h) => h.hour)).toEqual([13, 20, 9]);
  });
});

describe('adopting a best time', () => {
  it('the composer gets the next such weekday and hour in the workspace zone', async () => {
    const { Temporal } = await import('temporal-polyfill');
    const { nextOccurrence } = await import('../../client/src/features/reports/next-slot');
    const tuesdayEvening = Temporal.ZonedDateTime.from('2026-12-01T21:00[Asia/Seoul]');
    expect(nextOccurrence(2, 20, 'Asia/Seoul', tuesdayEvening)).toBe('2026-12-08T20:00');
    expect(nextOccurrence(2, 22, 'Asia/Seoul', tuesdayEvening)).toBe('2026-12-01T22:00');
    expect(nextOccurrence(4, 12, 'Asia/Seoul', tuesdayEvening)).toBe('2026-12-03T12:00');
  });

  it('the slot editor gets it in the slots’ zone', async () => {
    const { inZone } = await import('../../client/src/features/reports/next-slot');
    expect(inZone(1, 9, 'Asia/Seoul', 'Asia/Seoul')).toEqual({ weekday: 1, time: '09:00' });
    expect(inZone(1, 9, 'Asia/Seoul', 'UTC')).toEqual({ weekday: 1, time: '00:00' });
    expect(inZone(1, 3, 'Asia/Seoul', 'UTC')).toEqual({ weekday: 7, time: '18:00' });
  });
});
