import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { DigestData } from '../../../../server/src/modules/digest/digest-data';
import { api } from '../../api/client';

// What a digest says: the server's own types (pure, no runtime code).
export type { CustomerItem, DigestData, EscalationItem, PostItem } from '../../../../server/src/modules/digest/digest-data';

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
    // The checkbox shows the choice at once itself (SubscriptionToggle); the cache takes the server's answer, and a
    // refetch already on its way must not overwrite that with the old one.
    onMutate: () => queryClient.cancelQueries({ queryKey: keys.settings(workspaceId) }),
    onSuccess: (data) => queryClient.setQueryData(keys.settings(workspaceId), data),
  });
}
