import { useTranslation } from 'react-i18next';
import type { BestTimes, TimeStat } from './api';
import { useReportFormat } from './format';
import { MarkBadge } from './Marks';

/**
 * The best times in words, with how many posts back each, or plainly that there is too little history.
 * The composer and the slot editor show it too (`onPick` adopts a suggestion).
 */
export function BestTimesSummary({
  answer,
  onPick,
  pickLabel,
  compact = false,
}: {
  answer: BestTimes;
  onPick?: (s: TimeStat) => void;
  pickLabel?: (s: TimeStat) => string;
  compact?: boolean;
}) {
  const { t } = useTranslation();
  const f = useReportFormat();
  if (!answer.enough) {
    return (
      <p className="best-times-none">
        {answer.reason === 'too_short_history'
          ? t('reports.bestTimes.tooShort', { days: answer.spanDays, needed: answer.needs.days, count: answer.posts })
          : t('reports.bestTimes.tooFew', { count: answer.posts, needed: answer.needs.posts, days: answer.needs.days })}
      </p>
    );
  }
  const time = (s: TimeStat) => `${f.weekdayShort(s.weekday)} ${String(s.hour).padStart(2, '0')}:00`;
  return (
    <div className="best-times">
      {answer.scope === 'channel' && answer.segmentId ? <p className="report-note">{t('reports.bestTimes.fellBack')}</p> : null}
      {answer.suggestions.length === 0 ? (
        <p className="best-times-none">{t('reports.bestTimes.noSlot', { perSlot: answer.needs.perSlot })}</p>
      ) : (
        <ol className={compact ? 'best-times-list is-compact' : 'best-times-list'}>
          {answer.suggestions.map((s) => (
            <li key={`${s.weekday}-${s.hour}`}>
              <span className="best-time">{time(s)}</span>
              <span className="rate-value">{f.rate(s.medianRate)}</span>
              <MarkBadge mark={s.mark} />
              <span className="muted">{t('reports.bestTimes.backedBy', { count: s.posts })}</span>
              {onPick ? (
                <button type="button" className="btn btn-ghost btn-sm" onClick={() => onPick(s)}>
                  {pickLabel ? pickLabel(s) : t('reports.bestTimes.use')}
                  <span className="visually-hidden"> {time(s)}</span>
                </button>
              ) : null}
            </li>
          ))}
        </ol>
      )}
      {!compact && answer.bestHours.length ? (
        <p className="report-note">
          {t('reports.bestTimes.bestHours', {
            hours: answer.bestHours
              .map((h) => `${String(h.hour).padStart(2, '0')}:00 (${f.rate(h.medianRate)}, ${t('reports.content.nPosts', { count: h.posts })})`)
              .join(', '),
          })}
        </p>
      ) : null}
      <p className="report-note">{t('reports.bestTimes.basis', { count: answer.posts, weeks: answer.weeks, zone: answer.timeZone })}</p>
    </div>
  );
}
