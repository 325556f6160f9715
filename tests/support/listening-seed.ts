/**
 * Customer conversations with known answers for the Listening report and the morning digest: classified
 * messages, our replies (who sent them), closings (with the audit event a closing leaves), escalations.
 * Times are wall-clock times in the workspace zone on a base day `day` (and the days around it).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { Prisma } from '../../server/src/generated/prisma/client';
import type { PrismaClient } from '../../server/src/lib/db';
import { Temporal, zonedInstant } from '../../server/src/lib/local-time';

type Category = 'question' | 'complaint' | 'praise' | 'other';
type Sentiment = 'negative' | 'neutral' | 'positive';

export interface SeedMessage {
  /** Days after the base day (may be negative) and local "HH:MM", or an instant. */
  at: [number, string] | Date;
  text?: string;
  direction?: 'inbound' | 'outbound';
  category?: Category;
  sentiment?: Sentiment;
  /** Outbound: who sent the reply. */
  by?: string;
  deleted?: boolean;
}

export interface SeedConversation {
  key: string;
  channelAccountId: string;
  customerName: string;
  assigneeId?: string | null;
  status?: 'open' | 'pending' | 'closed';
  /** A closing (status closed): when, and by whom (an audit event is written like the inbox does). */
  closed?: { at: [number, string] | Date; by: string };
  /** An earlier closing recorded only in the audit log (the conversation was reopened since). */
  closedBefore?: { at: [number, string] | Date; by: string };
  /** The response deadline ingestion would have set (unanswered conversations). */
  responseDueAt?: Date | null;
  variantId?: string | null;
  postId?: string | null;
  messages: SeedMessage[];
}

const rid = () => `seed${randomBytes(6).toString('hex')}`;

export function localClock(day: string, timeZone: string) {
  return (at: [number, string] | Date) => {
    if (at instanceof Date) return at;
    const [offset, hhmm] = at;
    const [h, m] = hhmm.split(':').map(Number) as [number, number];
    return zonedInstant(Temporal.PlainDate.from(day).add({ days: offset }), h * 60 + m, timeZone);
  };
}

const RANK = { complaint: 3, question: 2, praise: 1, other: 0 } as const;
const SRANK = { negative: 2, positive: 1, neutral: 0 } as const;

/** Writes the conversations as ingestion and the inbox would have left them (three bulk inserts); returns their ids by key. */
export async function seedConversations(db: PrismaClient, workspaceId: string, day: string, timeZone: string, list: SeedConversation[]) {
  const at = localClock(day, timeZone);
  const ids: Record<string, string> = {};
  const conversations: Prisma.ConversationCreateManyInput[] = [];
  const messages: Prisma.InboxMessageCreateManyInput[] = [];
  const audits: Prisma.AuditEventCreateManyInput[] = [];
  for (const c of list) {
    const id = randomUUID();
    const threadRemoteId = rid();
    ids[c.key] = id;
    const inbound = c.messages.filter((m) => (m.direction ?? 'inbound') === 'inbound');
    const category = inbound.reduce<Category>((best, m) => (RANK[m.category ?? 'other'] > RANK[best] ? (m.category ?? 'other') : best), 'other');
    const sentiment = inbound.reduce<Sentiment>(
      (best, m) => (SRANK[m.sentiment ?? 'neutral'] > SRANK[best] ? (m.sentiment ?? 'neutral') : best),
      'neutral',
    );
    const times = c.messages.map((m) => at(m.at));
    const last = c.messages[c.messages.length - 1];
    const firstResponse = c.messages.find((m) => m.direction === 'outbound');
    conversations.push({
      id,
      workspaceId,
      channelAccountId: c.channelAccountId,
      kind: 'comment_thread',
      threadRemoteId,
      variantId: c.variantId ?? null,
      postId: c.postId ?? null,
      status: c.closed ? 'closed' : (c.status ?? 'open'),
      assigneeId: c.assigneeId ?? null,
      category,
      sentiment,
      customerName: c.customerName,
      customerHandle: c.customerName.toLowerCase().replace(/\s+/g, '_'),
      lastMessageAt: new Date(Math.max(...times.map((t) => t.getTime()))),
      lastInboundAt: inbound.length ? at((inbound[inbound.length - 1] as SeedMessage).at) : null,
      lastMessageExcerpt: (last?.text ?? (last?.direction === 'outbound' ? '확인해 드릴게요' : '')).slice(0, 200),
      messageCount: c.messages.length,
      firstResponseAt: firstResponse ? at(firstResponse.at) : null,
      resolvedAt: c.closed ? at(c.closed.at) : null,
      responseDueAt: c.responseDueAt ?? null,
    });
    for (const m of c.messages) {
      const direction = m.direction ?? 'inbound';
      const sentAt = at(m.at);
      messages.push({
        workspaceId,
        conversationId: id,
        channelAccountId: c.channelAccountId,
        direction,
        remoteId: rid(),
        parentRemoteId: threadRemoteId,
        authorName: direction === 'inbound' ? c.customerName : 'Brand',
        text: m.text ?? (direction === 'inbound' ? '문의드립니다' : '확인해 드릴게요'),
        sentAt,
        receivedAt: sentAt,
        deletedAt: m.deleted ? sentAt : null,
        ...(direction === 'inbound'
          ? { category: m.category ?? 'other', sentiment: m.sentiment ?? 'neutral' }
          : { deliveryState: 'sent' as const, sentById: m.by ?? null }),
      });
    }
    for (const closing of [c.closedBefore, c.closed]) {
      if (!closing) continue;
      audits.push({
        workspaceId,
        actorUserId: closing.by,
        entityType: 'conversation',
        entityId: id,
        action: 'conversation.updated',
        before: { status: 'open' },
        after: { status: 'closed' },
        createdAt: at(closing.at),
      });
    }
  }
  await db.conversation.createMany({ data: conversations });
  await db.inboxMessage.createMany({ data: messages });
  if (audits.length) await db.auditEvent.createMany({ data: audits });
  return ids;
}

