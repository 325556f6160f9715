/**
 * What a morning digest says, frozen when it is composed (stored as `Digest.data`, rendered to e-mail
 * and shown in the app from the same object). Order is the product: what customers said comes first —
 * unanswered negative messages, then other unanswered ones (complaints, questions, the rest), then
 * negative ones we answered, then the rest — followed by escalations, yesterday's posts against the engagement marks, and cadence.
 */
import type { Mark } from '../reports/shared/engagement';

export type DigestCategory = 'question' | 'complaint' | 'praise' | 'other';
export type DigestSentiment = 'negative' | 'neutral' | 'positive';

export interface CustomerItem {
  conversationId: string;
  channelName: string;
  provider: string;
  customerName: string;
  customerHandle: string | null;
  /** The most pressing customer message of the period in this conversation, quoted. */
  text: string;
  /** ISO instant it was sent. */
  sentAt: string;
  category: DigestCategory;
  sentiment: DigestSentiment;
  /** No reply of ours since the customer's latest message, and the conversation is not closed. */
  unanswered: boolean;
  /** Unanswered past its response deadline. */
  overdue: boolean;
  /** Customer messages in this conversation during the period. */
  messages: number;
  /** The post it answers, when it answers one of ours. */
  postTitle: string | null;
  link: string;
}

export interface EscalationItem {
  id: string;
  status: 'open' | 'in_progress' | 'resolved';
  departmentName: string;
  conversationId: string;
  customerName: string;
  excerpt: string;
  note: string;
  createdAt: string;
  ageMs: number;
  isNew: boolean;
  link: string;
}

export interface PostItem {
  variantId: string;
  title: string;
  text: string;
  channelName: string;
  provider: string;
  publishedAt: string;
  /** The latest reading: 1h, 6h, 24h … (null: not read yet). */
  checkpoint: string | null;
  reactions: number | null;
  comments: number | null;
  shares: number | null;
  followersAtPublish: number | null;
  rate: number | null;
  impressionRate: number | null;
  mark: Mark | null;
  remoteUrl: string | null;
}

export interface CadenceItem {
  channelId: string;
  name: string;
  provider: string;
  dailyTarget: number;
  /** Posts published on the digest's yesterday. */
  yesterday: number;
  onTarget: boolean;
  /** Of the seven days up to yesterday. */
  daysOnTarget: number;
  days: number;
  currentStreak: number;
}

export interface DigestData {
  version: 1;
  workspace: { id: string; name: string; timeZone: string };
  /** The workspace-zone day the digest is for, and the day before it (whose posts it reports). */
  day: string;
  yesterday: string;
  period: { from: string; to: string };
  links: { digest: string; inbox: string; reports: string };
  customers: {
    counts: {
      messages: number;
      conversations: number;
      unanswered: number;
      negative: number;
      complaints: number;
      questions: number;
      praise: number;
      overdue: number;
    };
    items: CustomerItem[];
    /** Conversations not quoted (the digest quotes at most MAX_CUSTOMER_ITEMS). */
    more: number;
  };
  escalations: {
    counts: { new: number; open: number; inProgress: number; resolved: number };
    items: EscalationItem[];
    more: number;
  };
  posts: {
    count: number;
    measured: number;
    medianRate: number | null;
    mark: Mark | null;
    marks: Record<Mark, number>;
    formula: string;
    items: PostItem[];
    more: number;
  };
  cadence: CadenceItem[];
}

export const MAX_CUSTOMER_ITEMS = 15;
export const MAX_ESCALATION_ITEMS = 10;
export const MAX_POST_ITEMS = 10;

/**
 * Unanswered before answered; within each, negative first, then complaints, then questions, then the rest:
 * 0 unanswered negative · 1 unanswered complaint · 2 unanswered question · 3 other unanswered ·
 * 4 answered negative · 5 answered complaint · 6 the rest.
 */
export function customerRank(item: Pick<CustomerItem, 'unanswered' | 'sentiment' | 'category'>): number {
  const negative = item.sentiment === 'negative';
  if (item.unanswered) return negative ? 0 : item.category === 'complaint' ? 1 : item.category === 'question' ? 2 : 3;
  if (negative) return 4;
  return item.category === 'complaint' ? 5 : 6;
}

/**
 * The digest's order of what customers said: by rank; unanswered ones overdue first, then the longest
 * waiting first; answered ones newest first.
 */
export function orderCustomerItems<T extends Pick<CustomerItem, 'unanswered' | 'sentiment' | 'category' | 'overdue' | 'sentAt' | 'conversationId'>>(
  items: T[],
): T[] {
  return [...items].sort((a, b) => {
    const rank = customerRank(a) - customerRank(b);
    if (rank) return rank;
    if (a.unanswered) {
      if (a.overdue !== b.overdue) return a.overdue ? -1 : 1;
      return a.sentAt.localeCompare(b.sentAt) || a.conversationId.localeCompare(b.conversationId);
    }
    return b.sentAt.localeCompare(a.sentAt) || a.conversationId.localeCompare(b.conversationId);
  });
}

/** New escalations first (oldest first), then the ones still open from before (oldest first). */
export function orderEscalations<T extends Pick<EscalationItem, 'isNew' | 'createdAt' | 'id'>>(items: T[]): T[] {
  return [...items].sort((a, b) => (a.isNew === b.isNew ? a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id) : a.isNew ? -1 : 1));
}
