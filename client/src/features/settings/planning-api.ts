import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, isApiError } from '../../api/client';
import type {
  CalendarFeedState,
  Campaign,
  CampaignInput,
  ChannelAccount,
  ChannelInput,
  ChannelProvider,
  FeedFilters,
  FieldProblem,
  FreeSlot,
  ImportCommit,
  ImportDryRun,
  InUsePost,
  Segment,
  SegmentInput,
  SlotSet,
} from './planning-types';

const base = (workspaceId: string) => `/api/workspaces/${encodeURIComponent(workspaceId)}`;

export const planningKeys = {
  segments: (w: string) => ['workspaces', w, 'segments', 'all'] as const,
  campaigns: (w: string) => ['workspaces', w, 'campaigns', 'all'] as const,
  channels: (w: string) => ['workspaces', w, 'channels', 'list'] as const,
  slots: (w: string, channelId: string) => ['workspaces', w, 'channels', channelId, 'slots'] as const,
  nextFree: (w: string, channelId: string) => ['workspaces', w, 'channels', channelId, 'next-free-slot'] as const,
  feed: (w: string) => ['workspaces', w, 'calendar-feed'] as const,
};

/** Everything cached about segments/campaigns (also the calendar's and composer's lists) goes stale together. */
const segmentsRoot = (w: string) => ['workspaces', w, 'segments'] as const;
const campaignsRoot = (w: string) => ['workspaces', w, 'campaigns'] as const;

/* Helpers for API errors */

/** `details` of a 400 `validation_failed` as `{ name: message }`, with `body.` stripped from field paths. */
export function fieldErrors(error: unknown): Record<string, string> {
  if (!isApiError(error) || error.code !== 'validation_failed' || !Array.isArray(error.details)) return {};
  const out: Record<string, string> = {};
  for (const item of error.details as FieldProblem[]) {
    if (!item || typeof item.field !== 'string') continue;
    const key = item.field.replace(/^body\./, '');
    out[key] ??= item.message;
  }
  return out;
}

/** The posts listed by a 409 `segment_in_use` / `campaign_in_use`. */
export function inUsePosts(error: unknown): InUsePost[] | null {
  if (!isApiError(error) || !error.code.endsWith('_in_use')) return null;
  const details = error.details as { posts?: unknown } | undefined;
  return Array.isArray(details?.posts) ? (details.posts as InUsePost[]) : [];
}

/* Segments */

export function useSegmentList(workspaceId: string) {
  return useQuery({
    queryKey: planningKeys.segments(workspaceId),
    queryFn: () => api.get<{ segments: Segment[] }>(`${base(workspaceId)}/segments?includeArchived=true`).then((r) => r.segments),
  });
}

export function useSaveSegment(workspaceId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, input }: { id: string | null; input: Partial<SegmentInput> & { archived?: boolean } }) =>
      id
        ? api.patch<Segment>(`${base(workspaceId)}/segments/${encodeURIComponent(id)}`, input)
        : api.post<Segment>(`${base(workspaceId)}/segments`, input),
    onSettled: () => queryClient.invalidateQueries({ queryKey: segmentsRoot(workspaceId) }),
  });
}

export function useDeleteSegment(workspaceId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete(`${base(workspaceId)}/segments/${encodeURIComponent(id)}`),
    onSettled: () => queryClient.invalidateQueries({ queryKey: segmentsRoot(workspaceId) }),
  });
}

/* Campaigns */

export function useCampaignList(workspaceId: string) {
  return useQuery({
    queryKey: planningKeys.campaigns(workspaceId),
    queryFn: () => api.get<{ campaigns: Campaign[] }>(`${base(workspaceId)}/campaigns?includeArchived=true`).then((r) => r.campaigns),
  });
}

export function useSaveCampaign(workspaceId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, input }: { id: string | null; input: Partial<CampaignInput> & { archived?: boolean } }) =>
      id
        ? api.patch<Campaign>(`${base(workspaceId)}/campaigns/${encodeURIComponent(id)}`, input)
        : api.post<Campaign>(`${base(workspaceId)}/campaigns`, input),
    onSettled: () => queryClient.invalidateQueries({ queryKey: campaignsRoot(workspaceId) }),
  });
}

