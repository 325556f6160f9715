import { Draggable } from '@fullcalendar/react/interaction';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { CalendarEntry } from '../../api/types';
import { Button } from '../../ui/Button';
import { LoadingState } from '../../ui/Spinner';
import { NetworkIcon, PROVIDER_LABEL } from './NetworkIcon';

export interface UnscheduledPanelProps {
  entries: CalendarEntry[] | undefined;
  loading: boolean;
  canEdit: boolean;
  colorOf: (entry: CalendarEntry) => string;
  onSchedule: (entry: CalendarEntry) => void;
  onOpen: (entry: CalendarEntry) => void;
}

/** Drafts without a time: drag one onto the calendar, or use "Schedule…" from the keyboard. */
export function UnscheduledPanel({ entries, loading, canEdit, colorOf, onSchedule, onOpen }: UnscheduledPanelProps) {
  const { t } = useTranslation();
  const listRef = useRef<HTMLUListElement>(null);

  useEffect(() => {
    const el = listRef.current;
    if (!el || !canEdit) return;
    const draggable = new Draggable(el, {
      itemSelector: '[data-unscheduled-id]',
      eventData: (itemEl: HTMLElement) => ({
        title: itemEl.dataset.title ?? '',
        duration: '00:30',
        create: false,
      }),
    });
    return () => draggable.destroy();
  }, [canEdit]);

  return (
    <aside className="card unscheduled-panel" aria-labelledby="unscheduled-title">
      <h2 id="unscheduled-title" className="panel-title">
        {t('calendar.unscheduled.title')}
        {entries?.length ? <span className="count-pill">{entries.length}</span> : null}
      </h2>
      <p className="panel-hint">{canEdit ? t('calendar.unscheduled.hint') : t('calendar.unscheduled.hintReadOnly')}</p>
      {loading && !entries ? <LoadingState rows={3} /> : !entries?.length ? <p className="panel-empty">{t('calendar.unscheduled.empty')}</p> : null}
      <ul ref={listRef} className="unscheduled-list">
        {(entries ?? []).map((entry) => (
          <li
            key={entry.id}
            className={`unscheduled-item${canEdit ? ' is-draggable' : ''}`}
            data-unscheduled-id={entry.id}
            data-title={entry.title}
            style={{ borderLeftColor: colorOf(entry) }}
          >
            <button type="button" className="unscheduled-open" onClick={() => onOpen(entry)}>
              <span className="unscheduled-line">
                <NetworkIcon provider={entry.provider} label={PROVIDER_LABEL[entry.provider]} />
                <span className="unscheduled-title">{entry.title}</span>
              </span>
              <span className="unscheduled-meta">
                {entry.channelName}
                {entry.segmentName ? ` · ${entry.segmentName}` : ''}
              </span>
              <span className="unscheduled-excerpt">{entry.excerpt}</span>
            </button>
            {canEdit ? (
              <Button size="sm" className="unscheduled-schedule" onClick={() => onSchedule(entry)}>
                {t('calendar.unscheduled.schedule')}
                <span className="visually-hidden">
                  : {entry.title} ({entry.channelName})
                </span>
              </Button>
            ) : null}
          </li>
        ))}
      </ul>
    </aside>
  );
}
