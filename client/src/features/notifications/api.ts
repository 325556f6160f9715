import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';

/* Wire types of server/src/modules/notifications/schemas.ts. */

export type NotificationKind =
  | 'review_requested'
  | 'approved'
  | 'changes_requested'
  | 'mentioned'
  | 'review_reminder'
  | 'late_approval'
  | 'publish_failed'
  | 'publish_at_risk'
  | 'channel_needs_reconnect'
  | 'conversation_assigned'
  | 'conversation_overdue'
  | 'inbox_mentioned'
  | 'escalation_created'
  | 'escalation_resolved';

export interface AppNotification {
  id: string;
  kind: NotificationKind;
  postId: string | null;
  data: Record<string, unknown>;
  readAt: string | null;
  createdAt: string;
}

export interface NotificationList {
  notifications: AppNotification[];
  unread: number;
  nextBefore: string | null;
}

/** The bell polls this often. */
export const NOTIFICATION_POLL_MS = 30_000;

const base = (workspaceId: string) => `/api/workspaces/${encodeURIComponent(workspaceId)}/notifications`;
export const notificationKeys = { list: (workspaceId: string) => ['workspaces', workspaceId, 'notifications'] as const };

/** The latest notifications and the unread count, refreshed every 30 s (and on focus). */
export function useNotifications(workspaceId: string) {
  return useQuery({
    queryKey: notificationKeys.list(workspaceId),
    queryFn: () => api.get<NotificationList>(`${base(workspaceId)}?limit=20`),
    refetchInterval: NOTIFICATION_POLL_MS,
    enabled: Boolean(workspaceId),
  });
}

/** Marks some notifications (or all) read; the list shows it at once and is refetched after. */
export function useMarkNotificationsRead(workspaceId: string) {
  const queryClient = useQueryClient();
  const key = notificationKeys.list(workspaceId);
  return useMutation({
    mutationFn: (which: { ids: string[] } | { all: true }) => api.post<{ marked: number; unread: number }>(`${base(workspaceId)}/read`, which),
    onMutate: async (which) => {
      await queryClient.cancelQueries({ queryKey: key });
      const previous = queryClient.getQueryData<NotificationList>(key);
      if (previous) {
        const now = new Date().toISOString();
        const hit = (n: AppNotification) => !n.readAt && ('all' in which || which.ids.includes(n.id));
        const marked = previous.notifications.filter(hit).length;
        queryClient.setQueryData<NotificationList>(key, {
          ...previous,
          unread: 'all' in which ? 0 : Math.max(0, previous.unread - marked),
          notifications: previous.notifications.map((n) => (hit(n) ? { ...n, readAt: now } : n)),
        });
      }
      return { previous };
    },
    onError: (_error, _which, context) => {
      if (context?.previous) queryClient.setQueryData(key, context.previous);
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: key }),
  });
}
