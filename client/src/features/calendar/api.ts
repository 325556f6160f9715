import { keepPreviousData, type QueryClient, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, isApiError } from '../../api/client';
import type {
  Cadence,
  CalendarEntry,
  CalendarFilters,
  CalendarPreferences,
  Campaign,
  ChannelAccount,
  MediaItem,
  Post,
  PostInput,
  Segment,
  UpcomingSlot,
} from '../../api/types';

export const base = (workspaceId: string) => `/api/workspaces/${encodeURIComponent(workspaceId)}`;

export interface Range {
  from: string;
  to: string;
}

export const planKeys = {
  calendar: (w: string) => ['workspaces', w, 'calendar'] as const,
  range: (w: string, range: Range | null, filters: CalendarFilters) => ['workspaces', w, 'calendar', 'range', range, filters] as const,
  unscheduled: (w: string, filters: CalendarFilters) => ['workspaces', w, 'calendar', 'unscheduled', filters] as const,
  cadence: (w: string, range: Range | null) => ['workspaces', w, 'calendar', 'cadence', range] as const,
  slots: (w: string, range: Range | null, channelIds: string[] | undefined) =>
    ['workspaces', w, 'calendar', 'slots', range, channelIds ?? []] as const,
  preferences: (w: string) => ['workspaces', w, 'preferences', 'calendar'] as const,
  channels: (w: string) => ['workspaces', w, 'channels'] as const,
  segments: (w: string) => ['workspaces', w, 'segments'] as const,
  campaigns: (w: string) => ['workspaces', w, 'campaigns'] as const,
  media: (w: string) => ['workspaces', w, 'media'] as const,
  post: (w: string, postId: string) => ['workspaces', w, 'posts', postId] as const,
};

function filterParams(filters: CalendarFilters): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, values] of Object.entries(filters) as [keyof CalendarFilters, string[] | undefined][]) {
    if (values?.length) params.set(key, values.join(','));
  }
  return params;
}

/** Variants in the visible range; the previous range stays on screen while the next one loads. */
export function useCalendarEntries(w: string, range: Range | null, filters: CalendarFilters) {
  return useQuery({
    queryKey: planKeys.range(w, range, filters),
    queryFn: () => {
      const params = filterParams(filters);
      params.set('from', range?.from ?? '');
      params.set('to', range?.to ?? '');
      params.set('format', 'columns');
      return api.get<{ columns: string[]; rows: unknown[][] }>(`${base(w)}/calendar?${params}`).then(entriesFromColumns);
    },
    enabled: range !== null,
    placeholderData: keepPreviousData,
    staleTime: 15_000,
  });
}

export function useUnscheduled(w: string, filters: CalendarFilters) {
  return useQuery({
    queryKey: planKeys.unscheduled(w, filters),
    queryFn: () => api.get<{ entries: CalendarEntry[] }>(`${base(w)}/calendar/unscheduled?${filterParams(filters)}`).then((r) => r.entries),
    placeholderData: keepPreviousData,
  });
}

export function useCadence(w: string, range: Range | null) {
  return useQuery({
    queryKey: planKeys.cadence(w, range),
    queryFn: () => api.get<Cadence>(`${base(w)}/calendar/cadence?${new URLSearchParams({ from: range?.from ?? '', to: range?.to ?? '' })}`),
    enabled: range !== null,
    placeholderData: keepPreviousData,
  });
}

/**
 * Posting slots still ahead in the range, for the listed channels (all when none): one request per range.
 * Under the calendar key, so a move or a save refreshes which slots are taken.
 */
export function useUpcomingSlots(w: string, range: Range | null, channelIds: string[] | undefined, enabled: boolean) {
  return useQuery({
    queryKey: planKeys.slots(w, range, channelIds),
    queryFn: async () => {
      const from = new Date(Math.max(Date.parse(range?.from ?? ''), Date.now())).toISOString();
      if (!range || from >= new Date(range.to).toISOString()) return [];
      const params = new URLSearchParams({ from, to: new Date(range.to).toISOString() });
      if (channelIds?.length) params.set('channelIds', channelIds.join(','));
      return api.get<{ slots: UpcomingSlot[] }>(`${base(w)}/slots/upcoming?${params}`).then((r) => r.slots);
    },
    enabled: enabled && range !== null,
    placeholderData: keepPreviousData,
    staleTime: 15_000,
  });
}

