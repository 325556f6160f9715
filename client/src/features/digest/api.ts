import type { Mark } from '@reports/engagement';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';

export interface CustomerItem {
  conversationId: string;
  channelName: string;
  provider: string;
  customerName: string;
  customerHandle: string | null;
  text: string;
  sentAt: string;
  category: 'question' | 'complaint' | 'praise' | 'other';
  sentiment: 'negative' | 'neutral' | 'positive';
  unanswered: boolean;
  overdue: boolean;
  messages: number;
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

export interface DigestData {
  version: 1;
  workspace: { id: string; name: string; timeZone: string };
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
    more: number;
  };
  escalations: { counts: { new: number; open: number; inProgress: number; resolved: number }; items: EscalationItem[]; more: number };
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
  cadence: Array<{
    channelId: string;
    name: string;
    provider: string;
    dailyTarget: number;
    yesterday: number;
    onTarget: boolean;
    daysOnTarget: number;
    days: number;
    currentStreak: number;
  }>;
}

export interface DigestSummary {
  id: string;
  day: string;
  createdAt: string;
  customers: number;
  unanswered: number;
  negative: number;
  escalations: number;
  posts: number;
}

export interface Digest {
  id: string;
  day: string;
  periodStart: string;
  periodEnd: string;
  createdAt: string;
  data: DigestData;
}

export interface DigestSettings {
  enabled: boolean;
  sendTime: string;
  timeZone: string;
  nextAt: string;
  subscription: { subscribed: boolean; byDefault: boolean; chosen: boolean };
}

const base = (workspaceId: string) => `/api/workspaces/${encodeURIComponent(workspaceId)}`;
const keys = {
  list: (workspaceId: string) => ['workspaces', workspaceId, 'digests'] as const,
  one: (workspaceId: string, id: string) => ['workspaces', workspaceId, 'digests', id] as const,
  settings: (workspaceId: string) => ['workspaces', workspaceId, 'digest-settings'] as const,
};

export const digestEmailUrl = (workspaceId: string, id: string, locale: 'ko' | 'en') =>
  `${base(workspaceId)}/digests/${encodeURIComponent(id)}/email?locale=${locale}`;

export function useDigestList(workspaceId: string) {
  return useQuery({
    queryKey: keys.list(workspaceId),
    queryFn: () => api.get<{ today: string; items: DigestSummary[] }>(`${base(workspaceId)}/digests?limit=60`),
  });
}

export function useDigest(workspaceId: string, id: string | null) {
  return useQuery({
    queryKey: keys.one(workspaceId, id ?? ''),
    queryFn: () => api.get<Digest>(`${base(workspaceId)}/digests/${encodeURIComponent(id ?? '')}`),
    enabled: Boolean(id),
    staleTime: Number.POSITIVE_INFINITY,
  });
}

export function useDigestSettings(workspaceId: string) {
  return useQuery({ queryKey: keys.settings(workspaceId), queryFn: () => api.get<DigestSettings>(`${base(workspaceId)}/digest/settings`) });
}

export function useSaveDigestSettings(workspaceId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { enabled?: boolean; sendTime?: string }) => api.put<DigestSettings>(`${base(workspaceId)}/digest/settings`, input),
    onSuccess: (data) => queryClient.setQueryData(keys.settings(workspaceId), data),
  });
}

export function useSubscribe(workspaceId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (subscribed: boolean) => api.put<DigestSettings>(`${base(workspaceId)}/digest/subscription`, { subscribed }),
    // Optimistic: the checkbox flips at once and rolls back if the server refuses.
    onMutate: async (subscribed) => {
      const key = keys.settings(workspaceId);
      await queryClient.cancelQueries({ queryKey: key });
      const previous = queryClient.getQueryData<DigestSettings>(key);
      if (previous)
        queryClient.setQueryData<DigestSettings>(key, { ...previous, subscription: { ...previous.subscription, subscribed, chosen: true } });
      return { previous };
    },
    onError: (_error, _input, context) => {
      if (context?.previous) queryClient.setQueryData(keys.settings(workspaceId), context.previous);
    },
    onSuccess: (data) => queryClient.setQueryData(keys.settings(workspaceId), data),
  });
}
