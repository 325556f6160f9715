import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, Cell, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { QueryState } from '../../ui/QueryState';
import { asProvider, NetworkIcon } from '../calendar/NetworkIcon';
import { useCurrentWorkspace } from '../workspaces/current-workspace';
import { type CadenceReport, type ChannelCadence, useCadenceReport } from './api';
import { downloadCsv, useReportFormat } from './format';
import type { ReportTabProps } from './ReportsPage';
import { type Column, SortableTable } from './SortableTable';

const ON = '#1f9d68';
const BELOW = '#e9a23b';
const FUTURE = '#d5d9e0';

export function CadenceReportView({ filters }: ReportTabProps) {
  const { t } = useTranslation();
  const { workspace } = useCurrentWorkspace();
  const report = useCadenceReport(workspace.id, filters);
  return (
    <QueryState
      query={report}
      isEmpty={(r) => r.channels.length === 0}
      emptyTitle={t('reports.cadence.emptyTitle')}
      emptyBody={t('reports.cadence.emptyBody')}
    >
      {(r) => <CadenceBody report={r} />}
    </QueryState>
  );
}

function CadenceBody({ report }: { report: CadenceReport }) {
  const { t } = useTranslation();
  const f = useReportFormat();
  const columns: Column<ChannelCadence>[] = [
    { key: 'name', label: t('reports.cadence.channel'), sortValue: (c) => c.name },
    { key: 'target', label: t('reports.cadence.target'), sortValue: (c) => c.dailyTarget, numeric: true },
    { key: 'total', label: t('reports.cadence.total'), sortValue: (c) => c.total, numeric: true },
    {
      key: 'average',
      label: t('reports.cadence.average'),
      sortValue: (c) => c.average,
      render: (c) => f.decimal(c.average),
      csv: (c) => c.average.toFixed(2),
      numeric: true,
    },
    { key: 'onTarget', label: t('reports.cadence.daysOnTarget'), sortValue: (c) => c.daysOnTarget, numeric: true },
    { key: 'below', label: t('reports.cadence.daysBelow'), sortValue: (c) => c.daysBelowTarget, numeric: true },
    { key: 'without', label: t('reports.cadence.daysWithout'), sortValue: (c) => c.daysWithout, numeric: true },
    { key: 'streak', label: t('reports.cadence.currentStreak'), sortValue: (c) => c.currentStreak, numeric: true },
    { key: 'longest', label: t('reports.cadence.longestStreak'), sortValue: (c) => c.longestStreak, numeric: true },
    { key: 'gap', label: t('reports.cadence.longestGap'), sortValue: (c) => c.longestGap, numeric: true },
  ];
  const exportDays = () => {
    const days = report.channels[0]?.days.map((d) => d.day) ?? [];
    downloadCsv(
      `sotong-cadence-${report.range.from}-${report.range.to}.csv`,
      [t('reports.cadence.day'), ...report.channels.flatMap((c) => [c.name, `${c.name} (${t('reports.cadence.target')})`])],
      days.map((day, i) => [day, ...report.channels.flatMap((c) => [c.days[i]?.published ?? 0, c.dailyTarget])]),
    );
  };
  return (
    <div className="report-stack">
      <section className="card">
        <SortableTable
          caption={t('reports.cadence.summary')}
          note={t('reports.cadence.note', { zone: report.range.timeZone })}
          columns={columns}
          rows={report.channels}
          rowKey={(c) => c.id}
          initialSort={{ key: 'name', dir: 'asc' }}
          filename={`sotong-cadence-summary-${report.range.from}-${report.range.to}.csv`}
        />
        <p className="report-export">
          <button type="button" className="btn btn-secondary btn-sm" onClick={exportDays}>
            {t('reports.cadence.exportDays')}
          </button>
        </p>
      </section>
      <div className="report-grid">
        {report.channels.map((c) => (
          <ChannelChart key={c.id} channel={c} today={report.today} />
        ))}
      </div>
    </div>
  );
}

function ChannelChart({ channel, today }: { channel: ChannelCadence; today: string }) {
  const { t } = useTranslation();
  const f = useReportFormat();
  const data = channel.days.map((d) => ({ ...d, label: f.day(d.day) }));
  const top = Math.max(channel.dailyTarget + 1, ...channel.days.map((d) => d.published));
  return (
    <figure className="card chart-card">
      <figcaption className="cadence-head">
        <h3 className="report-subtitle">
          <NetworkIcon provider={asProvider(channel.provider)} /> {channel.name}
        </h3>
        <p className="report-note">{t('reports.cadence.targetLine', { count: channel.dailyTarget })}</p>
      </figcaption>
      <div
        className="chart"
        role="img"
        aria-label={t('reports.cadence.chartAlt', {
          name: channel.name,
          onTarget: channel.daysOnTarget,
          days: channel.countedDays,
          target: channel.dailyTarget,
        })}
      >
        <ResponsiveContainer width="100%" height={180}>
          <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }} accessibilityLayer={false}>
            <CartesianGrid stroke="#e2e5ea" vertical={false} />
            <XAxis dataKey="label" tick={{ fontSize: 11, fill: '#545d6c' }} interval="preserveStartEnd" minTickGap={12} />
            <YAxis allowDecimals={false} domain={[0, top]} tick={{ fontSize: 11, fill: '#545d6c' }} width={28} />
            <Tooltip formatter={(value) => [f.count(Number(value)), t('reports.cadence.published')]} />
            <ReferenceLine y={channel.dailyTarget} stroke="#1a1f2b" strokeDasharray="4 4" />
            <Bar dataKey="published" radius={[3, 3, 0, 0]} isAnimationActive={false}>
              {data.map((d) => (
                <Cell key={d.day} fill={d.day > today ? FUTURE : d.published >= channel.dailyTarget ? ON : BELOW} />
              ))}
            </Bar>
          </BarChart>
        </ResponsiveContainer>
      </div>
      <ul className="chart-legend">
        <li>
          <span className="swatch" style={{ background: ON }} aria-hidden="true" />
          {t('reports.cadence.onTarget')}
        </li>
        <li>
          <span className="swatch" style={{ background: BELOW }} aria-hidden="true" />
          {t('reports.cadence.belowTarget')}
        </li>
        <li>
          <span className="swatch swatch-dashed swatch-dark" aria-hidden="true" />
          {t('reports.cadence.target')}
        </li>
      </ul>
      <dl className="cadence-stats">
        <div>
          <dt>{t('reports.cadence.currentStreak')}</dt>
          <dd>{t('reports.cadence.days', { count: channel.currentStreak })}</dd>
        </div>
        <div>
          <dt>{t('reports.cadence.longestStreak')}</dt>
          <dd>{t('reports.cadence.days', { count: channel.longestStreak })}</dd>
        </div>
        <div>
          <dt>{t('reports.cadence.longestGap')}</dt>
          <dd>{t('reports.cadence.days', { count: channel.longestGap })}</dd>
        </div>
        <div>
          <dt>{t('reports.cadence.average')}</dt>
          <dd>{f.decimal(channel.average)}</dd>
        </div>
      </dl>
      {channel.gaps.length ? (
        <p className="report-note">
          {t('reports.cadence.gaps')}{' '}
          {channel.gaps
            .slice(-4)
            .map((g) => (g.days === 1 ? f.day(g.from) : `${f.day(g.from)}–${f.day(g.to)}`))
            .join(', ')}
        </p>
      ) : (
        <p className="report-note">{t('reports.cadence.noGaps')}</p>
      )}
    </figure>
  );
}
