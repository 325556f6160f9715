import { useTranslation } from 'react-i18next';
import './reports.css';
import { type TimeStat, useBestTimes } from './api';
import { BestTimesSummary } from './BestTimesSummary';
import { inZone } from './next-slot';

/**
 * The slot editor's "suggested from your history": the channel's best weekday × hour (workspace zone),
 * each adoptable as a posting slot in the slots' zone.
 */
export function SuggestedSlots({
  workspaceId,
  channelId,
  slotZone,
  has,
  onAdopt,
}: {
  workspaceId: string;
  channelId: string;
  slotZone: string;
  has: (slot: { weekday: number; time: string }) => boolean;
  onAdopt: (slot: { weekday: number; time: string }) => void;
}) {
  const { t } = useTranslation();
  const answer = useBestTimes(workspaceId, { channelId });
  if (!answer.data) return null;
  const data = answer.data;
  const slotOf = (s: TimeStat) => inZone(s.weekday, s.hour, data.timeZone, slotZone);
  const open = { ...data, suggestions: data.suggestions.filter((s) => !has(slotOf(s))) };
  return (
    <section className="suggested-slots" aria-label={t('reports.slots.title')}>
      <h3 className="subsection-title">{t('reports.slots.title')}</h3>
      {data.enough && open.suggestions.length === 0 && data.suggestions.length > 0 ? (
        <p className="field-hint">{t('reports.slots.allAdopted')}</p>
      ) : (
        <BestTimesSummary answer={open} compact pickLabel={() => t('reports.slots.adopt')} onPick={(s) => onAdopt(slotOf(s))} />
      )}
    </section>
  );
}
