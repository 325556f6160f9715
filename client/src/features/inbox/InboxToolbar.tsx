import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Member } from '../../api/types';
import { useCampaigns, useChannels, useSegments } from '../calendar/api';
import { CATEGORIES, type Counts, type InboxFilters, SENTIMENTS, STATUSES, type View } from './api';

const VIEWS: View[] = ['all', 'mine', 'unassigned', 'overdue', 'unread'];

interface Props {
  workspaceId: string;
  filters: InboxFilters;
  counts: Counts | undefined;
  members: Member[];
  onChange: (next: Partial<InboxFilters>) => void;
}

const n = (value: number | undefined) => (value === undefined ? '' : value > 999 ? '999+' : String(value));

/**
 * Search, status, views (all, mine, unassigned, overdue, unread) and the facet filters, each with how many
 * conversations it would show. On a phone the facet filters fold behind one button.
 */
export function InboxToolbar({ workspaceId, filters, counts, members, onChange }: Props) {
  const { t } = useTranslation();
  const searchId = useId();
  const [q, setQ] = useState(filters.q ?? '');
  const [open, setOpen] = useState(false);
  const channels = useChannels(workspaceId);
  const segments = useSegments(workspaceId);
  const campaigns = useCampaigns(workspaceId);

  // Search as one types, a moment after the last key.
  useEffect(() => {
    if ((filters.q ?? '') === q) return;
    const timer = window.setTimeout(() => onChange({ q: q || undefined }), 300);
    return () => window.clearTimeout(timer);
  }, [q, filters.q, onChange]);

  const channelCount = (id: string) => counts?.channels.find((c) => c.key === id)?.count ?? 0;
  const assigneeCount = (id: string) => counts?.assignees.find((c) => c.key === id)?.count ?? 0;
  const facetsOn = [filters.channelId, filters.category, filters.sentiment, filters.assigneeId, filters.segmentId, filters.campaignId].filter(
    Boolean,
  ).length;
  const inboxPeople = members.filter((m) => m.roles.includes('admin') || m.roles.includes('community_manager'));

  return (
    <div className="inbox-toolbar">
      <div className="inbox-toolbar-row">
        <div className="inbox-search">
          <label htmlFor={searchId} className="visually-hidden">
            {t('inbox.filters.search')}
          </label>
          <svg className="icon" viewBox="0 0 24 24" width="16" height="16" aria-hidden="true" focusable="false">
            <path
              d="M11 19a8 8 0 1 1 0-16 8 8 0 0 1 0 16Zm10 2-4.35-4.35"
              fill="none"
              stroke="currentColor"
              strokeWidth="1.8"
              strokeLinecap="round"
            />
          </svg>
          <input
            id={searchId}
            type="search"
            className="input"
            value={q}
            placeholder={t('inbox.filters.searchPlaceholder')}
            onChange={(e) => setQ(e.target.value)}
          />
        </div>
        <fieldset className="inbox-status">
          <legend className="visually-hidden">{t('inbox.filters.status')}</legend>
          {[...STATUSES, 'all' as const].map((s) => (
            <button key={s} type="button" className="seg-btn" aria-pressed={filters.status === s} onClick={() => onChange({ status: s })}>
              {s === 'all' ? t('inbox.status.all') : t(`inbox.status.${s}`)}
              {s !== 'all' ? <span className="seg-count">{n(counts?.status[s])}</span> : null}
            </button>
          ))}
        </fieldset>
        <button
          type="button"
          className="btn btn-secondary btn-sm inbox-filter-toggle"
          aria-expanded={open}
          aria-controls={`${searchId}-facets`}
          onClick={() => setOpen((v) => !v)}
        >
          {facetsOn ? t('inbox.filters.toggleOn', { count: facetsOn }) : t('inbox.filters.toggle')}
        </button>
      </div>
      <fieldset className="inbox-views">
        <legend className="visually-hidden">{t('inbox.filters.views')}</legend>
        {VIEWS.map((v) => (
          <button
            key={v}
            type="button"
            className={`view-chip${v === 'overdue' && (counts?.views.overdue ?? 0) > 0 ? ' is-alert' : ''}`}
            aria-pressed={filters.view === v}
            onClick={() => onChange({ view: v })}
          >
            {t(`inbox.views.${v}`)}
            <span className="view-count">{n(counts?.views[v])}</span>
          </button>
        ))}
      </fieldset>
      <div id={`${searchId}-facets`} className={`inbox-facets${open ? ' is-open' : ''}`}>
        <FacetSelect
          label={t('inbox.filters.channel')}
          value={filters.channelId ?? ''}
          onChange={(v) => onChange({ channelId: v || undefined })}
          options={(channels.data ?? []).map((c) => ({ value: c.id, label: `${c.name} (${n(channelCount(c.id))})` }))}
        />
        <FacetSelect
          label={t('inbox.filters.category')}
          value={filters.category ?? ''}
          onChange={(v) => onChange({ category: (v || undefined) as InboxFilters['category'] })}
          options={CATEGORIES.map((c) => ({ value: c, label: `${t(`inbox.category.${c}`)} (${n(counts?.categories[c])})` }))}
        />
        <FacetSelect
          label={t('inbox.filters.sentiment')}
          value={filters.sentiment ?? ''}
          onChange={(v) => onChange({ sentiment: (v || undefined) as InboxFilters['sentiment'] })}
          options={SENTIMENTS.map((s) => ({ value: s, label: `${t(`inbox.sentiment.${s}`)} (${n(counts?.sentiments[s])})` }))}
        />
        <FacetSelect
          label={t('inbox.filters.assignee')}
          value={filters.assigneeId ?? ''}
          onChange={(v) => onChange({ assigneeId: v || undefined })}
          options={inboxPeople.map((m) => ({ value: m.userId, label: `${m.name} (${n(assigneeCount(m.userId))})` }))}
        />
        <FacetSelect
          label={t('inbox.filters.segment')}
          value={filters.segmentId ?? ''}
          onChange={(v) => onChange({ segmentId: v || undefined })}
          options={(segments.data ?? []).map((s) => ({ value: s.id, label: s.name }))}
        />
        <FacetSelect
          label={t('inbox.filters.campaign')}
          value={filters.campaignId ?? ''}
          onChange={(v) => onChange({ campaignId: v || undefined })}
          options={(campaigns.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
        />
        {facetsOn ? (
          <button
            type="button"
            className="btn btn-ghost btn-sm"
            onClick={() =>
              onChange({
                channelId: undefined,
                category: undefined,
                sentiment: undefined,
                assigneeId: undefined,
                segmentId: undefined,
                campaignId: undefined,
              })
            }
          >
            {t('inbox.filters.clear')}
          </button>
        ) : null}
      </div>
    </div>
  );
}

function FacetSelect({
  label,
  value,
  options,
  onChange,
}: {
  label: string;
  value: string;
  options: Array<{ value: string; label: string }>;
  onChange: (value: string) => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <div className="facet">
      <label htmlFor={id} className="facet-label">
        {label}
      </label>
      <select id={id} className={`input select select-compact${value ? ' is-set' : ''}`} value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">{t('inbox.filters.any')}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}
