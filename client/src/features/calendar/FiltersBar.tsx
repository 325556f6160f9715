import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CalendarFilters, Campaign, ChannelAccount, ColorBy, Segment } from '../../api/types';
import { VARIANT_STATES } from '../../api/types';
import { Button } from '../../ui/Button';
import { CheckboxGroup } from '../../ui/Field';

export interface FiltersBarProps {
  filters: CalendarFilters;
  onFilters: (filters: CalendarFilters) => void;
  /** Draw the channels' posting slots (week and day: free and taken; month: free per day). */
  showSlots: boolean;
  onShowSlots: (show: boolean) => void;
  colorBy: ColorBy;
  onColorBy: (colorBy: ColorBy) => void;
  channels: ChannelAccount[];
  segments: Segment[];
  campaigns: Campaign[];
  labels: string[];
  legend: { key: string; name: string; color: string }[];
}

type ListKey = 'channelIds' | 'segmentIds' | 'campaignIds' | 'states' | 'labels';

export function FiltersBar({
  filters,
  onFilters,
  showSlots,
  onShowSlots,
  colorBy,
  onColorBy,
  channels,
  segments,
  campaigns,
  labels,
  legend,
}: FiltersBarProps) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const colorId = useId();
  const active = (['channelIds', 'segmentIds', 'campaignIds', 'states', 'labels'] as const).reduce(
    (sum, key) => sum + (filters[key]?.length ?? 0),
    0,
  );

  const set = (key: ListKey, values: string[]) => onFilters({ ...filters, [key]: values.length ? values : undefined });

  return (
    <section className="filters-bar" aria-label={t('calendar.filters.label')}>
      <div className="filters-row">
        <Button size="sm" aria-expanded={open} aria-controls={panelId} onClick={() => setOpen((v) => !v)}>
          <svg width="14" height="14" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
            <path d="M3 5h18l-7 8v6l-4 2v-8L3 5Z" fill="none" stroke="currentColor" strokeWidth="2" strokeLinejoin="round" />
          </svg>
          {active ? t('calendar.filters.buttonActive', { count: active }) : t('calendar.filters.button')}
        </Button>
        {active ? (
          <Button size="sm" variant="ghost" onClick={() => onFilters({})}>
            {t('calendar.filters.clear')}
          </Button>
        ) : null}
        <label className="filters-toggle">
          <input type="checkbox" checked={showSlots} onChange={(e) => onShowSlots(e.target.checked)} />
          {t('calendar.slots.toggle')}
        </label>
        <div className="filters-color">
          <label htmlFor={colorId} className="topbar-label">
            {t('calendar.colorBy.label')}
          </label>
          <select id={colorId} className="input select select-compact" value={colorBy} onChange={(e) => onColorBy(e.target.value as ColorBy)}>
            <option value="segment">{t('calendar.colorBy.segment')}</option>
            <option value="channel">{t('calendar.colorBy.channel')}</option>
            <option value="campaign">{t('calendar.colorBy.campaign')}</option>
          </select>
        </div>
        <ul className="legend" aria-label={t('calendar.legend')}>
          {legend.map((item) => (
            <li key={item.key}>
              <span className="legend-swatch" style={{ background: item.color }} aria-hidden="true" />
              {item.name}
            </li>
          ))}
        </ul>
      </div>
      <div id={panelId} className="filters-panel" hidden={!open}>
        <CheckboxGroup
          legend={t('calendar.filters.channels')}
          options={channels.map((c) => ({ value: c.id, label: c.name }))}
          value={filters.channelIds ?? []}
          onChange={(v) => set('channelIds', v)}
        />
        <CheckboxGroup
          legend={t('calendar.filters.segments')}
          options={segments.filter((s) => !s.archivedAt).map((s) => ({ value: s.id, label: s.name }))}
          value={filters.segmentIds ?? []}
          onChange={(v) => set('segmentIds', v)}
        />
        {campaigns.length ? (
          <CheckboxGroup
            legend={t('calendar.filters.campaigns')}
            options={campaigns.map((c) => ({ value: c.id, label: c.name }))}
            value={filters.campaignIds ?? []}
            onChange={(v) => set('campaignIds', v)}
          />
        ) : null}
        <CheckboxGroup
          legend={t('calendar.filters.states')}
          options={VARIANT_STATES.map((s) => ({ value: s, label: t(`calendar.state.${s}`) }))}
          value={filters.states ?? []}
          onChange={(v) => set('states', v)}
        />
        {labels.length ? (
          <CheckboxGroup
            legend={t('calendar.filters.labels')}
            options={labels.map((l) => ({ value: l, label: `#${l}` }))}
            value={filters.labels ?? []}
            onChange={(v) => set('labels', v)}
          />
        ) : null}
      </div>
    </section>
  );
}
