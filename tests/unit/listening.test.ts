import { describe, expect, it } from 'vitest';
import { DEFAULT_DEADLINE_SETTINGS } from '../../server/src/modules/inbox-ingest/deadlines';
import {
  escalationStats,
  messageTimeline,
  responseStats,
  responseStatsBy,
  responseWaits,
  type ThreadMessage,
  type ThreadRow,
} from '../../server/src/modules/reports/listening-report';
import { dayRangeInstants } from '../../server/src/modules/reports/local-days';
import { koreanStem, themeWords, topThemes } from '../../server/src/modules/reports/themes';

const KST = 'Asia/Seoul';
/** 2026-03-03 is a Tuesday. `kst('03 10:00')` → that KST wall-clock time on 2026-03-dd. */
const kst = (s: string) => new Date(`2026-03-${s.replace(' ', 'T')}:00+09:00`);
const HOUR = 3_600_000;

const thread = (id: string, over: Partial<ThreadRow> = {}): ThreadRow => ({
  id,
  channelAccountId: 'ch-x',
  assigneeId: null,
  status: 'open',
  resolvedAt: null,
  overridden: false,
  category: 'other',
  sentiment: 'neutral',
  ...over,
});
const inbound = (
  conversationId: string,
  at: Date,
  category: ThreadMessage['category'] = 'question',
  sentiment: ThreadMessage['sentiment'] = 'neutral',
) => ({
  conversationId,
  direction: 'inbound' as const,
  sentAt: at,
  category,
  sentiment,
  sentById: null,
});
const reply = (conversationId: string, at: Date, by: string) => ({
  conversationId,
  direction: 'outbound' as const,
  sentAt: at,
  category: null,
  sentiment: null,
  sentById: by,
});

describe('Listening report: waits and deadlines', () => {
  const range = dayRangeInstants('2026-03-03', '2026-03-04', KST);
  const now = kst('04 19:00');

  it('puts a message at 23:30 KST on that KST day, and the range boundary at KST midnight', () => {
    expect(range.from.toISOString()).toBe('2026-03-02T15:00:00.000Z');
    const waits = responseWaits(
      [thread('late-night')],
      [inbound('late-night', kst('03 23:30'), 'complaint')],
      DEFAULT_DEADLINE_SETTINGS,
      KST,
      range,
      now,
    );
    expect(waits).toHaveLength(1);
    expect(waits[0]?.day).toBe('2026-03-03');
    // After hours: due by the end of the next business day (Wed 18:00 KST), unanswered at 19:00 → late.
    expect(waits[0]?.dueAt.toISOString()).toBe(kst('04 18:00').toISOString());
    expect(waits[0]?.outcome).toBe('late');
    // 00:30 KST on 3 March is 2 March 15:30 UTC and still counts on the 3rd; 23:59 KST on the 2nd does not count.
    const edge = responseWaits(
      [thread('a'), thread('b')],
      [inbound('a', kst('03 00:30')), inbound('b', new Date('2026-03-02T23:59:00+09:00'))],
      DEFAULT_DEADLINE_SETTINGS,
      KST,
      range,
      now,
    );
    expect(edge.map((w) => [w.conversationId, w.day])).toEqual([['a', '2026-03-03']]);
  });

  it('measures first response from the first unanswered message, with the deadline of its most pressing message', () => {
    const threads = [
      thread('t1', { assigneeId: 'ann' }),
      thread('t2'),
      thread('t3'),
      thread('t4', { status: 'closed', resolvedAt: kst('03 12:00') }),
    ];
    const messages = [
      // t1: a question, then a complaint before any reply → one urgent wait, answered 10:00 → 11:30 (90 min), due 18:00: on time.
      inbound('t1', kst('03 10:00'), 'question'),
      inbound('t1', kst('03 10:20'), 'complaint', 'negative'),
      reply('t1', kst('03 11:30'), 'bob'),
      // …and a second wait in t1 that nobody answered yet, due 24 h later: pending.
      inbound('t1', kst('04 12:00'), 'praise', 'positive'),
      // t2: a question answered after 26 h (due +24 h): late.
      inbound('t2', kst('03 10:00'), 'question'),
      reply('t2', kst('04 12:00'), 'ann'),
      // t3: a question on the day before the range, answered in the range: not counted.
      inbound('t3', kst('02 20:00'), 'question'),
      reply('t3', kst('03 09:00'), 'ann'),
      // t4: praise, closed without a reply: owed nothing.
      inbound('t4', kst('03 11:00'), 'praise', 'positive'),
    ];
    const waits = responseWaits(threads, messages, DEFAULT_DEADLINE_SETTINGS, KST, range, now);
    const t1 = waits.filter((w) => w.conversationId === 't1');
    expect(t1.map((w) => [w.outcome, w.urgent, w.firstResponseMs, w.personId])).toEqual([
      ['on_time', true, 90 * 60_000, 'bob'],
      ['pending', false, null, 'ann'],
    ]);
    expect(waits.find((w) => w.conversationId === 't2')).toMatchObject({ outcome: 'late', firstResponseMs: 26 * HOUR, personId: 'ann' });
    expect(waits.find((w) => w.conversationId === 't3')).toBeUndefined();
    expect(waits.find((w) => w.conversationId === 't4')?.outcome).toBe('closed');

    const stats = responseStats(waits, []);
    expect(stats).toMatchObject({ waits: 4, answered: 2, onTime: 1, late: 1, pending: 1, closedWithoutReply: 1, withinDeadline: 0.5 });
    expect(stats.firstResponse.median).toBe((90 * 60_000 + 26 * HOUR) / 2);
    expect(stats.firstResponse.p90).toBeCloseTo(90 * 60_000 + 0.9 * (26 * HOUR - 90 * 60_000), 6);

    const people = responseStatsBy(
      waits,
      [],
      (w) => w.personId,
      () => null,
    );
    expect(people.find((p) => p.key === 'ann')).toMatchObject({ waits: 2, answered: 1, late: 1, pending: 1, withinDeadline: 0 });
    expect(people.find((p) => p.key === 'bob')).toMatchObject({ waits: 1, onTime: 1, withinDeadline: 1 });
  });

  it("applies a person's override to every message of the conversation", () => {
    const waits = responseWaits(
      [thread('o', { overridden: true, category: 'complaint', sentiment: 'negative' })],
      [inbound('o', kst('03 10:00'), 'praise', 'positive')],
      DEFAULT_DEADLINE_SETTINGS,
      KST,
      range,
      now,
    );
    expect(waits[0]?.urgent).toBe(true);
    expect(waits[0]?.dueAt.toISOString()).toBe(kst('03 18:00').toISOString());
  });
});

