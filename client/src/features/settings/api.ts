import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { ApiToken, Invite, Member, Role } from '../../api/types';
import { sessionKey } from '../auth/session';

const base = (workspaceId: string) => `/api/workspaces/${encodeURIComponent(workspaceId)}`;

export const settingsKeys = {
  members: (workspaceId: string) => ['workspaces', workspaceId, 'members'] as const,
  invites: (workspaceId: string) => ['workspaces', workspaceId, 'invites'] as const,
  tokens: (workspaceId: string) => ['workspaces', workspaceId, 'tokens'] as const,
};

/* Members */

export const membersQuery = (workspaceId: string) =>
  queryOptions({
    queryKey: settingsKeys.members(workspaceId),
    queryFn: () => api.get<{ members: Member[] }>(`${base(workspaceId)}/members`).then((r) => r.members),
  });

export function useMembers(workspaceId: string) {
  return useQuery(membersQuery(workspaceId));
}

export function useUpdateMemberRoles(workspaceId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ userId, roles }: { userId: string; roles: Role[] }) =>
      api.patch<Member>(`${base(workspaceId)}/members/${encodeURIComponent(userId)}`, { roles }),
    // The role boxes show the choice at once themselves (MembersSettings); the list is read again after.
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: settingsKeys.members(workspaceId) }),
        // My own roles may have changed.
        queryClient.invalidateQueries({ queryKey: sessionKey }),
      ]),
  });
}

export function useRemoveMember(workspaceId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (userId: string) => api.delete(`${base(workspaceId)}/members/${encodeURIComponent(userId)}`),
    onSettled: () => queryClient.invalidateQueries({ queryKey: settingsKeys.members(workspaceId) }),
  });
}

/* Invites */

export function useInvites(workspaceId: string, enabled: boolean) {
  return useQuery({
    queryKey: settingsKeys.invites(workspaceId),
    queryFn: () => api.get<{ invites: Invite[] }>(`${base(workspaceId)}/invites`).then((r) => r.invites),
    enabled,
  });
}

export function useCreateInvite(workspaceId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { email: string; roles: Role[] }) => api.post<{ invite: Invite; url: string }>(`${base(workspaceId)}/invites`, input),
    onSettled: () => queryClient.invalidateQueries({ queryKey: settingsKeys.invites(workspaceId) }),
  });
}

export function useRevokeInvite(workspaceId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (inviteId: string) => api.delete(`${base(workspaceId)}/invites/${encodeURIComponent(inviteId)}`),
    onSettled: () => queryClient.invalidateQueries({ queryKey: settingsKeys.invites(workspaceId) }),
  });
}

/* API tokens */

export function useTokens(workspaceId: string) {
  return useQuery({
    queryKey: settingsKeys.tokens(workspaceId),
    queryFn: () => api.get<{ tokens: ApiToken[] }>(`${base(workspaceId)}/tokens`).then((r) => r.tokens),
  });
}

export function useCreateToken(workspaceId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { name: string; roles: Role[]; expiresInDays?: number }) =>
      api.post<{ token: ApiToken; secret: string }>(`${base(workspaceId)}/tokens`, input),
    onSettled: () => queryClient.invalidateQueries({ queryKey: settingsKeys.tokens(workspaceId) }),
  });
}

export function useRevokeToken(workspaceId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (tokenId: string) => api.delete(`${base(workspaceId)}/tokens/${encodeURIComponent(tokenId)}`),
    onSettled: () => queryClient.invalidateQueries({ queryKey: settingsKeys.tokens(workspaceId) }),
  });
}
