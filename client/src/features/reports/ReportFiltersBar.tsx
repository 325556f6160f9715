import { useTranslation } from 'react-i18next';
import { Button } from '../../ui/Button';
import { SelectField, TextField } from '../../ui/Field';
import { addDays, todayIn } from '../calendar/zoned';
import { useCampaignList, useChannelList, useSegmentList } from '../settings/planning-api';
import { useCurrentWorkspace, useWorkspaceTime } from '../workspaces/current-workspace';
import type { ReportFilters } from './api';

const PRESETS = [7, 28, 90] as const;

/** Dates (workspace zone, `to` inclusive) with presets, and the channel / segment / campaign / label filters. */
export function ReportFiltersBar({
  filters,
  datesOnly,
  onChange,
}: {
  filters: ReportFilters;
  datesOnly: boolean;
  onChange: (changes: Record<string, string | null>) => void;
}) {
  const { t } = useTranslation();
  const { workspace } = useCurrentWorkspace();
  const { timeZone } = useWorkspaceTime();
  const channels = useChannelList(workspace.id);
  const segments = useSegmentList(workspace.id);
  const campaigns = useCampaignList(workspace.id);
  const today = todayIn(timeZone);
  const badRange = filters.from > filters.to;
  const all = (label: string) => ({ value: '', label });
  return (
    <div className="report-filters">
      <fieldset className="report-presets">
        <legend className="visually-hidden">{t('reports.filters.presets')}</legend>
        {PRESETS.map((days) => {
          const pressed = filters.to === today && filters.from === addDays(today, -(days - 1));
          return (
            <Button
              key={days}
              size="sm"
              variant={pressed ? 'primary' : 'secondary'}
              aria-pressed={pressed}
              onClick={() => onChange({ from: addDays(today, -(days - 1)), to: today })}
            >
              {t('reports.filters.lastDays', { count: days })}
            </Button>
          );
        })}
      </fieldset>
      <TextField
        label={t('reports.filters.from')}
        type="date"
        value={filters.from}
        max={filters.to}
        onChange={(e) => e.target.value && onChange({ from: e.target.value })}
      />
      <TextField
        label={t('reports.filters.to')}
        type="date"
        value={filters.to}
        min={filters.from}
        onChange={(e) => e.target.value && onChange({ to: e.target.value })}
        error={badRange ? t('reports.filters.badRange') : undefined}
      />
      <SelectField
        label={t('reports.filters.channel')}
        value={filters.channelId ?? ''}
        onChange={(e) => onChange({ channel: e.target.value || null })}
        options={[all(t('reports.filters.allChannels')), ...(channels.data ?? []).map((c) => ({ value: c.id, label: c.name }))]}
      />
      {datesOnly ? null : (
        <>
          <SelectField
            label={t('reports.filters.segment')}
            value={filters.segmentId ?? ''}
            onChange={(e) => onChange({ segment: e.target.value || null })}
            options={[all(t('reports.filters.allSegments')), ...(segments.data ?? []).map((s) => ({ value: s.id, label: s.name }))]}
          />
          <SelectField
            label={t('reports.filters.campaign')}
            value={filters.campaignId ?? ''}
            onChange={(e) => onChange({ campaign: e.target.value || null })}
            options={[all(t('reports.filters.allCampaigns')), ...(campaigns.data ?? []).map((c) => ({ value: c.id, label: c.name }))]}
          />
          <TextField
            key={filters.label ?? ''}
            label={t('reports.filters.label')}
            defaultValue={filters.label ?? ''}
            placeholder={t('reports.filters.labelPlaceholder')}
            hint={t('reports.filters.labelHint')}
            onBlur={(e) => onChange({ label: e.target.value.trim() || null })}
            onKeyDown={(e) => {
              if (e.key === 'Enter') onChange({ label: e.currentTarget.value.trim() || null });
            }}
          />
        </>
      )}
    </div>
  );
}