export async function seedEscalation(
  db: PrismaClient,
  input: {
    workspaceId: string;
    conversationId: string;
    departmentId: string;
    createdById: string;
    note: string;
    status: 'open' | 'in_progress' | 'resolved';
    createdAt: Date;
    resolvedAt?: Date | null;
  },
) {
  return db.escalation.create({
    data: {
      workspaceId: input.workspaceId,
      conversationId: input.conversationId,
      departmentId: input.departmentId,
      createdById: input.createdById,
      note: input.note,
      status: input.status,
      createdAt: input.createdAt,
      resolvedAt: input.resolvedAt ?? null,
      resolutionNote: input.status === 'resolved' ? '처리 완료' : null,
      emailedAt: input.createdAt,
    },
    select: { id: true },
  });
}

const KO_TEXTS: Record<Category, string[]> = {
  complaint: [
    '배송이 일주일째 안 왔어요',
    '주문한 원두가 아직도 배송 준비 중이에요',
    '앱이 결제할 때마다 튕겨요',
    '환불 요청했는데 답이 없어요',
    '라떼가 너무 미지근하게 나왔어요',
    '구독 취소가 안 돼요',
    '매장 와이파이 연결이 안 돼요',
    '포장이 찢어져서 왔어요. 교환 부탁드려요',
    '쿠폰이 적용이 안 돼요',
    '배송 조회가 계속 오류가 나요',
  ],
  question: [
    '겨울 한정 음료는 언제까지 판매하나요?',
    '원두 구독은 어떻게 신청하나요?',
    '부산에도 매장이 있나요?',
    '디카페인 원두도 있나요?',
    '기프트카드 잔액은 어디서 확인하나요?',
    '주말에도 배송되나요?',
  ],
  praise: ['새로 나온 라떼 최고예요!', '직원분들이 정말 친절해요', '원두 향이 너무 좋네요', '구독 시작했는데 대박이에요', '겨울 음료 기다렸어요'],
  other: ['ㅋㅋㅋ 저도 가보고 싶네요', '친구 태그합니다', '오늘 날씨 좋네요'],
};
const EN_TEXTS: Record<Category, string[]> = {
  complaint: ['My order never arrived', 'The app crashes at checkout', 'Still waiting for my refund', 'Subscription cancel button is broken'],
  question: ['Do you ship to the US?', 'When does the winter menu end?', 'Is there a decaf option?'],
  praise: ['Love the new latte!', 'Best coffee in Seoul', 'Great service today, thank you'],
  other: ['Tagging my friend', 'Nice photo'],
};
const CUSTOMERS = [
  '김하늘',
  '이도윤',
  '박서연',
  '최민준',
  '정예린',
  '강지호',
  '윤서아',
  '한유진',
  'Emily Park',
  'Jason Lee',
  'Mia Chen',
  '오세훈',
  '서지민',
  '임채원',
];

