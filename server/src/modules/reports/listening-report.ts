/**
 * The Listening report (pure): what customers said and how fast the team answered.
 *
 * - Messages: inbound messages per workspace-zone day by category and by sentiment (a person's
 *   override of a conversation's classification applies to its messages).
 * - Waits: a customer waits from their first message after our last sent reply (or the start of the
 *   conversation) until our next sent reply. First-response time = reply − start. The deadline is the
 *   one ingestion gives (`responseDueAt`: complaints and negative messages by the end of the business
 *   day, the rest within the target hours), recomputed from the wait's start and its most pressing
 *   message, so it survives being cleared by the reply. A wait is on time (answered by the deadline),
 *   late (answered after it, or still unanswered past it), pending (unanswered, not due yet), or closed
 *   without a reply (a person closed the conversation: nothing was owed); the share within the deadline
 *   is on time ÷ (on time + late). A wait belongs to who answered it, else the conversation's assignee.
 * - Resolution time: from the first customer message after the conversation's previous closing to its
 *   closing (`resolvedAt`), for conversations closed in the range; it belongs to the assignee.
 * - Escalations: open and in progress now, created and resolved in the range, their ages.
 */
import { type Category, isUrgent, type SentimentValue } from '../inbox-ingest/classify';
import { type DeadlineSettings, responseDueAt } from '../inbox-ingest/deadlines';
import { localDayOf } from './local-days';
import { quantile } from './shared/engagement';

export const CATEGORIES: Category[] = ['complaint', 'question', 'praise', 'other'];
export const SENTIMENTS: SentimentValue[] = ['negative', 'neutral', 'positive'];

export interface MessageCount {
  day: string;
  category: Category;
  sentiment: SentimentValue;
  messages: number;
}

export interface DayVolume {
  day: string;
  total: number;
  category: Record<Category, number>;
  sentiment: Record<SentimentValue, number>;
}

const zeroCategories = (): Record<Category, number> => ({ complaint: 0, question: 0, praise: 0, other: 0 });
const zeroSentiments = (): Record<SentimentValue, number> => ({ negative: 0, neutral: 0, positive: 0 });

/** Every day of the range with its messages by category and by sentiment (days without messages are zeros). */
export function messageTimeline(days: string[], counts: MessageCount[]): DayVolume[] {
  const byDay = new Map(days.map((day) => [day, { day, total: 0, category: zeroCategories(), sentiment: zeroSentiments() }]));
  for (const c of counts) {
    const row = byDay.get(c.day);
    if (!row) continue;
    row.total += c.messages;
    row.category[c.category] += c.messages;
    row.sentiment[c.sentiment] += c.messages;
  }
  return [...byDay.values()];
}

export function messageTotals(counts: MessageCount[]) {
  const category = zeroCategories();
  const sentiment = zeroSentiments();
  const matrix = Object.fromEntries(CATEGORIES.map((c) => [c, zeroSentiments()])) as Record<Category, Record<SentimentValue, number>>;
  let total = 0;
  for (const c of counts) {
    total += c.messages;
    category[c.category] += c.messages;
    sentiment[c.sentiment] += c.messages;
    matrix[c.category][c.sentiment] += c.messages;
  }
  return { total, category, sentiment, matrix };
}

// ------------------------------------------------------------------------------------ waits

export interface ThreadRow {
  id: string;
  channelAccountId: string;
  assigneeId: string | null;
  status: 'open' | 'pending' | 'closed';
  resolvedAt: Date | null;
  /** A person's override: the conversation's category/sentiment then apply to every message. */
  overridden: boolean;
  category: Category;
  sentiment: SentimentValue;
}

export interface ThreadMessage {
  conversationId: string;
  direction: 'inbound' | 'outbound';
  sentAt: Date;
  category: Category | null;
  sentiment: SentimentValue | null;
  sentById: string | null;
}

export type WaitOutcome = 'on_time' | 'late' | 'pending' | 'closed';

