import { useMutation, useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { Provider } from '../../api/types';

export interface PublicReview {
  workspace: { name: string };
  post: { title: string; version: number };
  step: { name: string };
  email: string;
  expiresAt: string;
  variants: Array<{
    id: string;
    text: string;
    link: string | null;
    firstComment: string | null;
    mediaCount: number;
    channel: { provider: Provider; name: string; handle: string };
    segment: { name: string } | null;
  }>;
}

export type LinkDecision = { decision: 'approved' | 'changes_requested'; comment: string };

const path = (token: string) => `/api/review/${encodeURIComponent(token)}`;

export function usePublicReview(token: string) {
  return useQuery({
    queryKey: ['public-review', token],
    queryFn: () => api.get<PublicReview>(path(token)),
    retry: false,
    refetchOnWindowFocus: false,
  });
}

export function useDecideByLink(token: string) {
  return useMutation({ mutationFn: (body: LinkDecision) => api.post<{ state: string }>(`${path(token)}/decision`, body) });
}
