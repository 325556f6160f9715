import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { CalendarEntry } from '../../api/types';
import { planKeys, scheduleVariant } from './api';

export interface MoveInput {
  entry: CalendarEntry;
  /** ISO instant, or null to unschedule. */
  scheduledAt: string | null;
  /** FullCalendar's `info.revert` when the move came from a drag. */
  revert?: () => void;
}

/**
 * Moves a variant optimistically: every cached calendar range and the unscheduled list change at once, the
 * server is asked, and on refusal the caches are restored (and the drag reverted). The refetch afterwards
 * waits until the last of several quick moves settles, so twenty fast drags never flicker back and forth.
 */
export function useMoveVariant(w: string) {
  const queryClient = useQueryClient();
  const mutationKey = ['workspaces', w, 'move-variant'];
  return useMutation({
    mutationKey,
    mutationFn: ({ entry, scheduledAt }: MoveInput) => scheduleVariant(w, entry.id, scheduledAt),
    onMutate: async ({ entry, scheduledAt }) => {
      const rangePrefix = [...planKeys.calendar(w), 'range'];
      const unscheduledPrefix = [...planKeys.calendar(w), 'unscheduled'];
      await queryClient.cancelQueries({ queryKey: planKeys.calendar(w) });
      const snapshot = [
        ...queryClient.getQueriesData<CalendarEntry[]>({ queryKey: rangePrefix }),
        ...queryClient.getQueriesData<CalendarEntry[]>({ queryKey: unscheduledPrefix }),
      ];
      const moved: CalendarEntry = { ...entry, scheduledAt, state: entry.state };
      queryClient.setQueriesData<CalendarEntry[]>({ queryKey: rangePrefix }, (entries) => {
        if (!entries) return entries;
        const without = entries.filter((e) => e.id !== entry.id);
        return scheduledAt ? [...without, moved] : without;
      });
      queryClient.setQueriesData<CalendarEntry[]>({ queryKey: unscheduledPrefix }, (entries) => {
        if (!entries) return entries;
        const without = entries.filter((e) => e.id !== entry.id);
        return scheduledAt ? without : [moved, ...without];
      });
      return { snapshot };
    },
    onError: (_error, input, context) => {
      for (const [key, data] of context?.snapshot ?? []) queryClient.setQueryData(key, data);
      input.revert?.();
    },
    onSettled: () => {
      if (queryClient.isMutating({ mutationKey }) === 1) return queryClient.invalidateQueries({ queryKey: planKeys.calendar(w) });
    },
  });
}
