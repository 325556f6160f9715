import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../lib/errors';
import { SelectField } from '../../ui/Field';
import { LoadingState } from '../../ui/Spinner';
import { useChannelList, useSegmentList } from '../settings/planning-api';
import { useCurrentWorkspace } from '../workspaces/current-workspace';
import { type BestTimes, useBestTimes } from './api';
import { BestTimesSummary } from './BestTimesSummary';
import { csvRate, downloadCsv, MARK_FILL, useReportFormat } from './format';
import { Formula, MarkBadge } from './Marks';
import type { ReportTabProps } from './ReportsPage';

const HOURS = Array.from({ length: 24 }, (_, h) => h);
const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7];

export function BestTimesReport(_props: ReportTabProps) {
  const { t } = useTranslation();
  const { workspace } = useCurrentWorkspace();
  const channels = useChannelList(workspace.id);
  const segments = useSegmentList(workspace.id);
  const [channelId, setChannelId] = useState('');
  const [segmentId, setSegmentId] = useState('');
  const [weeks, setWeeks] = useState(12);
  const chosen = channelId || channels.data?.[0]?.id || '';
  const answer = useBestTimes(workspace.id, { channelId: chosen, segmentId: segmentId || null, weeks }, Boolean(chosen));
  return (
    <div className="report-stack">
      <div className="report-filters">
        <SelectField
          label={t('reports.filters.channel')}
          value={chosen}
          onChange={(e) => setChannelId(e.target.value)}
          options={(channels.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
        />
        <SelectField
          label={t('reports.filters.segment')}
          value={segmentId}
          onChange={(e) => setSegmentId(e.target.value)}
          options={[{ value: '', label: t('reports.bestTimes.anySegment') }, ...(segments.data ?? []).map((s) => ({ value: s.id, label: s.name }))]}
        />
        <SelectField
          label={t('reports.bestTimes.history')}
          value={String(weeks)}
          onChange={(e) => setWeeks(Number(e.target.value))}
          options={[4, 8, 12, 26, 52].map((w) => ({ value: String(w), label: t('reports.bestTimes.weeks', { count: w }) }))}
        />
      </div>
      {!chosen ? (
        <p className="muted">{t('reports.bestTimes.noChannels')}</p>
      ) : answer.isPending ? (
        <LoadingState />
      ) : answer.isError ? (
        <p className="alert alert-error" role="alert">
          {errorMessage(t, answer.error)}
        </p>
      ) : (
        <>
          <section className="card">
            <h3 className="report-subtitle">{t('reports.bestTimes.suggestions')}</h3>
            <BestTimesSummary answer={answer.data} />
          </section>
          <Heatmap answer={answer.data} />
        </>
      )}
    </div>
  );
}

function Heatmap({ answer }: { answer: BestTimes }) {
  const { t } = useTranslation();
  const f = useReportFormat();
  const cell = (weekday: number, hour: number) => answer.cells.find((c) => c.weekday === weekday && c.hour === hour);
  const max = Math.max(0.01, ...answer.cells.map((c) => c.medianRate ?? 0));
  const exportCsv = () =>
    downloadCsv(
      `sotong-best-times-${answer.weeks}w.csv`,
      [t('reports.bestTimes.weekday'), t('reports.bestTimes.hour'), t('reports.columns.posts'), t('reports.columns.medianRate')],
      answer.cells.map((c) => [f.weekdayShort(c.weekday), `${String(c.hour).padStart(2, '0')}:00`, c.posts, csvRate(c.medianRate)]),
    );
  return (
    <section className="card">
      <div className="report-table-head">
        <div>
          <h3 className="report-subtitle">{t('reports.bestTimes.heatmap')}</h3>
          <p className="report-note">
            {t('reports.bestTimes.heatmapNote', { zone: answer.timeZone })} <Formula />
          </p>
        </div>
        <button type="button" className="btn btn-secondary btn-sm" onClick={exportCsv} disabled={answer.cells.length === 0}>
          {t('reports.exportCsv')}
          <span className="visually-hidden">: {t('reports.bestTimes.heatmap')}</span>
        </button>
      </div>
      <div className="table-wrap">
        <table className="heatmap">
          <caption className="visually-hidden">{t('reports.bestTimes.heatmap')}</caption>
          <thead>
            <tr>
              <td />
              {HOURS.map((h) => (
                <th key={h} scope="col">
                  {String(h).padStart(2, '0')}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {WEEKDAYS.map((d) => (
              <tr key={d}>
                <th scope="row">{f.weekdayShort(d)}</th>
                {HOURS.map((h) => {
                  const c = cell(d, h);
                  if (!c) return <td key={h} className="heat-empty" />;
                  const strength = Math.min(1, (c.medianRate ?? 0) / max);
                  return (
                    <td
                      key={h}
                      className="heat"
                      style={{ background: `color-mix(in srgb, ${MARK_FILL[c.mark ?? 'below']} ${Math.round(25 + strength * 75)}%, white)` }}
                      title={t('reports.bestTimes.cellTitle', { rate: f.rate(c.medianRate), count: c.posts })}
                    >
                      <span className="visually-hidden">{t('reports.bestTimes.cellTitle', { rate: f.rate(c.medianRate), count: c.posts })}</span>
                      <span aria-hidden="true">{c.posts}</span>
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ul className="chart-legend">
        {(['below', 'working', 'stable', 'excellent'] as const).map((m) => (
          <li key={m}>
            <MarkBadge mark={m} />
          </li>
        ))}
        <li className="muted">{t('reports.bestTimes.legendCount')}</li>
      </ul>
    </section>
  );
}
