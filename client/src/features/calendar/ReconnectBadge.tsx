import { useTranslation } from 'react-i18next';
import type { CalendarEntry } from '../../api/types';
import './reconnect.css';

const DONE = new Set(['published', 'failed', 'canceled']);

/** A variant still to go out on a channel that lost its connection: it will not publish until an admin reconnects. */
export function needsReconnect(entry: Pick<CalendarEntry, 'channelStatus' | 'state'>): boolean {
  return entry.channelStatus === 'needs_reconnect' && !DONE.has(entry.state);
}

export function ReconnectBadge({ entry, long = false }: { entry: Pick<CalendarEntry, 'channelStatus' | 'state' | 'channelName'>; long?: boolean }) {
  const { t } = useTranslation();
  if (!needsReconnect(entry)) return null;
  const text = t('channelConnect.calendar.warning', { channel: entry.channelName });
  if (long)
    return (
      <p className="alert alert-warning reconnect-alert" role="status">
        <span aria-hidden="true">⚠ </span>
        {text}
      </p>
    );
  return (
    <span className="reconnect-badge" title={text}>
      <span aria-hidden="true">⚠</span>
      <span className="visually-hidden">{text}</span>
    </span>
  );
}