describe('Listening report: messages and escalations', () => {
  it('fills every day of the range, by category and sentiment', () => {
    const timeline = messageTimeline(
      ['2026-03-03', '2026-03-04'],
      [
        { day: '2026-03-03', category: 'complaint', sentiment: 'negative', messages: 3 },
        { day: '2026-03-03', category: 'praise', sentiment: 'positive', messages: 2 },
      ],
    );
    expect(timeline[0]).toMatchObject({
      day: '2026-03-03',
      total: 5,
      category: { complaint: 3, praise: 2 },
      sentiment: { negative: 3, positive: 2 },
    });
    expect(timeline[1]?.total).toBe(0);
  });

  it('counts escalations open now and resolved in the range, with their ages', () => {
    const range = dayRangeInstants('2026-03-03', '2026-03-04', KST);
    const now = kst('05 10:00');
    const row = (id: string, status: 'open' | 'in_progress' | 'resolved', createdAt: Date, resolvedAt: Date | null, dept = 'd1') => ({
      id,
      status,
      createdAt,
      resolvedAt,
      departmentId: dept,
      departmentName: dept === 'd1' ? 'Logistics' : 'App team',
      conversationId: `c-${id}`,
      customerName: 'Kim',
      excerpt: '배송이 안 왔어요',
      note: '',
    });
    const stats = escalationStats(
      [
        row('e1', 'open', kst('01 10:00'), null),
        row('e2', 'in_progress', kst('04 10:00'), null, 'd2'),
        row('e3', 'resolved', kst('03 10:00'), kst('03 16:00')),
        row('e4', 'resolved', kst('03 10:00'), kst('05 09:00')),
      ],
      range,
      now,
    );
    expect(stats).toMatchObject({ open: 1, inProgress: 1, created: 3, resolved: 1 });
    expect(stats.openAge.oldest).toBe(now.getTime() - kst('01 10:00').getTime());
    expect(stats.resolution.median).toBe(6 * HOUR);
    expect(stats.oldestOpen.map((e) => e.id)).toEqual(['e1', 'e2']);
    expect(stats.byDepartment.map((d) => [d.name, d.open + d.inProgress])).toEqual([
      ['App team', 1],
      ['Logistics', 1],
    ]);
  });
});

describe('Listening report: themes', () => {
  it('trims Korean particles and endings, keeping two syllables', () => {
    expect(koreanStem('배송이')).toBe('배송');
    expect(koreanStem('배송이요')).toBe('배송');
    expect(koreanStem('불편해요')).toBe('불편');
    expect(koreanStem('환불은')).toBe('환불');
    expect(koreanStem('결제할')).toBe('결제');
    expect(koreanStem('주문한')).toBe('주문');
    expect(koreanStem('미지근하게')).toBe('미지근');
  });

  it('leaves out words that still read as verbs or adjectives', () => {
    expect(koreanStem('늦어요')).toBeNull();
    expect(koreanStem('찢어져서')).toBeNull();
    expect(koreanStem('돼요')).toBeNull();
  });

  it('drops stop words, handles, links and short words in both languages', () => {
    expect([...themeWords('@sotong 배송이 너무 늦어요 https://t.co/x 진짜')].sort()).toEqual(['배송']);
    expect([...themeWords('주문한 원두가 아직도 배송 준비 중이에요')].sort()).toEqual(['배송', '원두', '주문', '준비']);
    expect([...themeWords("The app doesn't work and it keeps crashing!")].sort()).toEqual(['app', 'crashing', 'keeps', 'work']);
  });

  it('counts a word once per message and ranks by messages', () => {
    const themes = topThemes([
      '배송이 너무 늦어요. 배송 언제 와요?',
      '배송 지연, 환불해주세요',
      '환불은 언제 되나요',
      'Refund please, the order never arrived',
      'Still no refund',
      '앱이 자꾸 튕겨요',
    ]);
    expect(themes.slice(0, 3)).toEqual([
      { term: 'refund', messages: 2, share: 2 / 6 },
      { term: '배송', messages: 2, share: 2 / 6 },
      { term: '환불', messages: 2, share: 2 / 6 },
    ]);
    // With five or more messages, words mentioned once are noise.
    expect(themes.map((t) => t.term)).not.toContain('튕겨');
  });
});