export function usePreferences(w: string) {
  return useQuery({
    queryKey: planKeys.preferences(w),
    queryFn: () => api.get<CalendarPreferences>(`${base(w)}/preferences/calendar`),
    staleTime: Number.POSITIVE_INFINITY,
  });
}

export function useSavePreferences(w: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (prefs: CalendarPreferences) => api.put<CalendarPreferences>(`${base(w)}/preferences/calendar`, prefs),
    onMutate: (prefs) => queryClient.setQueryData(planKeys.preferences(w), prefs),
  });
}

export function useChannels(w: string) {
  return useQuery({
    queryKey: planKeys.channels(w),
    queryFn: () => api.get<{ channels: ChannelAccount[] }>(`${base(w)}/channels`).then((r) => r.channels),
    staleTime: 5 * 60_000,
  });
}

export function useSegments(w: string) {
  return useQuery({
    queryKey: planKeys.segments(w),
    queryFn: () => api.get<{ segments: Segment[] }>(`${base(w)}/segments`).then((r) => r.segments),
    staleTime: 5 * 60_000,
  });
}

export function useCampaigns(w: string) {
  return useQuery({
    queryKey: planKeys.campaigns(w),
    queryFn: () => api.get<{ campaigns: Campaign[] }>(`${base(w)}/campaigns`).then((r) => r.campaigns),
    staleTime: 5 * 60_000,
  });
}

/** The media library; `null` when this server has no media library (404), so the picker hides. */
export function useMediaLibrary(w: string, enabled: boolean) {
  return useQuery({
    queryKey: planKeys.media(w),
    queryFn: async () => {
      try {
        const result = await api.get<{ media?: MediaItem[]; items?: MediaItem[] }>(`${base(w)}/media`);
        return result.media ?? result.items ?? [];
      } catch (error) {
        if (isApiError(error) && (error.status === 404 || error.status === 405)) return null;
        throw error;
      }
    },
    enabled,
    staleTime: 60_000,
  });
}

export function usePost(w: string, postId: string | null) {
  return useQuery({
    queryKey: planKeys.post(w, postId ?? ''),
    queryFn: () => api.get<Post>(`${base(w)}/posts/${encodeURIComponent(postId ?? '')}`),
    enabled: postId !== null,
    staleTime: 0,
  });
}

/** Everything the calendar shows may have changed: refetch it in the background. */
export function invalidatePlan(queryClient: QueryClient, w: string) {
  return queryClient.invalidateQueries({ queryKey: planKeys.calendar(w) });
}

export function useSavePost(w: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ postId, input }: { postId: string | null; input: PostInput }) =>
      postId ? api.patch<Post>(`${base(w)}/posts/${encodeURIComponent(postId)}`, input) : api.post<Post>(`${base(w)}/posts`, input),
    onSuccess: (post) => {
      queryClient.setQueryData(planKeys.post(w, post.id), post);
      return invalidatePlan(queryClient, w);
    },
  });
}

export function useDuplicatePost(w: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (postId: string) => api.post<Post>(`${base(w)}/posts/${encodeURIComponent(postId)}/duplicate`),
    onSettled: () => invalidatePlan(queryClient, w),
  });
}

export function useDeletePost(w: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (postId: string) => api.delete(`${base(w)}/posts/${encodeURIComponent(postId)}`),
    onSettled: () => invalidatePlan(queryClient, w),
  });
}

/** `PATCH …/variants/:id/schedule`; callers do the optimistic cache update (see `useMoveVariant`). */
export function scheduleVariant(w: string, variantId: string, scheduledAt: string | null) {
  return api.patch<unknown>(`${base(w)}/variants/${encodeURIComponent(variantId)}/schedule`, { scheduledAt });
}

/** The calendar answers columns and rows (half the bytes of objects on a busy month): back to entries. */
export function entriesFromColumns(answer: { columns: string[]; rows: unknown[][] }): CalendarEntry[] {
  const { columns, rows } = answer;
  return rows.map((row) => {
    const entry: Record<string, unknown> = {};
    for (let i = 0; i < columns.length; i++) entry[columns[i] as string] = row[i];
    return entry as unknown as CalendarEntry;
  });
}