/** A small deterministic generator (mulberry32), so screenshots look the same on every run. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * Three weeks of believable conversations up to `today` (workspace zone): complaints, questions, praise
 * in Korean and some English, most answered (some late), a few closed, escalations to two departments.
 */
export async function seedListeningHistory(
  db: PrismaClient,
  input: { workspaceId: string; today: string; timeZone: string; channelIds: string[]; responders: string[]; days?: number; seed?: number },
) {
  const rnd = random(input.seed ?? 7);
  const pick = <T>(list: T[]) => list[Math.floor(rnd() * list.length)] as T;
  const days = input.days ?? 21;
  const list: SeedConversation[] = [];
  const complaints: Array<{ key: string; offset: number }> = [];
  for (let offset = -days + 1; offset <= 0; offset++) {
    const n = 5 + Math.floor(rnd() * 8);
    for (let i = 0; i < n; i++) {
      const roll = rnd();
      const category: Category = roll < 0.32 ? 'complaint' : roll < 0.66 ? 'question' : roll < 0.9 ? 'praise' : 'other';
      const sentiment: Sentiment =
        category === 'complaint' ? (rnd() < 0.85 ? 'negative' : 'neutral') : category === 'praise' ? 'positive' : 'neutral';
      const english = rnd() < 0.2;
      const hour = 8 + Math.floor(rnd() * 15);
      const minute = Math.floor(rnd() * 60);
      const at: [number, string] = [offset, `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`];
      const key = `h${offset}-${i}`;
      const responder = pick(input.responders);
      const messages: SeedMessage[] = [{ at, text: pick((english ? EN_TEXTS : KO_TEXTS)[category]), category, sentiment }];
      const isToday = offset === 0;
      const answered = category !== 'other' && rnd() < (isToday ? 0.4 : 0.88);
      if (answered) {
        const delayMin = rnd() < 0.75 ? 5 + Math.floor(rnd() * 180) : 240 + Math.floor(rnd() * 1_500);
        const total = hour * 60 + minute + delayMin;
        messages.push({
          at: [
            offset + Math.floor(total / 1440),
            `${String(Math.floor((total % 1440) / 60)).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}`,
          ],
          direction: 'outbound',
          by: responder,
        });
      }
      const close = answered && offset < -1 && rnd() < 0.5;
      list.push({
        key,
        channelAccountId: pick(input.channelIds),
        customerName: pick(CUSTOMERS),
        assigneeId: rnd() < 0.8 ? responder : null,
        ...(close ? { closed: { at: [offset + 1, '11:00'] as [number, string], by: responder } } : {}),
        messages,
      });
      if (category === 'complaint' && rnd() < 0.25) complaints.push({ key, offset });
    }
  }
  const ids = await seedConversations(db, input.workspaceId, input.today, input.timeZone, list);
  const at = localClock(input.today, input.timeZone);
  const departments = await Promise.all(
    [
      { name: '물류팀', email: 'logistics@demo.sotong.dev' },
      { name: '앱 개발팀', email: 'app@demo.sotong.dev' },
    ].map((d) =>
      db.department.upsert({
        where: { workspaceId_name: { workspaceId: input.workspaceId, name: d.name } },
        create: { workspaceId: input.workspaceId, ...d },
        update: {},
        select: { id: true },
      }),
    ),
  );
  for (const c of complaints) {
    const status = c.offset > -3 ? (rnd() < 0.5 ? 'open' : 'in_progress') : rnd() < 0.75 ? 'resolved' : 'in_progress';
    await seedEscalation(db, {
      workspaceId: input.workspaceId,
      conversationId: ids[c.key] as string,
      departmentId: pick(departments).id,
      createdById: input.responders[0] as string,
      note: '고객 확인 부탁드립니다',
      status,
      createdAt: at([c.offset, '18:30']),
      resolvedAt: status === 'resolved' ? at([c.offset + 1 + Math.floor(rnd() * 2), '15:00']) : null,
    });
  }
  return ids;
}
