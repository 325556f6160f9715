import type { Mark } from '@reports/engagement';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';

export interface ReportFilters {
  /** Local days (workspace zone), `to` inclusive. */
  from: string;
  to: string;
  channelId?: string;
  segmentId?: string;
  campaignId?: string;
  label?: string;
}

export interface ReportRange {
  timeZone: string;
  from: string;
  to: string;
  channels: Array<{ id: string; name: string; provider: string; handle: string; dailyTarget: number; followerCount: number; status: string }>;
  segments: Array<{ id: string; name: string; color: string }>;
  campaigns: Array<{ id: string; name: string; color: string }>;
}

export type MarkCounts = Record<Mark, number>;

export interface GroupStat {
  key: string | null;
  posts: number;
  measured: number;
  interactions: number;
  impressions: number;
  medianRate: number | null;
  meanRate: number | null;
  impressionRate: number | null;
  marks: MarkCounts;
}

export type Format = 'video' | 'image' | 'link' | 'text';

export interface PostPreview {
  id: string;
  postId: string;
  title: string;
  text: string;
  channelAccountId: string;
  segmentId: string | null;
  campaignId: string | null;
  publishedAt: string;
  remoteUrl: string | null;
  mediaId: string | null;
  mediaKind: string | null;
  format: Format;
  checkpoint: string | null;
  reactions: number;
  comments: number;
  shares: number;
  impressions: number | null;
  followersAtPublish: number | null;
  rate: number | null;
  impressionRate: number | null;
  mark: Mark | null;
}

export interface ContentReport {
  range: ReportRange;
  formula: string;
  bucket: 'day' | 'week';
  summary: GroupStat & { collecting: number };
  distribution: Array<{ from: number; to: number | null; count: number; mark: Mark }>;
  byChannel: GroupStat[];
  bySegment: GroupStat[];
  byCampaign: GroupStat[];
  byLabel: GroupStat[];
  byFormat: GroupStat[];
  timeline: Array<{ period: string; posts: number; measured: number; medianRate: number | null; meanRate: number | null }>;
  best: PostPreview[];
  worst: PostPreview[];
  segmentContent: Array<{ segmentId: string | null; dimension: 'format' | 'label'; key: string; posts: number; medianRate: number | null }>;
}

export interface ChannelCadence {
  id: string;
  name: string;
  provider: string;
  dailyTarget: number;
  days: Array<{ day: string; published: number }>;
  total: number;
  average: number;
  countedDays: number;
  daysOnTarget: number;
  daysBelowTarget: number;
  daysWithout: number;
  currentStreak: number;
  longestStreak: number;
  gaps: Array<{ from: string; to: string; days: number }>;
  longestGap: number;
}

export interface CadenceReport {
  range: ReportRange;
  today: string;
  channels: ChannelCadence[];
}

export interface TimeStat {
  weekday: number;
  hour: number;
  posts: number;
  medianRate: number | null;
  mark: Mark | null;
}

export interface BestTimes {
  timeZone: string;
  channelId: string | null;
  segmentId: string | null;
  scope: 'segment' | 'channel' | 'workspace';
  weeks: number;
  posts: number;
  firstDay: string | null;
  lastDay: string | null;
  spanDays: number;
  enough: boolean;
  reason: 'too_few_posts' | 'too_short_history' | null;
  needs: { posts: number; days: number; perSlot: number };
  cells: TimeStat[];
  hours: Array<{ hour: number; posts: number; medianRate: number | null; mark: Mark | null }>;
  suggestions: TimeStat[];
  bestHours: Array<{ hour: number; posts: number; medianRate: number | null; mark: Mark | null }>;
}

const base = (workspaceId: string) => `/api/workspaces/${encodeURIComponent(workspaceId)}/reports`;

export function reportSearch(f: ReportFilters): string {
  const params = new URLSearchParams({ from: f.from, to: f.to });
  if (f.channelId) params.set('channelIds', f.channelId);
  if (f.segmentId) params.set('segmentIds', f.segmentId);
  if (f.campaignId) params.set('campaignIds', f.campaignId);
  if (f.label) params.set('labels', f.label);
  return params.toString();
}

export const contentCsvUrl = (workspaceId: string, f: ReportFilters) => `${base(workspaceId)}/content/posts.csv?${reportSearch(f)}`;

export function useContentReport(workspaceId: string, f: ReportFilters) {
  return useQuery({
    queryKey: ['workspaces', workspaceId, 'reports', 'content', f],
    queryFn: () => api.get<ContentReport>(`${base(workspaceId)}/content?${reportSearch(f)}`),
    placeholderData: keepPreviousData,
  });
}

export function useCadenceReport(workspaceId: string, f: ReportFilters) {
  return useQuery({
    queryKey: ['workspaces', workspaceId, 'reports', 'cadence', f],
    queryFn: () => api.get<CadenceReport>(`${base(workspaceId)}/cadence?${reportSearch({ from: f.from, to: f.to, channelId: f.channelId })}`),
    placeholderData: keepPreviousData,
  });
}

/** Best hours for a channel (and segment): the composer and the slot editor ask this too. */
export function useBestTimes(workspaceId: string, q: { channelId?: string | null; segmentId?: string | null; weeks?: number }, enabled = true) {
  const params = new URLSearchParams();
  if (q.channelId) params.set('channelId', q.channelId);
  if (q.segmentId) params.set('segmentId', q.segmentId);
  if (q.weeks) params.set('weeks', String(q.weeks));
  return useQuery({
    queryKey: ['workspaces', workspaceId, 'reports', 'best-times', q.channelId ?? null, q.segmentId ?? null, q.weeks ?? 12],
    queryFn: () => api.get<BestTimes>(`${base(workspaceId)}/best-times?${params.toString()}`),
    enabled,
    staleTime: 10 * 60_000,
  });
}
