import { useTranslation } from 'react-i18next';
import './reports.css';
import { useBestTimes } from './api';
import { BestTimesSummary } from './BestTimesSummary';
import { nextOccurrence } from './next-slot';

/**
 * Best times for the channels being written for (and the segment, when there is one), from the
 * workspace's own history; "Use" puts the next such time into the composer's time field.
 */
export function ComposerBestTimes({
  workspaceId,
  channels,
  segmentId,
  timeZone,
  onUse,
}: {
  workspaceId: string;
  channels: Array<{ id: string; name: string }>;
  segmentId: string | null;
  timeZone: string;
  onUse: (when: string) => void;
}) {
  const { t } = useTranslation();
  if (channels.length === 0) return null;
  return (
    <details className="composer-best-times">
      <summary>{t('reports.composer.title')}</summary>
      {channels.slice(0, 3).map((c) => (
        <ChannelBestTimes key={c.id} workspaceId={workspaceId} channel={c} segmentId={segmentId} timeZone={timeZone} onUse={onUse} />
      ))}
    </details>
  );
}

function ChannelBestTimes({
  workspaceId,
  channel,
  segmentId,
  timeZone,
  onUse,
}: {
  workspaceId: string;
  channel: { id: string; name: string };
  segmentId: string | null;
  timeZone: string;
  onUse: (when: string) => void;
}) {
  const { t } = useTranslation();
  const answer = useBestTimes(workspaceId, { channelId: channel.id, segmentId });
  return (
    <div className="composer-best-channel">
      <p className="field-label">{channel.name}</p>
      {answer.data ? (
        <BestTimesSummary
          answer={{ ...answer.data, suggestions: answer.data.suggestions.slice(0, 3) }}
          compact
          pickLabel={() => t('reports.composer.use')}
          onPick={(s) => onUse(nextOccurrence(s.weekday, s.hour, timeZone))}
        />
      ) : (
        <p className="field-hint">{answer.isError ? t('reports.composer.unavailable') : t('reports.composer.loading')}</p>
      )}
    </div>
  );
}
