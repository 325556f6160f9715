/**
 * Composes a workspace's morning digest of a day: what customers said since the previous digest
 * (ordered — unanswered negative messages first), escalations new and still open, yesterday's posts with
 * their engagement against the marks, and yesterday's cadence against each channel's target.
 */
import type { Deps } from '../../deps';
import { Temporal } from '../../lib/local-time';
import { cadenceReport } from '../reports/cadence-report';
import { measure } from '../reports/content-report';
import { FORMULA } from '../reports/get-content-report';
import { dayRangeInstants, daysBetween } from '../reports/local-days';
import { publishedPerDay, publishedVariants, reportLookups } from '../reports/reports-repository';
import { type Mark, markOf, median } from '../reports/shared/engagement';
import {
  type CustomerItem,
  type DigestData,
  type EscalationItem,
  MAX_CUSTOMER_ITEMS,
  MAX_ESCALATION_ITEMS,
  MAX_POST_ITEMS,
  orderCustomerItems,
  orderEscalations,
  type PostItem,
} from './digest-data';
import { escalationsSince, overdueCount, type PeriodMessage, periodMessages } from './digest-repository';
import { previousDay } from './digest-schedule';

const SENTIMENT_RANK = { negative: 2, positive: 1, neutral: 0 } as const;
const CATEGORY_RANK = { complaint: 3, question: 2, praise: 1, other: 0 } as const;

export interface ComposeInput {
  workspace: { id: string; name: string; timeZone: string };
  day: string;
  period: { from: Date; to: Date };
  now: Date;
}

export function digestLinks(appUrl: string, workspaceId: string, day: string) {
  const base = `${appUrl.replace(/\/$/, '')}/w/${encodeURIComponent(workspaceId)}`;
  return {
    digest: `${base}/digest?day=${day}`,
    inbox: `${base}/inbox`,
    reports: `${base}/reports?tab=listening`,
    conversation: (id: string) => `${base}/inbox?c=${encodeURIComponent(id)}`,
  };
}

/** One item per conversation: its most pressing message of the period (negative, then complaint, then the latest). */
export function customerItems(messages: PeriodMessage[], now: Date, link: (conversationId: string) => string): CustomerItem[] {
  const byConversation = new Map<string, PeriodMessage[]>();
  for (const m of messages) {
    const list = byConversation.get(m.conversationId) ?? [];
    list.push(m);
    byConversation.set(m.conversationId, list);
  }
  return [...byConversation.values()].map((list) => {
    const lead = [...list].sort(
      (a, b) =>
        SENTIMENT_RANK[b.sentiment] - SENTIMENT_RANK[a.sentiment] ||
        CATEGORY_RANK[b.category] - CATEGORY_RANK[a.category] ||
        b.sentAt.getTime() - a.sentAt.getTime(),
    )[0] as PeriodMessage;
    const negative = list.some((m) => m.sentiment === 'negative');
    return {
      conversationId: lead.conversationId,
      channelName: lead.channelName,
      provider: lead.provider,
      customerName: lead.customerName,
      customerHandle: lead.customerHandle,
      text: lead.text.length > 280 ? `${lead.text.slice(0, 279)}…` : lead.text,
      sentAt: lead.sentAt.toISOString(),
      category: lead.category,
      sentiment: negative ? 'negative' : lead.sentiment,
      unanswered: lead.unanswered,
      overdue: lead.unanswered && lead.responseDueAt !== null && lead.responseDueAt < now,
      messages: list.length,
      postTitle: lead.postTitle,
      link: link(lead.conversationId),
    };
  });
}

