import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { ChannelAccount, ChannelProvider } from './planning-types';

/* Wire types of server/src/modules/channels/connect-routes.ts. Tokens go up once and never come back. */

export interface TokenConnectInput {
  provider: ChannelProvider;
  token: string;
  refreshToken?: string;
  pageId?: string;
  igUserId?: string;
}

export interface MetaSelectionAccount {
  id: string;
  avatarUrl: string | null;
  followerCount: number | null;
  connected: boolean;
}

export interface MetaSelection {
  id: string;
  expiresAt: string;
  pages: Array<MetaSelectionAccount & { name: string; instagram: (MetaSelectionAccount & { username: string }) | null }>;
}

const base = (workspaceId: string) => `/api/workspaces/${encodeURIComponent(workspaceId)}/channels`;
const channelsRoot = (workspaceId: string) => ['workspaces', workspaceId, 'channels'];

function useInvalidateChannels(workspaceId: string) {
  const queryClient = useQueryClient();
  // The calendar and composer cache channels (and their status) under the same root.
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: channelsRoot(workspaceId) }),
      queryClient.invalidateQueries({ queryKey: ['workspaces', workspaceId, 'calendar'] }),
    ]);
}

export function useConnectWithToken(workspaceId: string) {
  const invalidate = useInvalidateChannels(workspaceId);
  return useMutation({
    mutationFn: (input: TokenConnectInput) => api.post<{ channel: ChannelAccount; created: boolean }>(`${base(workspaceId)}/connect-token`, input),
    onSuccess: () => invalidate(),
  });
}

/** Asks for the network's sign-in URL, then leaves for it. */
export function useStartOAuth(workspaceId: string) {
  return useMutation({
    mutationFn: (provider: 'x' | 'meta') => api.post<{ url: string }>(`${base(workspaceId)}/oauth/${provider}/start`),
    onSuccess: ({ url }) => window.location.assign(url),
  });
}

export function useMetaSelection(workspaceId: string, selectionId: string | null) {
  return useQuery({
    queryKey: [...channelsRoot(workspaceId), 'meta-selection', selectionId],
    queryFn: () => api.get<MetaSelection>(`${base(workspaceId)}/meta-selections/${encodeURIComponent(selectionId ?? '')}`),
    enabled: selectionId !== null,
    retry: false,
    staleTime: Number.POSITIVE_INFINITY,
  });
}

export function useConnectMetaSelection(workspaceId: string, selectionId: string) {
  const invalidate = useInvalidateChannels(workspaceId);
  return useMutation({
    mutationFn: (pick: { pageIds: string[]; instagramIds: string[] }) =>
      api.post<{ channels: ChannelAccount[] }>(`${base(workspaceId)}/meta-selections/${encodeURIComponent(selectionId)}`, pick),
    onSuccess: () => invalidate(),
  });
}

export function useDisconnectChannel(workspaceId: string) {
  const invalidate = useInvalidateChannels(workspaceId);
  return useMutation({
    mutationFn: (channelId: string) => api.post<ChannelAccount>(`${base(workspaceId)}/${encodeURIComponent(channelId)}/disconnect`),
    onSuccess: () => invalidate(),
  });
}

export type ConnectionState = 'connected' | 'needs_reconnect' | 'not_connected';

export function connectionState(channel: Pick<ChannelAccount, 'status' | 'remoteId'>): ConnectionState {
  if (channel.status === 'needs_reconnect') return 'needs_reconnect';
  return channel.status === 'active' && channel.remoteId ? 'connected' : 'not_connected';
}