export interface Wait {
  conversationId: string;
  channelAccountId: string;
  startedAt: Date;
  /** The wait's start, as a workspace-zone day. */
  day: string;
  urgent: boolean;
  dueAt: Date;
  answeredAt: Date | null;
  responderId: string | null;
  /** Who the wait belongs to: who answered, else the assignee (null: nobody). */
  personId: string | null;
  firstResponseMs: number | null;
  outcome: WaitOutcome;
}

/**
 * The waits that start in [from, to). `messages` are every inbound (not removed) and every sent
 * outbound message of the threads, in any order.
 */
export function responseWaits(
  threads: ThreadRow[],
  messages: ThreadMessage[],
  settings: DeadlineSettings,
  timeZone: string,
  range: { from: Date; to: Date },
  now: Date,
): Wait[] {
  const byThread = new Map<string, ThreadMessage[]>();
  for (const m of messages) {
    const list = byThread.get(m.conversationId) ?? [];
    list.push(m);
    byThread.set(m.conversationId, list);
  }
  const waits: Wait[] = [];
  for (const thread of threads) {
    const list = (byThread.get(thread.id) ?? []).sort((a, b) => a.sentAt.getTime() - b.sentAt.getTime() || (a.direction === 'inbound' ? -1 : 1));
    let start: ThreadMessage | null = null;
    let urgent = false;
    const close = (reply: ThreadMessage | null) => {
      if (!start) return;
      const startedAt = start.sentAt;
      start = null;
      if (startedAt < range.from || startedAt >= range.to) return;
      const dueAt = responseDueAt(startedAt, urgent, settings, timeZone);
      const answeredAt = reply?.sentAt ?? null;
      let outcome: WaitOutcome;
      if (answeredAt) outcome = answeredAt <= dueAt ? 'on_time' : 'late';
      else if (thread.status === 'closed' && thread.resolvedAt && thread.resolvedAt >= startedAt) outcome = 'closed';
      else outcome = now > dueAt ? 'late' : 'pending';
      const responderId = reply?.sentById ?? null;
      waits.push({
        conversationId: thread.id,
        channelAccountId: thread.channelAccountId,
        startedAt,
        day: localDayOf(startedAt, timeZone),
        urgent,
        dueAt,
        answeredAt,
        responderId,
        personId: answeredAt ? (responderId ?? thread.assigneeId) : thread.assigneeId,
        firstResponseMs: answeredAt ? answeredAt.getTime() - startedAt.getTime() : null,
        outcome,
      });
    };
    for (const m of list) {
      if (m.direction === 'outbound') {
        close(m);
        continue;
      }
      const c = thread.overridden
        ? { category: thread.category, sentiment: thread.sentiment }
        : { category: m.category ?? thread.category, sentiment: m.sentiment ?? thread.sentiment };
      if (!start) {
        start = m;
        urgent = isUrgent(c);
      } else urgent ||= isUrgent(c);
    }
    close(null);
  }
  return waits;
}

export interface Resolution {
  conversationId: string;
  channelAccountId: string;
  assigneeId: string | null;
  startedAt: Date;
  resolvedAt: Date;
}

export interface Spread {
  median: number | null;
  p90: number | null;
}

export interface ResponseStats {
  waits: number;
  answered: number;
  onTime: number;
  late: number;
  pending: number;
  closedWithoutReply: number;
  /** on time ÷ (on time + late); null when nothing was due yet. */
  withinDeadline: number | null;
  /** Milliseconds. */
  firstResponse: Spread;
  resolved: number;
  resolution: Spread;
}

const spread = (values: number[]): Spread => ({ median: quantile(values, 0.5), p90: quantile(values, 0.9) });

export function responseStats(waits: Wait[], resolutions: Resolution[]): ResponseStats {
  const count = (o: WaitOutcome) => waits.filter((w) => w.outcome === o).length;
  const onTime = count('on_time');
  const late = count('late');
  const times = waits.flatMap((w) => (w.firstResponseMs === null ? [] : [w.firstResponseMs]));
  return {
    waits: waits.length,
    answered: times.length,
    onTime,
    late,
    pending: count('pending'),
    closedWithoutReply: count('closed'),
    withinDeadline: onTime + late ? onTime / (onTime + late) : null,
    firstResponse: spread(times),
    resolved: resolutions.length,
    resolution: spread(resolutions.map((r) => r.resolvedAt.getTime() - r.startedAt.getTime())),
  };
}

