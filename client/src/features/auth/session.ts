import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, isApiError, setCsrfToken } from '../../api/client';
import type { Session } from '../../api/types';

export const sessionKey = ['session'] as const;

/** The signed-in session, or `null` when the server answers 401. */
export const sessionQuery = queryOptions({
  queryKey: sessionKey,
  queryFn: async (): Promise<Session | null> => {
    try {
      const session = await api.get<Session>('/api/auth/session');
      setCsrfToken(session.csrfToken);
      return session;
    } catch (error) {
      if (isApiError(error) && error.status === 401) {
        setCsrfToken(null);
        return null;
      }
      throw error;
    }
  },
  staleTime: 60_000,
  retry: (failureCount, error) => !(isApiError(error) && error.status < 500) && failureCount < 2,
});

export function useSession() {
  return useQuery(sessionQuery);
}
