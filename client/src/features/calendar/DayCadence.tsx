import { useTranslation } from 'react-i18next';
import type { Provider } from '../../api/types';
import { PROVIDER_SHORT } from './NetworkIcon';

export interface CadenceChannel {
  id: string;
  name: string;
  provider: Provider;
  dailyTarget: number;
  short: string;
}

/** `X 4/6`-style labels; channels sharing a network get a number (X1, X2) and keep their full name in the accessible text. */
export function cadenceChannels(channels: { id: string; name: string; provider: Provider; dailyTarget: number }[]): CadenceChannel[] {
  const seen = new Map<Provider, number>();
  const totals = new Map<Provider, number>();
  for (const c of channels) totals.set(c.provider, (totals.get(c.provider) ?? 0) + 1);
  return channels.map((c) => {
    const n = (seen.get(c.provider) ?? 0) + 1;
    seen.set(c.provider, n);
    return { ...c, short: (totals.get(c.provider) ?? 0) > 1 ? `${PROVIDER_SHORT[c.provider]}${n}` : PROVIDER_SHORT[c.provider] };
  });
}

/** Planned vs target per channel for one day, in a month cell. */
export function DayCadence({ channels, planned }: { channels: CadenceChannel[]; planned: Map<string, number> | undefined }) {
  const { t } = useTranslation();
  if (channels.length === 0) return null;
  return (
    <ul className="cadence" aria-label={t('calendar.cadence.label')}>
      {channels.map((channel) => {
        const count = planned?.get(channel.id) ?? 0;
        const status = count < channel.dailyTarget ? 'under' : count > channel.dailyTarget ? 'over' : 'met';
        const mark = status === 'under' ? '↓' : status === 'over' ? '↑' : '✓';
        return (
          <li key={channel.id} className={`cadence-chip cadence-${status}`} title={`${channel.name}: ${t(`calendar.cadence.${status}`)}`}>
            <span aria-hidden="true">
              {channel.short} {count}/{channel.dailyTarget}
              <span className="cadence-mark">{mark}</span>
            </span>
            <span className="visually-hidden">
              {t('calendar.cadence.sr', {
                channel: channel.name,
                planned: count,
                target: channel.dailyTarget,
                status: t(`calendar.cadence.${status}`),
              })}
            </span>
          </li>
        );
      })}
    </ul>
  );
}
