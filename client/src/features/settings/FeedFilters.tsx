import { useTranslation } from 'react-i18next';
import type { VariantState } from '../../api/types';
import { VARIANT_STATES } from '../../api/types';
import { CheckboxGroup, TextField } from '../../ui/Field';
import { LoadingState } from '../../ui/Spinner';
import { useCurrentWorkspace } from '../workspaces/current-workspace';
import { useCampaignList, useChannelList, useSegmentList } from './planning-api';
import type { FeedFilters } from './planning-types';

/** The form's state: label text is edited as typed and parsed on save, like the composer's labels field. */
export interface FeedFilterDraft {
  filters: FeedFilters;
  labels: string;
}

export const draftOf = (filters: FeedFilters | null | undefined): FeedFilterDraft => ({
  filters: filters ?? {},
  labels: (filters?.labels ?? []).map((l) => `#${l}`).join(', '),
});

/** The filters to send: empty lists dropped (no list means "everything"). */
export function filtersOf(draft: FeedFilterDraft): FeedFilters {
  const labels = [
    ...new Set(
      draft.labels
        .split(',')
        .map((l) => l.trim().replace(/^#/, ''))
        .filter(Boolean),
    ),
  ];
  const out: FeedFilters = {};
  for (const [key, value] of Object.entries({ ...draft.filters, labels }) as [keyof FeedFilters, string[] | undefined][]) {
    if (value?.length) Object.assign(out, { [key]: value });
  }
  return out;
}

type ListKey = 'channelIds' | 'segmentIds' | 'campaignIds';

/** Checkbox groups for what a feed contains; nothing ticked in a group means everything of it. */
export function FeedFilterFields({ value, onChange }: { value: FeedFilterDraft; onChange: (next: FeedFilterDraft) => void }) {
  const { t } = useTranslation();
  const { workspace } = useCurrentWorkspace();
  const channels = useChannelList(workspace.id);
  const segments = useSegmentList(workspace.id);
  const campaigns = useCampaignList(workspace.id);
  if (channels.isPending || segments.isPending || campaigns.isPending) return <LoadingState rows={2} />;

  const f = value.filters;
  const set = (key: ListKey | 'states', next: string[]) => onChange({ ...value, filters: { ...f, [key]: next.length ? next : undefined } });
  // Archived segments and campaigns are offered only while the feed already names them.
  const liveSegments = (segments.data ?? []).filter((s) => !s.archivedAt || f.segmentIds?.includes(s.id));
  const liveCampaigns = (campaigns.data ?? []).filter((c) => !c.archivedAt || f.campaignIds?.includes(c.id));

  return (
    <div className="stack feed-filters">
      <p className="field-hint">{t('planTools.feed.filters.hint')}</p>
      {channels.data?.length ? (
        <CheckboxGroup
          legend={t('planTools.feed.filters.channels')}
          options={channels.data.map((c) => ({ value: c.id, label: c.name }))}
          value={f.channelIds ?? []}
          onChange={(v) => set('channelIds', v)}
        />
      ) : null}
      {liveSegments.length ? (
        <CheckboxGroup
          legend={t('planTools.feed.filters.segments')}
          options={liveSegments.map((s) => ({ value: s.id, label: s.name }))}
          value={f.segmentIds ?? []}
          onChange={(v) => set('segmentIds', v)}
        />
      ) : null}
      {liveCampaigns.length ? (
        <CheckboxGroup
          legend={t('planTools.feed.filters.campaigns')}
          options={liveCampaigns.map((c) => ({ value: c.id, label: c.name }))}
          value={f.campaignIds ?? []}
          onChange={(v) => set('campaignIds', v)}
        />
      ) : null}
      <CheckboxGroup<VariantState>
        legend={t('planTools.feed.filters.states')}
        options={VARIANT_STATES.map((s) => ({ value: s, label: t(`calendar.state.${s}`) }))}
        value={f.states ?? []}
        onChange={(v) => set('states', v)}
      />
      <TextField
        label={t('planTools.feed.filters.labels')}
        hint={t('planTools.feed.filters.labelsHint')}
        value={value.labels}
        maxLength={500}
        onChange={(e) => onChange({ ...value, labels: e.target.value })}
      />
    </div>
  );
}

/** The filters in plain words, e.g. "X and Facebook · Seoul 20s · scheduled only". */
export function useFeedSummary(filters: FeedFilters | null | undefined): string {
  const { t, i18n } = useTranslation();
  const { workspace } = useCurrentWorkspace();
  const channels = useChannelList(workspace.id);
  const segments = useSegmentList(workspace.id);
  const campaigns = useCampaignList(workspace.id);
  const f = filters ?? {};
  const lang = i18n.resolvedLanguage ?? i18n.language;
  const list = (items: string[]) => {
    try {
      return new Intl.ListFormat(lang, { type: 'conjunction' }).format(items);
    } catch {
      return items.join(', ');
    }
  };
  const names = (ids: string[] | undefined, rows: { id: string; name: string }[] | undefined, unknown: string) => {
    const byId = new Map((rows ?? []).map((r) => [r.id, r.name]));
    return ids?.length ? list(ids.map((id) => byId.get(id) ?? unknown)) : null;
  };
  const parts = [
    names(f.channelIds, channels.data, t('planTools.feed.filters.unknownChannel')),
    names(f.segmentIds, segments.data, t('planTools.feed.filters.unknownSegment')),
    names(f.campaignIds, campaigns.data, t('planTools.feed.filters.unknownCampaign')),
    f.states?.length ? t('planTools.feed.filters.statesOnly', { states: list(f.states.map((s) => t(`calendar.state.${s}`))) }) : null,
    f.labels?.length ? list(f.labels.map((l) => `#${l}`)) : null,
    f.authorIds?.length ? t('planTools.feed.filters.authors', { count: f.authorIds.length }) : null,
  ].filter((p): p is string => Boolean(p));
  return parts.length ? parts.join(' · ') : t('planTools.feed.filters.everything');
}
