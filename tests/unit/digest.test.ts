import { describe, expect, it } from 'vitest';
import { customerItems } from '../../server/src/modules/digest/compose-digest';
import { type CustomerItem, type DigestData, orderCustomerItems, orderEscalations } from '../../server/src/modules/digest/digest-data';
import type { PeriodMessage } from '../../server/src/modules/digest/digest-repository';
import { cronOf, dueDay, nextSend, sendInstant } from '../../server/src/modules/digest/digest-schedule';
import { renderDigest } from '../../server/src/modules/digest/render-digest';
import { isSubscribed, subscribedByDefault } from '../../server/src/modules/digest/subscribers';
import { dayRangeInstants, localDayOf } from '../../server/src/modules/reports/local-days';

const KST = 'Asia/Seoul';

const item = (id: string, over: Partial<CustomerItem>): CustomerItem => ({
  conversationId: id,
  channelName: 'X',
  provider: 'x',
  customerName: id,
  customerHandle: null,
  text: `text ${id}`,
  sentAt: '2026-03-03T01:00:00.000Z',
  category: 'other',
  sentiment: 'neutral',
  unanswered: false,
  overdue: false,
  messages: 1,
  postTitle: null,
  link: `https://app.test/c/${id}`,
  ...over,
});

describe('digest order', () => {
  it('leads with unanswered negative messages (overdue and longest waiting first), then other unanswered ones, then answered negative, complaints, the rest', () => {
    const items = [
      item('praise', { category: 'praise', sentiment: 'positive', sentAt: '2026-03-03T05:00:00.000Z' }),
      item('answered-negative', { sentiment: 'negative', category: 'complaint', sentAt: '2026-03-03T02:00:00.000Z' }),
      item('unanswered-question', { unanswered: true, category: 'question', sentAt: '2026-03-03T00:30:00.000Z' }),
      item('unanswered-negative-new', { unanswered: true, sentiment: 'negative', sentAt: '2026-03-03T04:00:00.000Z' }),
      item('unanswered-negative-old', { unanswered: true, sentiment: 'negative', sentAt: '2026-03-03T03:00:00.000Z' }),
      item('unanswered-negative-overdue', { unanswered: true, overdue: true, sentiment: 'negative', sentAt: '2026-03-03T04:30:00.000Z' }),
      item('answered-complaint', { category: 'complaint', sentAt: '2026-03-03T06:00:00.000Z' }),
      item('unanswered-praise', { unanswered: true, category: 'praise', sentiment: 'positive', sentAt: '2026-03-03T00:10:00.000Z' }),
      item('unanswered-complaint', { unanswered: true, category: 'complaint', sentAt: '2026-03-03T05:30:00.000Z' }),
    ];
    expect(orderCustomerItems(items).map((i) => i.conversationId)).toEqual([
      'unanswered-negative-overdue',
      'unanswered-negative-old',
      'unanswered-negative-new',
      'unanswered-complaint',
      'unanswered-question',
      'unanswered-praise',
      'answered-negative',
      'answered-complaint',
      'praise',
    ]);
  });

  it('quotes one message per conversation: its most pressing one, and counts the conversation negative if any message was', () => {
    const base = {
      conversationId: 'c1',
      customerName: 'Kim',
      customerHandle: null,
      status: 'open' as const,
      responseDueAt: new Date('2026-03-03T05:00:00Z'),
      channelName: 'X',
      provider: 'x',
      postTitle: null,
      unanswered: true,
    };
    const messages: PeriodMessage[] = [
      { ...base, id: 'm1', text: '언제 오나요?', sentAt: new Date('2026-03-03T01:00:00Z'), category: 'question', sentiment: 'neutral' },
      { ...base, id: 'm2', text: '최악이에요', sentAt: new Date('2026-03-03T02:00:00Z'), category: 'complaint', sentiment: 'negative' },
      { ...base, id: 'm3', text: '아직인가요', sentAt: new Date('2026-03-03T03:00:00Z'), category: 'question', sentiment: 'neutral' },
    ];
    const [one, ...rest] = customerItems(messages, new Date('2026-03-03T06:00:00Z'), (id) => `link/${id}`);
    expect(rest).toEqual([]);
    expect(one).toMatchObject({ text: '최악이에요', sentiment: 'negative', messages: 3, overdue: true, link: 'link/c1' });
  });

  it('lists new escalations before those still open from before', () => {
    const e = (id: string, isNew: boolean, createdAt: string) => ({ id, isNew, createdAt });
    expect(
      orderEscalations([e('old', false, '2026-03-01'), e('new2', true, '2026-03-03T02'), e('new1', true, '2026-03-03T01')]).map((x) => x.id),
    ).toEqual(['new1', 'new2', 'old']);
  });
});

