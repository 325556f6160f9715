import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { Locale, WorkspaceWithRoles } from '../../api/types';
import { sessionKey } from '../auth/session';

export const workspaceKeys = {
  all: ['workspaces'] as const,
  one: (workspaceId: string) => ['workspaces', workspaceId] as const,
};

export const workspaceQuery = (workspaceId: string) =>
  queryOptions({
    queryKey: workspaceKeys.one(workspaceId),
    queryFn: () => api.get<WorkspaceWithRoles>(`/api/workspaces/${encodeURIComponent(workspaceId)}`),
  });

export function useWorkspace(workspaceId: string) {
  return useQuery(workspaceQuery(workspaceId));
}

export function useCreateWorkspace() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { name: string; timeZone?: string }) => api.post<WorkspaceWithRoles>('/api/workspaces', input),
    onSuccess: () =>
      Promise.all([queryClient.invalidateQueries({ queryKey: sessionKey }), queryClient.invalidateQueries({ queryKey: workspaceKeys.all })]),
  });
}

export function useUpdateWorkspace(workspaceId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { name?: string; timeZone?: string; locale?: Locale }) =>
      api.patch<WorkspaceWithRoles>(`/api/workspaces/${encodeURIComponent(workspaceId)}`, input),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: sessionKey }),
        queryClient.invalidateQueries({ queryKey: workspaceKeys.one(workspaceId) }),
      ]),
  });
}
