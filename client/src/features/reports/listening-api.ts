import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import { type ReportFilters, type ReportRange, reportSearch } from './api';

export type Category = 'complaint' | 'question' | 'praise' | 'other';
export type Sentiment = 'negative' | 'neutral' | 'positive';
export const CATEGORIES: Category[] = ['complaint', 'question', 'praise', 'other'];
export const SENTIMENTS: Sentiment[] = ['negative', 'neutral', 'positive'];

export interface Spread {
  /** Milliseconds. */
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
  withinDeadline: number | null;
  firstResponse: Spread;
  resolved: number;
  resolution: Spread;
}

export interface EscalationSummary {
  open: number;
  inProgress: number;
  created: number;
  resolved: number;
  openAge: Spread & { oldest: number | null };
  resolution: Spread;
}

export interface ListeningReport {
  range: ReportRange;
  generatedAt: string;
  deadlines: { businessHours: { days: number[]; start: string; end: string }; urgentSameBusinessDay: boolean; otherTargetHours: number };
  messages: {
    total: number;
    category: Record<Category, number>;
    sentiment: Record<Sentiment, number>;
    matrix: Record<Category, Record<Sentiment, number>>;
    timeline: Array<{ day: string; total: number; category: Record<Category, number>; sentiment: Record<Sentiment, number> }>;
  };
  themes: { complaints: number; terms: Array<{ term: string; messages: number; share: number }> };
  response: ResponseStats & {
    timeline: Array<{ day: string; waits: number; answered: number; medianFirstResponseMs: number | null; withinDeadline: number | null }>;
  };
  byPerson: Array<ResponseStats & { key: string | null }>;
  byChannel: Array<ResponseStats & { key: string | null }>;
  people: Array<{ id: string; name: string }>;
  escalations: EscalationSummary & {
    byDepartment: Array<EscalationSummary & { departmentId: string; name: string }>;
    oldestOpen: Array<{
      id: string;
      status: 'open' | 'in_progress' | 'resolved';
      departmentName: string;
      conversationId: string;
      customerName: string;
      excerpt: string;
      note: string;
      createdAt: string;
      ageMs: number;
    }>;
  };
}

const base = (workspaceId: string) => `/api/workspaces/${encodeURIComponent(workspaceId)}/reports`;

export function useListeningReport(workspaceId: string, f: ReportFilters) {
  return useQuery({
    queryKey: ['workspaces', workspaceId, 'reports', 'listening', f.from, f.to, f.channelId ?? null],
    queryFn: () => api.get<ListeningReport>(`${base(workspaceId)}/listening?${reportSearch({ from: f.from, to: f.to, channelId: f.channelId })}`),
    placeholderData: keepPreviousData,
  });
}
