import type { TFunction } from 'i18next';
import type { AppNotification } from './api';

const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : '');

/** One line for a notification, from its kind and data, in the active language. */
export function notificationText(t: TFunction, n: AppNotification, formatTime: (iso: string) => string): string {
  const title = text(n.data.title) || t('notifications.untitled');
  const by = text(n.data.by);
  const step = text(n.data.step);
  const deadline = text(n.data.deadline);
  switch (n.kind) {
    case 'review_requested':
      return step ? t('notifications.kind.review_requested_step', { title, step }) : t('notifications.kind.review_requested', { title });
    case 'approved':
      return t('notifications.kind.approved', { title });
    case 'changes_requested':
      return by ? t('notifications.kind.changes_requested_by', { title, by }) : t('notifications.kind.changes_requested', { title });
    case 'mentioned':
      return t('notifications.kind.mentioned', { title, by: by || t('notifications.someone') });
    case 'review_reminder':
      return deadline
        ? t('notifications.kind.review_reminder_at', { title, at: formatTime(deadline) })
        : t('notifications.kind.review_reminder', { title });
    case 'late_approval':
      return t('notifications.kind.late_approval', { title });
    case 'publish_failed':
      return t('notifications.kind.publish_failed', { title });
    case 'publish_at_risk':
      return t('notifications.kind.publish_at_risk', { title, channel: text(n.data.channel), detail: text(n.data.detail) });
    case 'channel_needs_reconnect':
      return t('notifications.kind.channel_needs_reconnect', { channel: text(n.data.channel) || title });
    case 'conversation_assigned':
      return by ? t('notifications.kind.conversation_assigned_by', { title, by }) : t('notifications.kind.conversation_assigned', { title });
    case 'conversation_overdue':
      return deadline
        ? t('notifications.kind.conversation_overdue_at', { title, at: formatTime(deadline) })
        : t('notifications.kind.conversation_overdue', { title });
    case 'inbox_mentioned':
      return t('notifications.kind.inbox_mentioned', { title, by: by || t('notifications.someone') });
    case 'escalation_created':
      return t('notifications.kind.escalation_created', { title, department: text(n.data.department) || t('notifications.aDepartment') });
    case 'escalation_resolved':
      return t('notifications.kind.escalation_resolved', { title, department: text(n.data.department) || t('notifications.aDepartment') });
    default:
      return title;
  }
}

/** The comment a notification quotes (changes requested, mentions), if any. */
export function notificationQuote(n: AppNotification): string {
  return n.kind === 'changes_requested' || n.kind === 'mentioned' || n.kind === 'inbox_mentioned' || n.kind === 'escalation_resolved'
    ? text(n.data.comment)
    : '';
}
