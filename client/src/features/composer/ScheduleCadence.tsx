import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useCadence } from '../calendar/api';
import { cadenceChannels, DayCadence } from '../calendar/DayCadence';
import { asProvider } from '../calendar/NetworkIcon';
import { dayRange } from '../calendar/zoned';

/** That day's cadence for the chosen channels, so the planner sees a crowded or empty day before saving. */
export function ScheduleCadence({
  workspaceId,
  day,
  tz,
  channelIds,
  adding,
}: {
  workspaceId: string;
  day: string;
  tz: string;
  channelIds: string[];
  adding: { channel: { id: string }; existingId?: string; scheduledAt: string | null }[];
}) {
  const { t } = useTranslation();
  const range = useMemo(() => (/^\d{4}-\d{2}-\d{2}$/.test(day) ? dayRange(day, tz) : null), [day, tz]);
  const cadence = useCadence(workspaceId, range);
  if (!range || !cadence.data) return null;
  const channels = cadenceChannels(
    cadence.data.channels
      .filter((c) => c.dailyTarget > 0 && (channelIds.length === 0 || channelIds.includes(c.id)))
      .map((c) => ({ ...c, provider: asProvider(c.provider) })),
  );
  const planned = new Map<string, number>();
  for (const row of cadence.data.days) if (row.day === day) planned.set(row.channelAccountId, row.planned);
  // Count this post's new variants for that day too.
  for (const v of adding) if (!v.existingId && v.scheduledAt) planned.set(v.channel.id, (planned.get(v.channel.id) ?? 0) + 1);
  if (channels.length === 0) return null;
  return (
    <div className="schedule-cadence">
      <span className="field-hint">{t('composer.cadenceThatDay')}</span>
      <DayCadence channels={channels} planned={planned} />
    </div>
  );
}
