import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { base } from '../calendar/api';

/* Wire types of server/src/modules/review-links/routes.ts. */
export type ReviewLinkStatus = 'live' | 'used' | 'expired' | 'superseded';

export interface ReviewLinkRow {
  id: string;
  email: string;
  step: { id: string; name: string };
  version: number;
  expiresAt: string;
  usedAt: string | null;
  createdAt: string;
  status: ReviewLinkStatus;
}

/** A renewed link: the URL holds the token and is returned only this once. */
export interface RenewedReviewLink {
  id: string;
  email: string;
  expiresAt: string;
  url: string;
}

const linksPath = (w: string, postId: string) => `${base(w)}/posts/${encodeURIComponent(postId)}/review-links`;
export const reviewLinkKeys = { list: (w: string, postId: string) => ['workspaces', w, 'approvals', 'review-links', postId] as const };

/** A post's outside review links, newest first (planners and admins only). */
export function useReviewLinks(w: string, postId: string, enabled = true) {
  return useQuery({
    queryKey: reviewLinkKeys.list(w, postId),
    queryFn: () => api.get<{ links: ReviewLinkRow[] }>(linksPath(w, postId)).then((r) => r.links),
    enabled,
  });
}

export function useRenewReviewLink(w: string, postId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (linkId: string) => api.post<RenewedReviewLink>(`${linksPath(w, postId)}/${encodeURIComponent(linkId)}/renew`, {}),
    onSettled: () => queryClient.invalidateQueries({ queryKey: reviewLinkKeys.list(w, postId) }),
  });
}
