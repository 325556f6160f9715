import { useTranslation } from 'react-i18next';
import { Temporal } from 'temporal-polyfill';
import type { Cadence, Segment } from '../../api/types';
import type { Range } from './api';

/** Mondays (`YYYY-MM-DD`) of the weeks the range touches, in the zone. */
function weeksOf(range: Range, tz: string): string[] {
  const first = Temporal.Instant.from(range.from).toZonedDateTimeISO(tz).toPlainDate();
  const last = Temporal.Instant.from(range.to).subtract({ nanoseconds: 1 }).toZonedDateTimeISO(tz).toPlainDate();
  let monday = first.subtract({ days: first.dayOfWeek - 1 });
  const weeks: string[] = [];
  while (Temporal.PlainDate.compare(monday, last) <= 0 && weeks.length < 8) {
    weeks.push(monday.toString());
    monday = monday.add({ days: 7 });
  }
  return weeks;
}

/** Posts per segment per week: where an audience goes quiet shows up as a gap. */
export function SegmentStrip({
  cadence,
  segments,
  range,
  tz,
  thisWeek,
}: {
  cadence: Cadence | undefined;
  segments: Segment[];
  range: Range | null;
  tz: string;
  thisWeek: string;
}) {
  const { t, i18n } = useTranslation();
  if (!range || !cadence) return null;
  const weeks = weeksOf(range, tz);
  const rows = [
    ...segments.filter((s) => !s.archivedAt).map((s) => ({ id: s.id as string | null, name: s.name, color: s.color })),
    { id: null, name: t('calendar.strip.noSegment'), color: '#94A3B8' },
  ];
  const count = (week: string, id: string | null) => cadence.weeks.find((w) => w.week === week && w.segmentId === id)?.planned ?? 0;
  const visibleRows = rows.filter((row) => row.id !== null || weeks.some((w) => count(w, null) > 0));
  const fmt = new Intl.DateTimeFormat(i18n.language.startsWith('ko') ? 'ko-KR' : 'en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' });
  const label = (week: string) => fmt.format(new Date(`${week}T00:00:00Z`));

  return (
    <section className="segment-strip card" aria-labelledby="strip-title">
      <div className="strip-head">
        <h2 id="strip-title" className="strip-title">
          {t('calendar.strip.title')}
        </h2>
        <p className="strip-hint">{t('calendar.strip.hint')}</p>
      </div>
      <div className="strip-scroll">
        <table className="strip-table">
          <thead>
            <tr>
              <th scope="col" className="strip-c strip-h">
                {t('calendar.strip.segment')}
              </th>
              {weeks.map((week) => (
                <th key={week} scope="col" className={`strip-c strip-h${week === thisWeek ? ' strip-current' : ''}`}>
                  {t('calendar.strip.weekOf', { date: label(week) })}
                  {week === thisWeek ? <span className="strip-now"> · {t('calendar.strip.thisWeek')}</span> : null}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {visibleRows.map((row) => (
              <tr key={row.id ?? 'none'}>
                <th scope="row" className="strip-c strip-row-head">
                  <span className="legend-swatch" style={{ background: row.color }} aria-hidden="true" />
                  {row.name}
                </th>
                {weeks.map((week) => {
                  const planned = count(week, row.id);
                  return (
                    <td key={week} className={`strip-c${planned === 0 && row.id !== null ? ' strip-gap' : ''}`}>
                      {planned === 0 && row.id !== null ? t('calendar.strip.gap') : t('calendar.strip.posts', { count: planned })}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
