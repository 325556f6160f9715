import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, setCsrfToken } from '../../api/client';
import type { Locale, LoginResponse, User } from '../../api/types';
import { sessionKey, sessionQuery } from './session';

/** Log in, then load the full session (memberships) so the caller can pick a workspace. */
export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (input: { email: string; password: string }) => {
      const result = await api.post<LoginResponse>('/api/auth/login', input);
      setCsrfToken(result.csrfToken);
      queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== sessionKey[0] });
      return queryClient.fetchQuery({ ...sessionQuery, staleTime: 0 });
    },
  });
}

export function useLogout() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<void>('/api/auth/logout'),
    onSettled: () => {
      setCsrfToken(null);
      queryClient.clear();
      queryClient.setQueryData(sessionKey, null);
    },
  });
}

export function useChangePassword() {
  return useMutation({
    mutationFn: (input: { currentPassword: string; newPassword: string }) => api.post<void>('/api/auth/password', input),
  });
}

export function useUpdateMe() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { name?: string; locale?: Locale }) => api.patch<User>('/api/auth/me', input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: sessionKey }),
  });
}
