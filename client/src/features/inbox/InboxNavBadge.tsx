import { useTranslation } from 'react-i18next';
import { useRealtimeInvalidate } from '../../lib/realtime';
import { inboxKeys, useUnreadCount } from './api';
import './nav-badge.css';

/** The unread count on the Inbox item of the navigation, kept live by real-time events. */
export function InboxNavBadge({ workspaceId }: { workspaceId: string }) {
  const { t } = useTranslation();
  const unread = useUnreadCount(workspaceId);
  useRealtimeInvalidate(
    ['inbox.message', 'inbox.conversation'],
    (e) => (e.workspaceId === workspaceId ? [inboxKeys.unread(workspaceId)] : []),
    1_000,
  );
  const n = unread.data ?? 0;
  if (n <= 0) return null;
  return (
    <span className="nav-badge" data-testid="inbox-unread">
      <span aria-hidden="true">{n > 99 ? '99+' : n}</span>
      <span className="visually-hidden">{t('inbox.nav.unread', { count: n })}</span>
    </span>
  );
}
