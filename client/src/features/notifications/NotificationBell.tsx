import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { errorMessage } from '../../lib/errors';
import { formatDateTime } from '../../lib/time';
import { Button } from '../../ui/Button';
import { LoadingState } from '../../ui/Spinner';
import { useToast } from '../../ui/Toast';
import { type AppNotification, useMarkNotificationsRead, useNotifications } from './api';
import { notificationQuote, notificationText } from './notification-text';
import './notifications.css';

/** Where a notification leads: the post in the approvals screen. */
export const postHref = (workspaceId: string, postId: string | null) =>
  `/w/${encodeURIComponent(workspaceId)}/approvals${postId ? `?post=${encodeURIComponent(postId)}` : ''}`;

/** Inbox notifications lead to their conversation; the others to their post. */
export function notificationHref(workspaceId: string, n: AppNotification): string {
  const conversationId = n.data.conversationId;
  if (typeof conversationId === 'string' && conversationId)
    return `/w/${encodeURIComponent(workspaceId)}/inbox?c=${encodeURIComponent(conversationId)}`;
  return postHref(workspaceId, n.postId);
}

/**
 * The header bell: unread count, and a panel with the latest notifications (mark one or all read,
 * each links to its post). Escape or a click outside closes it; focus returns to the bell.
 */
export function NotificationBell({ workspaceId, timeZone }: { workspaceId: string; timeZone?: string }) {
  const { t, i18n } = useTranslation();
  const toast = useToast();
  const panelId = useId();
  const headingId = useId();
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const wrap = useRef<HTMLDivElement>(null);
  const query = useNotifications(workspaceId);
  const markRead = useMarkNotificationsRead(workspaceId);
  const unread = query.data?.unread ?? 0;
  const lang = i18n.resolvedLanguage ?? i18n.language;
  const formatTime = (iso: string) => formatDateTime(iso, timeZone, lang);

  useEffect(() => {
    if (!open) return;
    const onPointer = (event: PointerEvent) => {
      if (wrap.current && !wrap.current.contains(event.target as Node)) setOpen(false);
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      setOpen(false);
      button.current?.focus();
    };
    document.addEventListener('pointerdown', onPointer);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('pointerdown', onPointer);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);

  function mark(which: { ids: string[] } | { all: true }) {
    markRead.mutate(which, { onError: (error) => toast.error(errorMessage(t, error)) });
  }

  function follow(n: AppNotification) {
    if (!n.readAt) mark({ ids: [n.id] });
    setOpen(false);
  }

  const label = unread > 0 ? t('notifications.bellUnread', { count: unread }) : t('notifications.bell');

  return (
    <div className="notif" ref={wrap}>
      <button
        ref={button}
        type="button"
        className="btn btn-ghost btn-sm notif-bell"
        aria-label={label}
        aria-expanded={open}
        aria-controls={open ? panelId : undefined}
        onClick={() => setOpen((v) => !v)}
      >
        <svg className="icon" viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" focusable="false">
          <path
            d="M6 16V11a6 6 0 1 1 12 0v5l1.5 2h-15L6 16ZM10 20a2 2 0 0 0 4 0"
            fill="none"
            stroke="currentColor"
            strokeWidth="1.8"
            strokeLinecap="round"
            strokeLinejoin="round"
          />
        </svg>
        {unread > 0 ? (
          <span className="notif-badge" aria-hidden="true" data-testid="notification-count">
            {unread > 99 ? '99+' : unread}
          </span>
        ) : null}
      </button>
      {open ? (
        <section id={panelId} className="notif-panel" aria-labelledby={headingId}>
          <header className="notif-head">
            <h2 id={headingId} className="notif-title">
              {t('notifications.title')}
            </h2>
            <Button size="sm" variant="ghost" disabled={unread === 0} onClick={() => mark({ all: true })}>
              {t('notifications.markAllRead')}
            </Button>
          </header>
          {query.isPending ? (
            <LoadingState rows={2} />
          ) : query.isError ? (
            <p className="alert alert-error" role="alert">
              {errorMessage(t, query.error)}
            </p>
          ) : query.data.notifications.length === 0 ? (
            <p className="notif-empty">{t('notifications.empty')}</p>
          ) : (
            <ul className="notif-list">
              {query.data.notifications.map((n) => {
                const quote = notificationQuote(n);
                return (
                  <li key={n.id} className={`notif-item${n.readAt ? '' : ' is-unread'}`}>
                    <Link className="notif-link" to={notificationHref(workspaceId, n)} onClick={() => follow(n)}>
                      {n.readAt ? null : <span className="visually-hidden">{t('notifications.unreadMark')} </span>}
                      <span className="notif-text">{notificationText(t, n, formatTime)}</span>
                      {quote ? <span className="notif-quote">{quote}</span> : null}
                      <time className="notif-time" dateTime={n.createdAt}>
                        {formatTime(n.createdAt)}
                      </time>
                    </Link>
                    {n.readAt ? null : (
                      <button
                        type="button"
                        className="notif-read"
                        aria-label={t('notifications.markRead', { text: notificationText(t, n, formatTime) })}
                        title={t('notifications.markReadShort')}
                        onClick={() => mark({ ids: [n.id] })}
                      >
                        <span className="notif-dot" aria-hidden="true" />
                      </button>
                    )}
                  </li>
                );
              })}
            </ul>
          )}
        </section>
      ) : null}
    </div>
  );
}