/** Response stats per key (person or channel); rows with neither waits nor resolutions are left out. */
export function responseStatsBy(
  waits: Wait[],
  resolutions: Resolution[],
  waitKey: (w: Wait) => string | null,
  resolutionKey: (r: Resolution) => string | null,
): Array<ResponseStats & { key: string | null }> {
  const keys = new Set<string | null>([...waits.map(waitKey), ...resolutions.map(resolutionKey)]);
  return [...keys]
    .map((key) => ({
      key,
      ...responseStats(
        waits.filter((w) => waitKey(w) === key),
        resolutions.filter((r) => resolutionKey(r) === key),
      ),
    }))
    .sort((a, b) => b.waits - a.waits || b.resolved - a.resolved || String(a.key).localeCompare(String(b.key)));
}

/** Per day of the waits' start: answered, median first response, and the share within the deadline. */
export function responseTimeline(days: string[], waits: Wait[]) {
  return days.map((day) => {
    const own = waits.filter((w) => w.day === day);
    const s = responseStats(own, []);
    return { day, waits: s.waits, answered: s.answered, medianFirstResponseMs: s.firstResponse.median, withinDeadline: s.withinDeadline };
  });
}

// ------------------------------------------------------------------------------------ escalations

export interface EscalationRow {
  id: string;
  status: 'open' | 'in_progress' | 'resolved';
  createdAt: Date;
  resolvedAt: Date | null;
  departmentId: string;
  departmentName: string;
  conversationId: string;
  customerName: string;
  excerpt: string;
  note: string;
}

const OLDEST = 10;

/** Escalations: open and in progress as of now (with their ages), created and resolved in [from, to). */
export function escalationStats(rows: EscalationRow[], range: { from: Date; to: Date }, now: Date) {
  const inRange = (at: Date | null) => at !== null && at >= range.from && at < range.to;
  const summarise = (list: EscalationRow[]) => {
    const open = list.filter((e) => e.status !== 'resolved');
    const resolved = list.filter((e) => e.status === 'resolved' && inRange(e.resolvedAt));
    const ages = open.map((e) => now.getTime() - e.createdAt.getTime());
    return {
      open: open.filter((e) => e.status === 'open').length,
      inProgress: open.filter((e) => e.status === 'in_progress').length,
      created: list.filter((e) => inRange(e.createdAt)).length,
      resolved: resolved.length,
      openAge: { ...spread(ages), oldest: ages.length ? Math.max(...ages) : null },
      resolution: spread(resolved.map((e) => (e.resolvedAt as Date).getTime() - e.createdAt.getTime())),
    };
  };
  const departments = new Map<string, { id: string; name: string; rows: EscalationRow[] }>();
  for (const e of rows) {
    const d = departments.get(e.departmentId) ?? { id: e.departmentId, name: e.departmentName, rows: [] };
    d.rows.push(e);
    departments.set(e.departmentId, d);
  }
  return {
    ...summarise(rows),
    byDepartment: [...departments.values()]
      .map((d) => ({ departmentId: d.id, name: d.name, ...summarise(d.rows) }))
      .sort((a, b) => b.open + b.inProgress - (a.open + a.inProgress) || a.name.localeCompare(b.name)),
    oldestOpen: rows
      .filter((e) => e.status !== 'resolved')
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())
      .slice(0, OLDEST)
      .map((e) => ({
        id: e.id,
        status: e.status,
        departmentName: e.departmentName,
        conversationId: e.conversationId,
        customerName: e.customerName,
        excerpt: e.excerpt,
        note: e.note,
        createdAt: e.createdAt.toISOString(),
        ageMs: now.getTime() - e.createdAt.getTime(),
      })),
  };
}
