import FullCalendar from '@fullcalendar/react';
import dayGridPlugin from '@fullcalendar/react/daygrid';
import interactionPlugin from '@fullcalendar/react/interaction';
import listPlugin from '@fullcalendar/react/list';
import koLocale from '@fullcalendar/react/locales/ko';
import '@fullcalendar/react/skeleton.css';
import classicTheme from '@fullcalendar/react/themes/classic';
import '@fullcalendar/react/themes/classic/theme.css';
import '@fullcalendar/react/themes/classic/palette.css';
import type { DateClickInfo, DayCellInfo, DropInfo, EventDisplayInfo, EventDropInfo, EventInput } from '@fullcalendar/react';
import timeGridPlugin from '@fullcalendar/react/timegrid';
import { type FormEvent, useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { CalendarEntry, CalendarFilters, CalendarPreferences, CalendarView, ColorBy, UpcomingSlot } from '../../api/types';
import { Icon } from '../../app/Icon';
import { formatDateTime } from '../../lib/time';
import { useDocumentTitle } from '../../lib/use-document-title';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { EmptyState } from '../../ui/EmptyState';
import { PageHeader } from '../../ui/PageHeader';
import { LoadingState, Spinner } from '../../ui/Spinner';
import { useToast } from '../../ui/Toast';
import { Composer } from '../composer/Composer';
import { useCurrentWorkspace } from '../workspaces/current-workspace';
import {
  type Range,
  useCadence,
  useCalendarEntries,
  useCampaigns,
  useChannels,
  useMediaLibrary,
  usePreferences,
  useSavePreferences,
  useSegments,
  useUnscheduled,
  useUpcomingSlots,
} from './api';
import { channelColors, entryColor, tint } from './colors';
import { cadenceChannels, DayCadence } from './DayCadence';
import { EventDrawer } from './EventDrawer';
import { FiltersBar } from './FiltersBar';
import { HoverPreview, type HoverState } from './HoverPreview';
import { asProvider, NetworkIcon, PROVIDER_LABEL } from './NetworkIcon';
import { refusalMessage } from './problems';
import { ReconnectBadge } from './ReconnectBadge';
import { SegmentStrip } from './SegmentStrip';
import { SlotMarks, slotFreeCounts, slotGroups } from './SlotMarks';
import { entryState, StateBadge } from './StateBadge';
import { UnscheduledPanel } from './UnscheduledPanel';
import { useMoveVariant } from './use-move-variant';
import {
  addDays,
  fromZonedInput,
  instantFromCalendar,
  monthRange,
  nextHourInput,
  safeZone,
  todayIn,
  toZonedInput,
  zonedDay,
  zoneOffsetLabel,
} from './zoned';

const VIEW_IDS: Record<CalendarView, string> = { month: 'dayGridMonth', week: 'timeGridWeek', day: 'timeGridDay', list: 'listWeek' };
const MOVABLE = new Set(['draft', 'scheduled', 'failed']);

function viewOf(type: string): CalendarView {
  return (Object.entries(VIEW_IDS).find(([, id]) => id === type)?.[0] as CalendarView | undefined) ?? 'month';
}

/** The planner's calendar: variants by time in the workspace zone, drag to move, cadence per day and segment. */
export default function CalendarPage() {
  const { t } = useTranslation();
  const { workspace } = useCurrentWorkspace();
  useDocumentTitle(t('nav.calendar'));
  const prefs = usePreferences(workspace.id);

  if (prefs.isPending) {
    return (
      <div className="calendar-page">
        <PageHeader title={t('nav.calendar')} description={t('calendar.description')} />
        <div className="card">
          <LoadingState rows={6} />
        </div>
      </div>
    );
  }
  return <CalendarBoard key={workspace.id} initial={prefs.data ?? {}} />;
}

function CalendarBoard({ initial }: { initial: CalendarPreferences }) {
  const { t, i18n } = useTranslation();
  const toast = useToast();
  const { workspace, roles } = useCurrentWorkspace();
  const w = workspace.id;
  const tz = safeZone(workspace.timeZone);
  const lang = i18n.resolvedLanguage ?? i18n.language;
  const isKo = lang.startsWith('ko');
  const canEdit = roles.includes('admin') || roles.includes('planner');

  const [view, setView] = useState<CalendarView>(initial.view ?? 'month');
  const [colorBy, setColorBy] = useState<ColorBy>(initial.colorBy ?? 'segment');
  const [filters, setFilters] = useState<CalendarFilters>(initial.filters ?? {});
  const [range, setRange] = useState<Range | null>(null);
  const [drawerEntry, setDrawerEntry] = useState<CalendarEntry | null>(null);
  const [showSlots, setShowSlots] = useState(initial.showSlots ?? false);
  const [composer, setComposer] = useState<{ postId: string | null; when: string | null; channelIds?: string[] } | null>(null);
  const [scheduling, setScheduling] = useState<CalendarEntry | null>(null);
  const [hover, setHover] = useState<HoverState | null>(null);
  const hoverTimer = useRef<number | undefined>(undefined);
  const dragging = useRef(false);

  const channels = useChannels(w);
  const segments = useSegments(w);
  const campaigns = useCampaigns(w);
  const media = useMediaLibrary(w, true);
  const entries = useCalendarEntries(w, range, filters);
  const unscheduled = useUnscheduled(w, filters);
  const cadence = useCadence(w, range);
  // Slots: the visible week or day; in month view the month itself (a month grid spans 42 days, the slot query at most 31).
  const slotRange = useMemo(() => (range && view === 'month' ? monthRange(addDays(zonedDay(range.from, tz), 7), tz) : range), [range, view, tz]);
  const slots = useUpcomingSlots(w, slotRange, filters.channelIds, showSlots && view !== 'list');
  const savePrefs = useSavePreferences(w);
  const move = useMoveVariant(w);

  // Persist view, colour-by, filters and the slot toggle per person (debounced; skips the first render).
  const firstSave = useRef(true);
  const saveMutate = savePrefs.mutate;
  useEffect(() => {
    if (firstSave.current) {
      firstSave.current = false;
      return;
    }
    const timer = window.setTimeout(() => saveMutate({ view, colorBy, filters, showSlots }), 400);
    return () => window.clearTimeout(timer);
  }, [view, colorBy, filters, showSlots, saveMutate]);

  const colorsByChannel = useMemo(() => channelColors(channels.data ?? []), [channels.data]);
  const colorOf = useCallback((entry: CalendarEntry) => entryColor(entry, colorBy, colorsByChannel), [colorBy, colorsByChannel]);

  /** Fill in names the unscheduled list may lack, from the reference data. */
  const enrich = useCallback(
    (entry: CalendarEntry): CalendarEntry => {
      const channel = channels.data?.find((c) => c.id === entry.channelAccountId);
      const segment = entry.segmentId ? segments.data?.find((s) => s.id === entry.segmentId) : undefined;
      const campaign = entry.campaignId ? campaigns.data?.find((c) => c.id === entry.campaignId) : undefined;
      return {
        ...entry,
        provider: asProvider(entry.provider ?? channel?.provider),
        channelName: entry.channelName || channel?.name || '',
        segmentName: entry.segmentName ?? segment?.name ?? null,
        segmentColor: entry.segmentColor ?? segment?.color ?? null,
        campaignColor: entry.campaignColor ?? campaign?.color ?? null,
        labels: entry.labels ?? [],
      };
    },
    [channels.data, segments.data, campaigns.data],
  );

  const unscheduledEntries = useMemo(() => unscheduled.data?.map(enrich), [unscheduled.data, enrich]);

  const events = useMemo<EventInput[]>(
    () =>
      (entries.data ?? [])
        .filter((entry) => entry.scheduledAt)
        .map((raw) => {
          const entry = enrich(raw);
          const color = colorOf(entry);
          return {
            id: entry.id,
            title: entry.title,
            start: entry.scheduledAt ?? undefined,
            allDay: false,
            color: tint(color),
            contrastColor: '#1a1f2b',
            editable: canEdit && MOVABLE.has(entry.state),
            extendedProps: { entry, stripe: color },
          };
        }),
    [entries.data, enrich, colorOf, canEdit],
  );

  // Slots as background events in week and day views: one per instant, listing every channel's slot at that time.
  const timedView = view === 'week' || view === 'day';
  const slotEvents = useMemo<EventInput[]>(
    () =>
      showSlots && timedView
        ? slotGroups(slots.data ?? []).map((group) => ({
            id: `slot:${group.at}`,
            start: group.at,
            end: new Date(Date.parse(group.at) + 30 * 60_000).toISOString(),
            display: 'background',
            color: group.slots.some((slot) => !slot.taken) ? 'transparent' : '#94a3b8',
            editable: false,
            extendedProps: { slots: group.slots },
          }))
        : [],
    [showSlots, timedView, slots.data],
  );
  const allEvents = useMemo(() => (slotEvents.length ? [...events, ...slotEvents] : events), [events, slotEvents]);
  const freeSlotsByDay = useMemo(
    () => (showSlots && view === 'month' ? slotFreeCounts(slots.data ?? [], tz) : null),
    [showSlots, view, slots.data, tz],
  );

  const openSlot = useCallback(
    (slot: UpcomingSlot) => {
      setComposer({ postId: null, when: toZonedInput(slot.at, tz), channelIds: [slot.channelAccountId] });
    },
    [tz],
  );
  const channelById = useMemo(() => new Map((channels.data ?? []).map((c) => [c.id, c])), [channels.data]);
  const renderSlots = useCallback(
    (arg: EventDisplayInfo) => {
      const group = arg.event.extendedProps.slots as UpcomingSlot[] | undefined;
      if (!group) return null;
      return <SlotMarks slots={group} channels={channelById} tz={tz} canEdit={canEdit} onOpen={openSlot} />;
    },
    [channelById, tz, canEdit, openSlot],
  );
  // FullCalendar wraps each background event in an aria-hidden box; slot marks hold buttons, so expose them.
  const onSlotsDidMount = useCallback((arg: EventDisplayInfo & { el: HTMLElement }) => {
    const wrapper = arg.el.parentElement;
    if (arg.event.extendedProps.slots && wrapper?.getAttribute('aria-hidden') === 'true') wrapper.removeAttribute('aria-hidden');
  }, []);

  // Cadence: planned per day and channel; chips only for channels in view with a target.
  const cadenceByDay = useMemo(() => {
    const map = new Map<string, Map<string, number>>();
    for (const row of cadence.data?.days ?? []) {
      const day = map.get(row.day) ?? new Map<string, number>();
      day.set(row.channelAccountId, row.planned);
      map.set(row.day, day);
    }
    return map;
  }, [cadence.data]);
  const cadenceChips = useMemo(() => {
    const list = (cadence.data?.channels ?? []).filter((c) => c.dailyTarget > 0);
    const labelled = cadenceChannels(list.map((c) => ({ ...c, provider: asProvider(c.provider) })));
    return filters.channelIds?.length ? labelled.filter((c) => filters.channelIds?.includes(c.id)) : labelled;
  }, [cadence.data, filters.channelIds]);

  const legend = useMemo(() => {
    if (colorBy === 'segment') return (segments.data ?? []).filter((s) => !s.archivedAt).map((s) => ({ key: s.id, name: s.name, color: s.color }));
    if (colorBy === 'campaign') return (campaigns.data ?? []).map((c) => ({ key: c.id, name: c.name, color: c.color }));
    return (channels.data ?? []).map((c) => ({ key: c.id, name: c.name, color: colorsByChannel.get(c.id) ?? '#64748B' }));
  }, [colorBy, segments.data, campaigns.data, channels.data, colorsByChannel]);

  const labels = useMemo(() => {
    const set = new Set<string>(filters.labels ?? []);
    for (const e of entries.data ?? []) for (const l of e.labels ?? []) set.add(l);
    for (const e of unscheduled.data ?? []) for (const l of e.labels ?? []) set.add(l);
    return [...set].sort();
  }, [entries.data, unscheduled.data, filters.labels]);

  const moveEntry = useCallback(
    (entry: CalendarEntry, scheduledAt: string | null, revert?: () => void) =>
      move.mutateAsync({ entry, scheduledAt, revert }).catch((error: unknown) => {
        toast.error(t('calendar.moveRefused', { title: entry.title, reason: refusalMessage(t, error, isKo ? 'ko' : 'en') }));
        throw error;
      }),
    [move.mutateAsync, toast, t, isKo],
  );

  function onEventDrop(info: EventDropInfo) {
    const entry = info.event.extendedProps.entry as CalendarEntry | undefined;
    if (!entry) return info.revert();
    const at = instantFromCalendar(info.event.startStr, tz);
    void moveEntry(entry, at, info.revert).catch(() => undefined);
  }

  function onExternalDrop(info: DropInfo) {
    const id = info.draggedEl.dataset.unscheduledId;
    const entry = unscheduledEntries?.find((e) => e.id === id);
    if (!entry) return;
    const at = instantFromCalendar(info.dateStr, tz, '09:00');
    void moveEntry(entry, at)
      .then(() => toast.success(t('calendar.scheduledToast', { title: entry.title, when: formatDateTime(at, tz, lang) })))
      .catch(() => undefined);
  }

  function onDateClick(info: DateClickInfo) {
    if (!canEdit) return;
    // A click on a free slot opens the composer for that slot (SlotMarks), not for the clicked hour.
    if (info.jsEvent.target instanceof Element && info.jsEvent.target.closest('[data-slot-channel]')) return;
    const when = toZonedInput(instantFromCalendar(info.dateStr, tz, '09:00'), tz);
    setComposer({ postId: null, when });
  }

  const showHover = useCallback((entry: CalendarEntry, el: HTMLElement) => {
    window.clearTimeout(hoverTimer.current);
    hoverTimer.current = window.setTimeout(() => {
      if (!dragging.current) setHover({ entry, rect: el.getBoundingClientRect() });
    }, 250);
  }, []);
  const hideHover = useCallback(() => {
    window.clearTimeout(hoverTimer.current);
    setHover(null);
  }, []);

  const renderEvent = useCallback((arg: EventDisplayInfo) => {
    const entry = arg.event.extendedProps.entry as CalendarEntry | undefined;
    if (!entry) return arg.event.title;
    const isList = arg.view.type.startsWith('list');
    const stripe = arg.event.extendedProps.stripe as string | undefined;
    return (
      <div
        data-variant-id={entry.id}
        className={`ev${isList ? ' ev-list' : ''}`}
        style={{ boxShadow: stripe ? `inset 3px 0 0 ${stripe}` : undefined }}
      >
        <NetworkIcon provider={entry.provider} size={13} />
        {arg.timeText ? <span className="ev-time">{arg.timeText}</span> : null}
        <StateBadge state={entryState(entry)} compact={arg.view.type === 'dayGridMonth' || arg.view.type === 'timeGridWeek'} short={!isList} />
        <ReconnectBadge entry={entry} />
        <span className="ev-text">{isList ? `${entry.title} — ${entry.excerpt}` : entry.excerpt || entry.title}</span>
        {isList ? (
          <span className="ev-meta">
            {entry.channelName}
            {entry.segmentName ? ` · ${entry.segmentName}` : ''}
          </span>
        ) : (
          <span className="visually-hidden">
            {' '}
            · {PROVIDER_LABEL[entry.provider]} {entry.channelName}
            {entry.segmentName ? ` · ${entry.segmentName}` : ''}
          </span>
        )}
      </div>
    );
  }, []);

  const onEventDidMount = useCallback(
    (arg: EventDisplayInfo & { el: HTMLElement }) => {
      const entry = arg.event.extendedProps.entry as CalendarEntry | undefined;
      if (!entry || arg.isMirror) return;
      const el = arg.el;
      el.addEventListener('mouseenter', () => showHover(entry, el));
      el.addEventListener('mouseleave', hideHover);
      el.addEventListener('focusin', () => showHover(entry, el));
      el.addEventListener('focusout', hideHover);
      el.setAttribute('aria-describedby', 'event-hover-preview');
    },
    [showHover, hideHover],
  );

  const today = todayIn(tz);
  const renderDayTop = useCallback(
    (arg: DayCellInfo) => {
      // FullCalendar v7 gives the cell's start as a real instant (midnight in the workspace zone).
      const day = zonedDay((arg.date as Date).toISOString(), tz);
      // Cadence only where it can still change: today and later, in this month.
      if (arg.view.type !== 'dayGridMonth' || arg.isOther || day < today) return <span className="day-num">{arg.dayNumberText}</span>;
      const free = freeSlotsByDay?.get(day) ?? 0;
      return (
        <div className="day-top">
          {free ? (
            <div className="day-top-stack">
              <DayCadence channels={cadenceChips} planned={cadenceByDay.get(day)} />
              <span className="slot-count" data-free-slots={free}>
                {t('calendar.slots.freeCount', { count: free })}
              </span>
            </div>
          ) : (
            <DayCadence channels={cadenceChips} planned={cadenceByDay.get(day)} />
          )}
          <span className="day-num">{arg.dayNumberText}</span>
        </div>
      );
    },
    [cadenceChips, cadenceByDay, today, tz, freeSlotsByDay, t],
  );

  const noChannels = channels.data !== undefined && channels.data.length === 0;
  const isEmpty = noChannels && entries.data !== undefined && entries.data.length === 0 && !unscheduled.data?.length;
  const thisMonday = useMemo(() => {
    const d = new Date(`${today}T00:00:00Z`);
    const dow = (d.getUTCDay() + 6) % 7;
    d.setUTCDate(d.getUTCDate() - dow);
    return d.toISOString().slice(0, 10);
  }, [today]);

  const koHints = useMemo(
    () =>
      isKo
        ? {
            viewHint: (buttonText: string) => t('calendar.fc.viewHint', { view: buttonText }),
            prevHint: (unit: string) => t('calendar.fc.prevHint', { unit }),
            nextHint: (unit: string) => t('calendar.fc.nextHint', { unit }),
            todayHint: (unit: string) => t('calendar.fc.todayHint', { unit }),
            closeHint: t('common.close'),
            eventsHint: t('calendar.fc.eventsHint'),
            moreLinkHint: (n: number) => t('calendar.fc.moreHint', { count: n }),
            navLinkHint: (date: string) => t('calendar.fc.navLinkHint', { date }),
          }
        : {},
    [isKo, t],
  );

  return (
    <div className="calendar-page">
      <PageHeader
        title={t('nav.calendar')}
        description={t('calendar.descriptionZone', { zone: tz, offset: zoneOffsetLabel(tz, lang) })}
        actions={
          canEdit ? (
            <Button variant="primary" onClick={() => setComposer({ postId: null, when: null })}>
              <span aria-hidden="true">＋</span>
              {t('calendar.newPost')}
            </Button>
          ) : (
            <span className="readonly-note">{t('calendar.readOnly')}</span>
          )
        }
      />
      {isEmpty ? (
        <div className="card">
          <EmptyState
            title={t('calendar.noChannelsTitle')}
            icon={<Icon name="calendar" />}
            action={
              <Link className="btn btn-secondary" to={`/w/${encodeURIComponent(w)}/settings/general`}>
                {t('calendar.noChannelsAction')}
              </Link>
            }
          >
            <p>{t('calendar.noChannelsBody')}</p>
            <ul className="hint-list">
              <li>{t('calendar.tip1')}</li>
            </ul>
          </EmptyState>
        </div>
      ) : (
        <>
          <FiltersBar
            filters={filters}
            onFilters={setFilters}
            showSlots={showSlots}
            onShowSlots={setShowSlots}
            colorBy={colorBy}
            onColorBy={setColorBy}
            channels={channels.data ?? []}
            segments={segments.data ?? []}
            campaigns={campaigns.data ?? []}
            labels={labels}
            legend={legend}
          />
          <SegmentStrip cadence={cadence.data} segments={segments.data ?? []} range={range} tz={tz} thisWeek={thisMonday} />
          <div className="planner-grid">
            <section
              className={`card calendar-card${slotEvents.length ? ' slots-on' : ''}`}
              aria-label={t('calendar.calendarRegion')}
              aria-busy={entries.isFetching || undefined}
            >
              <div className="calendar-status" role="status">
                {entries.isFetching ? (
                  <span className="fetching-pill">
                    <Spinner size="sm" decorative />
                    {t('calendar.updating')}
                  </span>
                ) : entries.isError ? (
                  <span className="alert alert-error">{t('calendar.loadFailed')}</span>
                ) : null}
              </div>
              <FullCalendar
                plugins={[classicTheme, dayGridPlugin, timeGridPlugin, listPlugin, interactionPlugin]}
                initialView={VIEW_IDS[view]}
                timeZone={tz}
                locales={[koLocale]}
                locale={isKo ? 'ko' : 'en'}
                {...koHints}
                firstDay={1}
                headerToolbar={{ start: 'prev,next today', center: 'title', end: 'dayGridMonth,timeGridWeek,timeGridDay,listWeek' }}
                height={view === 'month' || view === 'list' ? 'auto' : 760}
                events={allEvents}
                editable={canEdit}
                eventDurationEditable={false}
                droppable={canEdit}
                defaultTimedEventDuration="00:30"
                forceEventDuration
                displayEventEnd={false}
                allDaySlot={false}
                eventDisplay="block"
                dayMaxEvents={5}
                nowIndicator
                scrollTime="08:00:00"
                eventTimeFormat={{ hour: '2-digit', minute: '2-digit', hour12: false }}
                slotHeaderFormat={{ hour: '2-digit', minute: '2-digit', hour12: false }}
                eventContent={renderEvent}
                eventDidMount={onEventDidMount}
                eventClass="sp-event"
                backgroundEventContent={renderSlots}
                backgroundEventClass="slot-bg-event"
                backgroundEventDidMount={onSlotsDidMount}
                dayCellTopContent={renderDayTop}
                datesSet={(info) => {
                  const next = { from: instantFromCalendar(info.startStr, tz, '00:00'), to: instantFromCalendar(info.endStr, tz, '00:00') };
                  setRange((current) => (current?.from === next.from && current.to === next.to ? current : next));
                  setView(viewOf(info.view.type));
                }}
                eventClick={(info) => {
                  info.jsEvent.preventDefault();
                  hideHover();
                  const entry = info.event.extendedProps.entry as CalendarEntry | undefined;
                  if (entry) setDrawerEntry(entry);
                }}
                eventDragStart={() => {
                  dragging.current = true;
                  hideHover();
                }}
                eventDragStop={() => {
                  dragging.current = false;
                }}
                eventDrop={onEventDrop}
                drop={onExternalDrop}
                dateClick={onDateClick}
              />
            </section>
            <UnscheduledPanel
              entries={unscheduledEntries}
              loading={unscheduled.isPending}
              canEdit={canEdit}
              colorOf={colorOf}
              onSchedule={setScheduling}
              onOpen={setDrawerEntry}
            />
          </div>
        </>
      )}
      <HoverPreview state={hover} tz={tz} channels={channels.data ?? []} />
      <EventDrawer
        workspaceId={w}
        entry={drawerEntry}
        channels={channels.data ?? []}
        media={media.data}
        tz={tz}
        canEdit={canEdit}
        onClose={() => setDrawerEntry(null)}
        onEdit={(postId) => {
          setDrawerEntry(null);
          setComposer({ postId, when: null });
        }}
        onMove={async (entry, at) => {
          await moveEntry(entry, at);
          setDrawerEntry((current) => (current && current.id === entry.id ? { ...current, scheduledAt: at } : current));
        }}
      />
      <ScheduleDialog
        entry={scheduling}
        tz={tz}
        onClose={() => setScheduling(null)}
        onSchedule={async (entry, at) => {
          await moveEntry(entry, at);
          toast.success(t('calendar.scheduledToast', { title: entry.title, when: formatDateTime(at, tz, lang) }));
          setScheduling(null);
        }}
      />
      {composer ? (
        <Composer
          workspaceId={w}
          postId={composer.postId}
          initialWhen={composer.when}
          initialChannelIds={composer.channelIds}
          tz={tz}
          channels={channels.data ?? []}
          segments={segments.data ?? []}
          campaigns={campaigns.data ?? []}
          media={media.data}
          onClose={() => setComposer(null)}
        />
      ) : null}
    </div>
  );
}

/** The keyboard way to schedule an unscheduled draft: a date-time field in the workspace zone. */
function ScheduleDialog({
  entry,
  tz,
  onClose,
  onSchedule,
}: {
  entry: CalendarEntry | null;
  tz: string;
  onClose: () => void;
  onSchedule: (entry: CalendarEntry, at: string) => Promise<void>;
}) {
  const { t, i18n } = useTranslation();
  const [when, setWhen] = useState('');
  const [busy, setBusy] = useState(false);
  const id = useId();
  useEffect(() => {
    if (entry) setWhen(nextHourInput(tz));
  }, [entry, tz]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!entry || !when) return;
    setBusy(true);
    try {
      await onSchedule(entry, new Date(fromZonedInput(when, tz)).toISOString());
    } catch {
      // explained in a toast
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog open={entry !== null} title={t('calendar.scheduleDialog.title')} onClose={onClose}>
      {entry ? (
        <form className="stack" onSubmit={(e) => void submit(e)}>
          <p>{t('calendar.scheduleDialog.body', { title: entry.title, channel: entry.channelName })}</p>
          <div className="field">
            <label className="field-label" htmlFor={id}>
              {t('calendar.scheduleDialog.when')}
            </label>
            <input id={id} className="input" type="datetime-local" required value={when} onChange={(e) => setWhen(e.target.value)} />
            <p className="field-hint">
              {t('calendar.drawer.zoneHint', { zone: tz, offset: zoneOffsetLabel(tz, i18n.resolvedLanguage ?? i18n.language) })}
            </p>
          </div>
          <div className="dialog-footer">
            <Button onClick={onClose}>{t('common.cancel')}</Button>
            <Button type="submit" variant="primary" loading={busy}>
              {t('calendar.scheduleDialog.submit')}
            </Button>
          </div>
        </form>
      ) : null}
    </Dialog>
  );
}