export async function composeDigest(deps: Deps, input: ComposeInput): Promise<DigestData> {
  const { workspace, day, period, now } = input;
  const ws = workspace.id;
  const tz = workspace.timeZone;
  const links = digestLinks(deps.config.appUrl, ws, day);
  const yesterday = previousDay(day);
  const yesterdayRange = dayRangeInstants(yesterday, yesterday, tz);
  const weekFirst = Temporal.PlainDate.from(yesterday).subtract({ days: 6 }).toString();
  const week = dayRangeInstants(weekFirst, yesterday, tz);

  const [messages, overdue, escalations, lookups, published, perDay] = await Promise.all([
    periodMessages(deps.prisma, ws, period.from, period.to),
    overdueCount(deps.prisma, ws, now),
    escalationsSince(deps.prisma, ws, period.from),
    reportLookups(deps.prisma, ws),
    publishedVariants(deps.sql, ws, tz, yesterdayRange),
    publishedPerDay(deps.prisma, ws, tz, week.from, week.to),
  ]);

  // What customers said.
  const items = orderCustomerItems(customerItems(messages, now, links.conversation));
  const customers: DigestData['customers'] = {
    counts: {
      messages: messages.length,
      conversations: items.length,
      unanswered: items.filter((i) => i.unanswered).length,
      negative: items.filter((i) => i.sentiment === 'negative').length,
      complaints: messages.filter((m) => m.category === 'complaint').length,
      questions: messages.filter((m) => m.category === 'question').length,
      praise: messages.filter((m) => m.category === 'praise').length,
      overdue,
    },
    items: items.slice(0, MAX_CUSTOMER_ITEMS),
    more: Math.max(0, items.length - MAX_CUSTOMER_ITEMS),
  };

  // Escalations: new in the period, and those still open from before.
  const inPeriod = (at: Date | null) => at !== null && at >= period.from && at < period.to;
  const escalationItems: EscalationItem[] = orderEscalations(
    escalations
      .filter((e) => e.createdAt < period.to && (e.status !== 'resolved' || inPeriod(e.createdAt)))
      .map((e) => ({
        id: e.id,
        status: e.status,
        departmentName: e.departmentName,
        conversationId: e.conversationId,
        customerName: e.customerName,
        excerpt: e.excerpt,
        note: e.note,
        createdAt: e.createdAt.toISOString(),
        ageMs: Math.max(0, (e.resolvedAt ?? now).getTime() - e.createdAt.getTime()),
        isNew: inPeriod(e.createdAt),
        link: links.conversation(e.conversationId),
      })),
  );
  const escalationDigest: DigestData['escalations'] = {
    counts: {
      new: escalations.filter((e) => inPeriod(e.createdAt)).length,
      open: escalations.filter((e) => e.status === 'open' && e.createdAt < period.to).length,
      inProgress: escalations.filter((e) => e.status === 'in_progress' && e.createdAt < period.to).length,
      resolved: escalations.filter((e) => e.status === 'resolved' && inPeriod(e.resolvedAt)).length,
    },
    items: escalationItems.slice(0, MAX_ESCALATION_ITEMS),
    more: Math.max(0, escalationItems.length - MAX_ESCALATION_ITEMS),
  };

  // Yesterday's posts against the marks (best first; not yet read last).
  const channel = (id: string) => lookups.channels.find((c) => c.id === id);
  const measured = published.map(measure);
  const rates = measured.flatMap((m) => (m.rate === null ? [] : [m.rate]));
  const marks: Record<Mark, number> = { below: 0, working: 0, stable: 0, excellent: 0 };
  for (const m of measured) if (m.mark) marks[m.mark] += 1;
  const postItems: PostItem[] = measured
    .sort((a, b) => (b.rate ?? -1) - (a.rate ?? -1) || a.row.publishedAt.localeCompare(b.row.publishedAt))
    .map((m) => ({
      variantId: m.row.id,
      title: m.row.title,
      text: m.row.text.length > 160 ? `${m.row.text.slice(0, 159)}…` : m.row.text,
      channelName: channel(m.row.channelAccountId)?.name ?? '',
      provider: channel(m.row.channelAccountId)?.provider ?? '',
      publishedAt: m.row.publishedAt,
      checkpoint: m.row.checkpoint,
      reactions: m.row.reactions,
      comments: m.row.comments,
      shares: m.row.shares,
      followersAtPublish: m.row.followersAtPublish,
      rate: m.rate,
      impressionRate: m.impressionRate,
      mark: m.mark,
      remoteUrl: m.row.remoteUrl,
    }));
  const medianRate = median(rates);
  const posts: DigestData['posts'] = {
    count: published.length,
    measured: rates.length,
    medianRate,
    mark: markOf(medianRate),
    marks,
    formula: FORMULA,
    items: postItems.slice(0, MAX_POST_ITEMS),
    more: Math.max(0, postItems.length - MAX_POST_ITEMS),
  };

  // Cadence: yesterday against the target, and the week up to it.
  const active = lookups.channels.filter((c) => c.status !== 'disconnected');
  const cadence = cadenceReport(daysBetween(weekFirst, yesterday), active, perDay, day).map((c) => {
    const last = c.days[c.days.length - 1]?.published ?? 0;
    return {
      channelId: c.id,
      name: c.name,
      provider: c.provider,
      dailyTarget: c.dailyTarget,
      yesterday: last,
      onTarget: last >= c.dailyTarget,
      daysOnTarget: c.daysOnTarget,
      days: c.days.length,
      currentStreak: c.currentStreak,
    };
  });

  return {
    version: 1,
    workspace,
    day,
    yesterday,
    period: { from: period.from.toISOString(), to: period.to.toISOString() },
    links: { digest: links.digest, inbox: links.inbox, reports: links.reports },
    customers,
    escalations: escalationDigest,
    posts,
    cadence,
  };
}
