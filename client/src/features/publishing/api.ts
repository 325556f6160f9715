import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { Provider } from '../../api/types';
import { base, planKeys, scheduleVariant } from '../calendar/api';

/** `GET …/publishing/status`: readable by every member (the app's paused banner). */
export interface PublishingStatus {
  paused: boolean;
  pausedAt: string | null;
  pausedChannels: { id: string; name: string; pausedAt: string | null }[];
}

/** A variant that is due but held back: by a crisis pause, or for being too late to go out on its own. */
export interface HeldVariant {
  id: string;
  postId: string;
  text: string;
  scheduledAt: string | null;
  heldAt: string | null;
  channelAccount: { id: string; name: string; provider: Provider; pausedAt: string | null };
  post: { title: string };
}

export interface QueueHealth {
  counts: Record<string, number>;
  lastReconcile: { at: string; added: number; held: number; unsettled: number } | null;
  paused: boolean;
}

export const publishingKeys = {
  root: (w: string) => ['workspaces', w, 'publishing'] as const,
  status: (w: string) => ['workspaces', w, 'publishing', 'status'] as const,
  held: (w: string) => ['workspaces', w, 'publishing', 'held'] as const,
  health: (w: string) => ['workspaces', w, 'publishing', 'health'] as const,
};

/** How often the queue health refreshes on the admin panel. */
export const HEALTH_REFRESH_MS = 15_000;

export function usePublishingStatus(w: string) {
  return useQuery({
    queryKey: publishingKeys.status(w),
    queryFn: () => api.get<PublishingStatus>(`${base(w)}/publishing/status`),
    refetchInterval: 60_000,
    staleTime: 15_000,
  });
}

export function useHeldVariants(w: string) {
  return useQuery({
    queryKey: publishingKeys.held(w),
    queryFn: () => api.get<{ held: HeldVariant[] }>(`${base(w)}/publishing/held`).then((r) => r.held),
    refetchInterval: HEALTH_REFRESH_MS,
  });
}

export function useQueueHealth(w: string) {
  return useQuery({
    queryKey: publishingKeys.health(w),
    queryFn: () => api.get<QueueHealth>(`${base(w)}/publishing/health`),
    refetchInterval: HEALTH_REFRESH_MS,
  });
}

/** Crisis pause or resume, of the whole workspace or of one channel; answers the held variants. */
export function useSetPaused(w: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ paused, channelId }: { paused: boolean; channelId?: string }) =>
      api.post<{ held: HeldVariant[] }>(`${base(w)}/publishing/${paused ? 'pause' : 'resume'}`, channelId ? { channelId } : {}),
    onSuccess: (answer) => queryClient.setQueryData(publishingKeys.held(w), answer.held),
    onSettled: () => queryClient.invalidateQueries({ queryKey: publishingKeys.root(w) }),
  });
}

/** After an admin's decision on a held variant, the held list, the health and the calendar change. */
function useAfterDecision(w: string) {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: publishingKeys.root(w) }),
      queryClient.invalidateQueries({ queryKey: planKeys.calendar(w) }),
    ]);
}

export function usePublishNow(w: string) {
  const settle = useAfterDecision(w);
  return useMutation({
    mutationFn: (variantId: string) =>
      api.post<{ variantId: string; scheduledAt: string }>(`${base(w)}/variants/${encodeURIComponent(variantId)}/publish-now`),
    onSettled: settle,
  });
}

export function useRescheduleHeld(w: string) {
  const settle = useAfterDecision(w);
  return useMutation({
    mutationFn: ({ variantId, scheduledAt }: { variantId: string; scheduledAt: string }) => scheduleVariant(w, variantId, scheduledAt),
    onSettled: settle,
  });
}

/** `POST …/variants/:id/retry`: a failed variant goes back to scheduled. */
export function useRetryVariant(w: string) {
  const queryClient = useQueryClient();
  const settle = useAfterDecision(w);
  return useMutation({
    mutationFn: (variantId: string) => api.post<{ variantId: string; state: string }>(`${base(w)}/variants/${encodeURIComponent(variantId)}/retry`),
    onSettled: () => Promise.all([settle(), queryClient.invalidateQueries({ queryKey: ['workspaces', w, 'posts'] })]),
  });
}