export function useDeleteCampaign(workspaceId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete(`${base(workspaceId)}/campaigns/${encodeURIComponent(id)}`),
    onSettled: () => queryClient.invalidateQueries({ queryKey: campaignsRoot(workspaceId) }),
  });
}

/* Channels and posting slots */

export function useChannelList(workspaceId: string) {
  return useQuery({
    queryKey: planningKeys.channels(workspaceId),
    queryFn: () => api.get<{ channels: ChannelAccount[] }>(`${base(workspaceId)}/channels`).then((r) => r.channels),
  });
}

export function useSaveChannel(workspaceId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, input }: { id: string | null; input: ChannelInput & { provider?: ChannelProvider } }) =>
      id
        ? api.patch<ChannelAccount>(`${base(workspaceId)}/channels/${encodeURIComponent(id)}`, input)
        : api.post<ChannelAccount>(`${base(workspaceId)}/channels`, input),
    // The calendar and composer cache channels under the same root.
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['workspaces', workspaceId, 'channels'] }),
  });
}

export function useSlots(workspaceId: string, channelId: string) {
  return useQuery({
    queryKey: planningKeys.slots(workspaceId, channelId),
    queryFn: () => api.get<SlotSet>(`${base(workspaceId)}/channels/${encodeURIComponent(channelId)}/slots`),
  });
}

export function useReplaceSlots(workspaceId: string, channelId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (slots: { weekday: number; time: string }[]) =>
      api.put<SlotSet>(`${base(workspaceId)}/channels/${encodeURIComponent(channelId)}/slots`, { slots }),
    onSuccess: (saved) => queryClient.setQueryData(planningKeys.slots(workspaceId, channelId), saved),
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: planningKeys.slots(workspaceId, channelId) }),
        queryClient.invalidateQueries({ queryKey: planningKeys.nextFree(workspaceId, channelId) }),
        queryClient.invalidateQueries({ queryKey: ['workspaces', workspaceId, 'slots'] }),
      ]),
  });
}

export function useNextFreeSlot(workspaceId: string, channelId: string) {
  return useQuery({
    queryKey: planningKeys.nextFree(workspaceId, channelId),
    queryFn: () => api.get<FreeSlot>(`${base(workspaceId)}/channels/${encodeURIComponent(channelId)}/next-free-slot`),
    retry: false,
  });
}

/* Plan CSV */

export function useImportPlan(workspaceId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ file, mode }: { file: File; mode: 'dry_run' | 'commit' }) => {
      const form = new FormData();
      form.append('file', file);
      return api.postForm<ImportDryRun | ImportCommit>(`${base(workspaceId)}/plan/import?mode=${mode}`, form);
    },
    onSuccess: (result) => {
      if (result.mode === 'commit') void queryClient.invalidateQueries({ queryKey: ['workspaces', workspaceId] });
    },
  });
}

export const exportUrl = (workspaceId: string, params: { from: string; to: string; lang: 'ko' | 'en' }) =>
  `${base(workspaceId)}/plan/export.csv?${new URLSearchParams(params).toString()}`;

/* iCal feed */

export function useCalendarFeed(workspaceId: string) {
  return useQuery({
    queryKey: planningKeys.feed(workspaceId),
    queryFn: () => api.get<CalendarFeedState>(`${base(workspaceId)}/calendar/feed`),
  });
}

export function useRotateFeed(workspaceId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (filters: FeedFilters) => api.post<{ url: string; createdAt: string }>(`${base(workspaceId)}/calendar/feed`, { filters }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: planningKeys.feed(workspaceId) }),
  });
}

/** Changes the feed's filters; the link already added to calendar apps keeps working. */
export function useChangeFeedFilters(workspaceId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (filters: FeedFilters) => api.patch<CalendarFeedState>(`${base(workspaceId)}/calendar/feed`, { filters }),
    onSuccess: (saved) => queryClient.setQueryData(planningKeys.feed(workspaceId), saved),
    onSettled: () => queryClient.invalidateQueries({ queryKey: planningKeys.feed(workspaceId) }),
  });
}

export function useDeleteFeed(workspaceId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.delete(`${base(workspaceId)}/calendar/feed`),
    onSettled: () => queryClient.invalidateQueries({ queryKey: planningKeys.feed(workspaceId) }),
  });
}
