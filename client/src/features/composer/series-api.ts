import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { PostInput, ValidationProblem } from '../../api/types';
import { base, invalidatePlan, planKeys } from '../calendar/api';

/** What `POST`/`PATCH /series` answer (server/src/modules/recurrence/schemas.ts). */
export interface SeriesView {
  id: string;
  rrule: string;
  start: string;
  timeZone: string;
  generatedThrough: string | null;
  exceptions: string[];
  occurrences: { postId: string; title: string; state: string; at: string | null; local: string | null; exception: boolean }[];
}
export interface CreatedSeries extends SeriesView {
  warnings: ValidationProblem[][];
}
export type SeriesScope = 'this' | 'following' | 'all';
export interface SeriesChanges {
  title?: string;
  brief?: string;
  labels?: string[];
  text?: string;
  /** `HH:mm` on the workspace's wall clock. */
  time?: string;
}
export interface EditedSeries {
  edited: string[];
  skipped: { postId: string; reason: 'published' | 'exception' | 'past' }[];
  series: SeriesView;
}

export function useCreateSeries(w: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: PostInput & { rrule: string; horizonDays: number }) => api.post<CreatedSeries>(`${base(w)}/series`, input),
    onSuccess: () => invalidatePlan(queryClient, w),
  });
}

export function useEditSeries(w: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ seriesId, ...body }: { seriesId: string; scope: SeriesScope; postId: string; changes: SeriesChanges }) =>
      api.patch<EditedSeries>(`${base(w)}/series/${encodeURIComponent(seriesId)}`, body),
    onSuccess: async (result) => {
      await Promise.all(result.edited.map((id) => queryClient.invalidateQueries({ queryKey: planKeys.post(w, id) })));
      return invalidatePlan(queryClient, w);
    },
  });
}