describe('digest schedule in the workspace zone', () => {
  it('is due at 08:30 KST (23:30 UTC the day before); before that the due digest is yesterday’s', () => {
    expect(sendInstant('2026-03-03', '08:30', KST).toISOString()).toBe('2026-03-02T23:30:00.000Z');
    expect(dueDay(new Date('2026-03-02T23:29:00Z'), '08:30', KST)).toBe('2026-03-02');
    expect(dueDay(new Date('2026-03-02T23:30:00Z'), '08:30', KST)).toBe('2026-03-03');
    expect(nextSend(new Date('2026-03-02T23:30:00Z'), '08:30', KST).toISOString()).toBe('2026-03-03T23:30:00.000Z');
    expect(cronOf('08:30')).toBe('30 8 * * *');
    expect(cronOf('07:05')).toBe('5 7 * * *');
  });

  it("counts a post at 23:30 KST among that KST day's posts (the digest's yesterday), not the next day's", () => {
    const at = new Date('2026-03-02T23:30:00+09:00');
    expect(localDayOf(at, KST)).toBe('2026-03-02');
    const yesterday = dayRangeInstants('2026-03-02', '2026-03-02', KST);
    expect(at >= yesterday.from && at < yesterday.to).toBe(true);
    const today = dayRangeInstants('2026-03-03', '2026-03-03', KST);
    expect(at >= today.from).toBe(false);
  });

  it('follows another zone’s wall clock across a DST change (New York, 8 March 2026)', () => {
    expect(sendInstant('2026-03-07', '08:30', 'America/New_York').toISOString()).toBe('2026-03-07T13:30:00.000Z');
    expect(sendInstant('2026-03-09', '08:30', 'America/New_York').toISOString()).toBe('2026-03-09T12:30:00.000Z');
  });
});

describe('digest subscribers', () => {
  it('are admins, approvers, planners and executives by default; everyone can choose', () => {
    expect(subscribedByDefault(['viewer'])).toBe(true);
    expect(subscribedByDefault(['community_manager'])).toBe(false);
    expect(subscribedByDefault(['community_manager', 'planner'])).toBe(true);
    expect(isSubscribed(['community_manager'], true)).toBe(true);
    expect(isSubscribed(['admin'], false)).toBe(false);
  });
});

describe('digest e-mail', () => {
  const data: DigestData = {
    version: 1,
    workspace: { id: '00000000-0000-7000-8000-000000000001', name: '소통 커피', timeZone: KST },
    day: '2026-03-03',
    yesterday: '2026-03-02',
    period: { from: '2026-03-01T23:30:00.000Z', to: '2026-03-02T23:30:00.000Z' },
    links: { digest: 'https://app.test/digest', inbox: 'https://app.test/inbox', reports: 'https://app.test/reports' },
    customers: {
      counts: { messages: 3, conversations: 2, unanswered: 1, negative: 1, complaints: 1, questions: 1, praise: 1, overdue: 0 },
      items: [
        item('first', { unanswered: true, sentiment: 'negative', category: 'complaint', text: '배송이 <b>안</b> 왔어요' }),
        item('second', { category: 'praise', sentiment: 'positive', text: 'Love the latte' }),
      ],
      more: 0,
    },
    escalations: {
      counts: { new: 1, open: 1, inProgress: 0, resolved: 0 },
      items: [
        {
          id: 'e1',
          status: 'open',
          departmentName: '물류팀',
          conversationId: '00000000-0000-7000-8000-000000000003',
          customerName: 'Kim',
          excerpt: 'escalated excerpt',
          note: '',
          createdAt: '2026-03-02T10:00:00.000Z',
          ageMs: 3_600_000,
          isNew: true,
          link: 'https://app.test/c/e',
        },
      ],
      more: 0,
    },
    posts: {
      count: 1,
      measured: 1,
      medianRate: 0.012,
      mark: 'excellent',
      marks: { below: 0, working: 0, stable: 0, excellent: 1 },
      formula: 'x',
      items: [
        {
          variantId: '00000000-0000-7000-8000-000000000002',
          title: 'Winter latte',
          text: '',
          channelName: 'X',
          provider: 'x',
          publishedAt: '2026-03-02T01:00:00.000Z',
          checkpoint: '6h',
          reactions: 100,
          comments: 15,
          shares: 5,
          followersAtPublish: 10_000,
          rate: 0.012,
          impressionRate: null,
          mark: 'excellent',
          remoteUrl: null,
        },
      ],
      more: 0,
    },
    cadence: [
      {
        channelId: 'c',
        name: 'Cadence channel',
        provider: 'x',
        dailyTarget: 6,
        yesterday: 4,
        onTarget: false,
        daysOnTarget: 3,
        days: 7,
        currentStreak: 0,
      },
    ],
  };

  it('puts what customers said first, then escalations, posts and cadence — in text and HTML, ko and en', () => {
    for (const locale of ['ko', 'en'] as const) {
      const mail = renderDigest(data, locale);
      for (const body of [mail.text, mail.html]) {
        const order = ['배송이', 'Love the latte', 'escalated excerpt', 'Winter latte', 'Cadence channel'].map((s) => body.indexOf(s));
        expect(order.every((n) => n >= 0)).toBe(true);
        expect([...order].sort((a, b) => a - b)).toEqual(order);
      }
    }
    expect(renderDigest(data, 'ko').subject).toContain('미응답 1건');
    expect(renderDigest(data, 'en').subject).toContain('1 unanswered');
    expect(renderDigest(data, 'en').text).toContain('1.20% Excellent');
  });

  it('escapes what customers wrote in the HTML', () => {
    const { html, text } = renderDigest(data, 'ko');
    expect(html).toContain('배송이 &lt;b&gt;안&lt;/b&gt; 왔어요');
    expect(html).not.toContain('<b>안</b>');
    expect(text).toContain('배송이 <b>안</b> 왔어요');
  });
});
