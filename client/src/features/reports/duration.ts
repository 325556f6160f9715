import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';

/** "45분" / "3시간 20분" / "2일 4시간" — and the same in English. */
export function formatDuration(t: TFunction, ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  const minutes = Math.max(0, Math.round(ms / 60_000));
  if (minutes < 60) return t('reports.listening.duration.minutes', { m: minutes });
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return t('reports.listening.duration.hours', { h: hours, m: minutes % 60 });
  return t('reports.listening.duration.days', { d: Math.floor(hours / 24), h: hours % 24 });
}

export function useDuration() {
  const { t } = useTranslation();
  return (ms: number | null | undefined) => formatDuration(t, ms);
}
