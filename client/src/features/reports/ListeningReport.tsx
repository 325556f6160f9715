import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Bar, BarChart, CartesianGrid, ComposedChart, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { QueryState } from '../../ui/QueryState';
import { asProvider, NetworkIcon } from '../calendar/NetworkIcon';
import { useCurrentWorkspace } from '../workspaces/current-workspace';
import type { ReportRange } from './api';
import { useDuration } from './duration';
import { downloadCsv, useReportFormat } from './format';
import { CATEGORIES, type Category, type ListeningReport, type ResponseStats, SENTIMENTS, type Sentiment, useListeningReport } from './listening-api';
import type { ReportTabProps } from './ReportsPage';
import { type Column, SortableTable } from './SortableTable';
import './listening.css';

/** Chart fills (every figure is also in a legend, a tooltip and the tables: colour is never the only cue). */
export const CATEGORY_FILL: Record<Category, string> = { complaint: '#d9534f', question: '#4f7fe0', praise: '#1f9d68', other: '#b8bfcc' };
export const SENTIMENT_FILL: Record<Sentiment, string> = { negative: '#d9534f', neutral: '#b8bfcc', positive: '#1f9d68' };
const RESPONSE_FILL = '#c7cdf5';
const SHARE_STROKE = '#4338ca';
const tick = { fontSize: 11, fill: '#545d6c' };

export function ListeningReportView({ filters }: ReportTabProps) {
  const { t } = useTranslation();
  const { workspace } = useCurrentWorkspace();
  const report = useListeningReport(workspace.id, filters);
  return (
    <QueryState
      query={report}
      isEmpty={(r) => r.messages.total === 0 && r.response.waits === 0 && r.response.resolved === 0 && r.escalations.byDepartment.length === 0}
      emptyTitle={t('reports.listening.emptyTitle')}
      emptyBody={t('reports.listening.emptyBody')}
    >
      {(r) => <ListeningBody report={r} />}
    </QueryState>
  );
}

function ListeningBody({ report }: { report: ListeningReport }) {
  const { t } = useTranslation();
  const f = useReportFormat();
  const duration = useDuration();
  const m = report.messages;
  const r = report.response;
  const e = report.escalations;
  const share = (n: number) => (m.total ? f.rate(n / m.total) : '—');
  return (
    <div className="report-stack listening">
      <section className="report-kpis" aria-label={t('reports.listening.summary')}>
        <div className="kpi">
          <div className="kpi-label">{t('reports.listening.messages')}</div>
          <div className="kpi-value">{f.count(m.total)}</div>
          <div className="kpi-note">
            {CATEGORIES.filter((c) => c !== 'other')
              .map((c) => `${t(`reports.listening.category.${c}`)} ${f.count(m.category[c])}`)
              .join(' · ')}
          </div>
        </div>
        <div className="kpi">
          <div className="kpi-label">{t('reports.listening.negative')}</div>
          <div className="kpi-value">
            {f.count(m.sentiment.negative)} <span className="kpi-unit">{share(m.sentiment.negative)}</span>
          </div>
          <div className="kpi-note">{t('reports.listening.negativeNote', { positive: f.count(m.sentiment.positive) })}</div>
        </div>
        <div className="kpi">
          <div className="kpi-label">{t('reports.listening.firstResponse')}</div>
          <div className="kpi-value">{duration(r.firstResponse.median)}</div>
          <div className="kpi-note">{t('reports.listening.p90', { value: duration(r.firstResponse.p90), count: r.answered })}</div>
        </div>
        <div className="kpi">
          <div className="kpi-label">{t('reports.listening.withinDeadline')}</div>
          <div className="kpi-value">
            {f.rate(r.withinDeadline)} <DeadlineBadge share={r.withinDeadline} />
          </div>
          <div className="kpi-note">{t('reports.listening.outcomes', { onTime: r.onTime, late: r.late, pending: r.pending })}</div>
        </div>
        <div className="kpi">
          <div className="kpi-label">{t('reports.listening.resolution')}</div>
          <div className="kpi-value">{duration(r.resolution.median)}</div>
          <div className="kpi-note">{t('reports.listening.p90Resolved', { value: duration(r.resolution.p90), count: r.resolved })}</div>
        </div>
        <div className="kpi">
          <div className="kpi-label">{t('reports.listening.escalationsOpen')}</div>
          <div className="kpi-value">{f.count(e.open + e.inProgress)}</div>
          <div className="kpi-note">
            {t('reports.listening.escalationsNote', { created: e.created, resolved: e.resolved, oldest: duration(e.openAge.oldest) })}
          </div>
        </div>
      </section>
      <p className="report-note">{deadlineRule(t, report)}</p>

      <div className="report-grid">
        <VolumeChart report={report} by="category" />
        <VolumeChart report={report} by="sentiment" />
      </div>
      <div className="report-grid">
        <Themes report={report} />
        <ResponseChart report={report} />
      </div>
      <PeopleTable report={report} />
      <ChannelTable report={report} />
      <Escalations report={report} />
    </div>
  );
}

function deadlineRule(t: TFunction, report: ListeningReport): string {
  const d = report.deadlines;
  const hours = `${d.businessHours.start}–${d.businessHours.end}`;
  return d.urgentSameBusinessDay
    ? t('reports.listening.deadlineRule', { hours, other: d.otherTargetHours, zone: report.range.timeZone })
    : t('reports.listening.deadlineRuleHours', { other: d.otherTargetHours, zone: report.range.timeZone });
}

/** Within the deadline: 90 % and more is good, 70 % fair, below that needs attention. */
function DeadlineBadge({ share }: { share: number | null }) {
  const { t } = useTranslation();
  if (share === null) return null;
  const level = share >= 0.9 ? 'good' : share >= 0.7 ? 'fair' : 'poor';
  return <span className={`deadline-badge deadline-${level}`}>{t(`reports.listening.deadlineLevel.${level}`)}</span>;
}

function VolumeChart({ report, by }: { report: ListeningReport; by: 'category' | 'sentiment' }) {
  const { t } = useTranslation();
  const f = useReportFormat();
  const keys: string[] = by === 'category' ? CATEGORIES : SENTIMENTS;
  const fill = (k: string) => (by === 'category' ? CATEGORY_FILL[k as Category] : SENTIMENT_FILL[k as Sentiment]);
  const label = (k: string) => t(`reports.listening.${by}.${k}`);
  const data = report.messages.timeline.map((d) => ({ label: f.day(d.day), day: d.day, ...(by === 'category' ? d.category : d.sentiment) }));
  const totals = by === 'category' ? report.messages.category : report.messages.sentiment;
  const title = by === 'category' ? t('reports.listening.byCategory') : t('reports.listening.bySentiment');
  const exportDays = () =>
    downloadCsv(
      `sotong-listening-${by}-${report.range.from}-${report.range.to}.csv`,
      [t('reports.cadence.day'), ...keys.map(label)],
      data.map((d) => [d.day, ...keys.map((k) => (d as unknown as Record<string, number>)[k] ?? 0)]),
    );
  return (
    <figure className="card chart-card">
      <figcaption className="chart-head">
        <div>
          <h3 className="report-subtitle">{title}</h3>
          <p className="report-note">{t('reports.listening.perDayNote', { zone: report.range.timeZone })}</p>
        </div>
        <button type="button" className="btn btn-secondary btn-sm" onClick={exportDays}>
          {t('reports.exportCsv')}
          <span className="visually-hidden">: {title}</span>
        </button>
      </figcaption>
      <div className="chart" role="img" aria-label={`${title}: ${keys.map((k) => `${label(k)} ${totals[k as keyof typeof totals]}`).join(', ')}`}>
        <ResponsiveContainer width="100%" height={240}>
          <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }} accessibilityLayer={false}>
            <CartesianGrid stroke="#e2e5ea" vertical={false} />
            <XAxis dataKey="label" tick={tick} interval="preserveStartEnd" minTickGap={12} />
            <YAxis allowDecimals={false} tick={tick} width={32} />
            <Tooltip formatter={(value, name) => [f.count(Number(value)), label(String(name))]} />
            {keys.map((k) => (
              <Bar key={k} dataKey={k} stackId="v" fill={fill(k)} isAnimationActive={false} />
            ))}
          </BarChart>
        </ResponsiveContainer>
      </div>
      <ul className="chart-legend">
        {keys.map((k) => (
          <li key={k}>
            <span className="swatch" style={{ background: fill(k) }} aria-hidden="true" />
            {label(k)} {f.count(totals[k as keyof typeof totals])}
          </li>
        ))}
      </ul>
    </figure>
  );
}

function Themes({ report }: { report: ListeningReport }) {
  const { t } = useTranslation();
  const f = useReportFormat();
  const terms = report.themes.terms.slice(0, 12);
  const title = t('reports.listening.themes');
  const exportThemes = () =>
    downloadCsv(
      `sotong-listening-themes-${report.range.from}-${report.range.to}.csv`,
      [t('reports.listening.term'), t('reports.listening.mentions'), t('reports.listening.shareOfComplaints')],
      report.themes.terms.map((x) => [x.term, x.messages, (x.share * 100).toFixed(1)]),
    );
  return (
    <figure className="card chart-card">
      <figcaption className="chart-head">
        <div>
          <h3 className="report-subtitle">{title}</h3>
          <p className="report-note">{t('reports.listening.themesNote', { count: report.themes.complaints })}</p>
        </div>
        <button type="button" className="btn btn-secondary btn-sm" onClick={exportThemes} disabled={terms.length === 0}>
          {t('reports.exportCsv')}
          <span className="visually-hidden">: {title}</span>
        </button>
      </figcaption>
      {terms.length === 0 ? (
        <p className="report-empty-note">{t('reports.listening.noThemes')}</p>
      ) : (
        <div className="chart" role="img" aria-label={`${title}: ${terms.map((x) => `${x.term} ${x.messages}`).join(', ')}`}>
          <ResponsiveContainer width="100%" height={Math.max(160, terms.length * 26 + 24)}>
            <BarChart data={terms} layout="vertical" margin={{ top: 4, right: 16, bottom: 0, left: 8 }} accessibilityLayer={false}>
              <CartesianGrid stroke="#e2e5ea" horizontal={false} />
              <XAxis type="number" allowDecimals={false} tick={tick} />
              <YAxis type="category" dataKey="term" tick={{ fontSize: 12, fill: '#1a1f2b' }} width={88} interval={0} />
              <Tooltip
                formatter={(value, _name, item) => [
                  `${f.count(Number(value))} (${f.rate((item?.payload as { share?: number } | undefined)?.share ?? 0)})`,
                  t('reports.listening.mentions'),
                ]}
              />
              <Bar dataKey="messages" fill={CATEGORY_FILL.complaint} radius={[0, 3, 3, 0]} isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
        </div>
      )}
    </figure>
  );
}

function ResponseChart({ report }: { report: ListeningReport }) {
  const { t } = useTranslation();
  const f = useReportFormat();
  const duration = useDuration();
  const data = report.response.timeline.map((d) => ({
    ...d,
    label: f.day(d.day),
    hours: d.medianFirstResponseMs === null ? null : d.medianFirstResponseMs / 3_600_000,
  }));
  return (
    <figure className="card chart-card">
      <figcaption>
        <h3 className="report-subtitle">{t('reports.listening.responseTitle')}</h3>
        <p className="report-note">{t('reports.listening.responseNote')}</p>
      </figcaption>
      <div
        className="chart"
        role="img"
        aria-label={t('reports.listening.responseAlt', {
          median: duration(report.response.firstResponse.median),
          share: f.rate(report.response.withinDeadline),
        })}
      >
        <ResponsiveContainer width="100%" height={260}>
          <ComposedChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }} accessibilityLayer={false}>
            <CartesianGrid stroke="#e2e5ea" vertical={false} />
            <XAxis dataKey="label" tick={tick} interval="preserveStartEnd" minTickGap={12} />
            <YAxis yAxisId="hours" tick={tick} width={36} unit="h" allowDecimals={false} />
            <YAxis
              yAxisId="share"
              orientation="right"
              domain={[0, 1]}
              tickFormatter={(v: number) => `${Math.round(v * 100)}%`}
              tick={tick}
              width={40}
            />
            <Tooltip
              formatter={(value, name) =>
                name === 'hours'
                  ? [duration(Number(value) * 3_600_000), t('reports.listening.medianFirstResponse')]
                  : [f.rate(Number(value)), t('reports.listening.withinDeadline')]
              }
            />
            <Bar yAxisId="hours" dataKey="hours" fill={RESPONSE_FILL} radius={[3, 3, 0, 0]} isAnimationActive={false} />
            <Line
              yAxisId="share"
              dataKey="withinDeadline"
              stroke={SHARE_STROKE}
              strokeWidth={2}
              dot={{ r: 2 }}
              connectNulls
              isAnimationActive={false}
            />
          </ComposedChart>
        </ResponsiveContainer>
      </div>
      <ul className="chart-legend">
        <li>
          <span className="swatch" style={{ background: RESPONSE_FILL }} aria-hidden="true" />
          {t('reports.listening.medianFirstResponse')}
        </li>
        <li>
          <span className="swatch" style={{ background: SHARE_STROKE }} aria-hidden="true" />
          {t('reports.listening.withinDeadline')}
        </li>
      </ul>
    </figure>
  );
}

/** The columns both per-person and per-channel tables share. */
function statColumns<T extends ResponseStats>(
  t: TFunction,
  duration: (ms: number | null) => string,
  rate: (r: number | null) => string,
): Column<T>[] {
  const ms = (v: number | null) => (v === null ? '' : Math.round(v / 60_000));
  return [
    { key: 'waits', label: t('reports.listening.cols.waits'), sortValue: (s) => s.waits, numeric: true },
    { key: 'answered', label: t('reports.listening.cols.answered'), sortValue: (s) => s.answered, numeric: true },
    {
      key: 'median',
      label: t('reports.listening.cols.medianFirst'),
      sortValue: (s) => s.firstResponse.median,
      render: (s) => duration(s.firstResponse.median),
      csv: (s) => ms(s.firstResponse.median),
      numeric: true,
    },
    {
      key: 'p90',
      label: t('reports.listening.cols.p90First'),
      sortValue: (s) => s.firstResponse.p90,
      render: (s) => duration(s.firstResponse.p90),
      csv: (s) => ms(s.firstResponse.p90),
      numeric: true,
    },
    {
      key: 'share',
      label: t('reports.listening.cols.withinDeadline'),
      sortValue: (s) => s.withinDeadline,
      render: (s) => (
        <span className="rate-cell">
          <span className="rate-value">{rate(s.withinDeadline)}</span> <DeadlineBadge share={s.withinDeadline} />
        </span>
      ),
      csv: (s) => (s.withinDeadline === null ? '' : (s.withinDeadline * 100).toFixed(1)),
      numeric: true,
    },
    { key: 'late', label: t('reports.listening.cols.late'), sortValue: (s) => s.late, numeric: true },
    { key: 'resolved', label: t('reports.listening.cols.resolved'), sortValue: (s) => s.resolved, numeric: true },
    {
      key: 'resolution',
      label: t('reports.listening.cols.medianResolution'),
      sortValue: (s) => s.resolution.median,
      render: (s) => duration(s.resolution.median),
      csv: (s) => ms(s.resolution.median),
      numeric: true,
    },
    {
      key: 'resolutionP90',
      label: t('reports.listening.cols.p90Resolution'),
      sortValue: (s) => s.resolution.p90,
      render: (s) => duration(s.resolution.p90),
      csv: (s) => ms(s.resolution.p90),
      numeric: true,
    },
  ];
}

function PeopleTable({ report }: { report: ListeningReport }) {
  const { t } = useTranslation();
  const f = useReportFormat();
  const duration = useDuration();
  const name = (id: string | null) => (id ? (report.people.find((p) => p.id === id)?.name ?? '—') : t('reports.listening.unassigned'));
  const columns: Column<ListeningReport['byPerson'][number]>[] = [
    { key: 'name', label: t('reports.listening.cols.person'), sortValue: (p) => name(p.key) },
    ...statColumns<ListeningReport['byPerson'][number]>(t, duration, f.rate),
  ];
  return (
    <section className="card">
      <SortableTable
        caption={t('reports.listening.byPerson')}
        note={t('reports.listening.byPersonNote')}
        columns={columns}
        rows={report.byPerson}
        rowKey={(p) => p.key ?? 'none'}
        initialSort={{ key: 'waits', dir: 'desc' }}
        filename={`sotong-listening-people-${report.range.from}-${report.range.to}.csv`}
      />
    </section>
  );
}

function ChannelTable({ report }: { report: ListeningReport }) {
  const { t } = useTranslation();
  const f = useReportFormat();
  const duration = useDuration();
  const channel = (id: string | null) => report.range.channels.find((c) => c.id === id);
  const columns: Column<ListeningReport['byChannel'][number]>[] = [
    {
      key: 'name',
      label: t('reports.listening.cols.channel'),
      sortValue: (c) => channel(c.key)?.name ?? '—',
      render: (c) => <ChannelName channel={channel(c.key)} />,
    },
    ...statColumns<ListeningReport['byChannel'][number]>(t, duration, f.rate),
  ];
  return (
    <section className="card">
      <SortableTable
        caption={t('reports.listening.byChannel')}
        columns={columns}
        rows={report.byChannel}
        rowKey={(c) => c.key ?? 'none'}
        initialSort={{ key: 'waits', dir: 'desc' }}
        filename={`sotong-listening-channels-${report.range.from}-${report.range.to}.csv`}
      />
    </section>
  );
}

function ChannelName({ channel }: { channel: ReportRange['channels'][number] | undefined }) {
  if (!channel) return <>—</>;
  return (
    <span className="channel-name">
      <NetworkIcon provider={asProvider(channel.provider)} /> {channel.name}
    </span>
  );
}

function Escalations({ report }: { report: ListeningReport }) {
  const { t } = useTranslation();
  const duration = useDuration();
  const { workspace } = useCurrentWorkspace();
  const e = report.escalations;
  type Dept = (typeof e.byDepartment)[number];
  const ms = (v: number | null) => (v === null ? '' : Math.round(v / 60_000));
  const columns: Column<Dept>[] = [
    { key: 'name', label: t('reports.listening.cols.department'), sortValue: (d) => d.name },
    { key: 'open', label: t('reports.listening.cols.open'), sortValue: (d) => d.open, numeric: true },
    { key: 'inProgress', label: t('reports.listening.cols.inProgress'), sortValue: (d) => d.inProgress, numeric: true },
    { key: 'created', label: t('reports.listening.cols.created'), sortValue: (d) => d.created, numeric: true },
    { key: 'resolved', label: t('reports.listening.cols.resolvedEsc'), sortValue: (d) => d.resolved, numeric: true },
    {
      key: 'age',
      label: t('reports.listening.cols.medianAge'),
      sortValue: (d) => d.openAge.median,
      render: (d) => duration(d.openAge.median),
      csv: (d) => ms(d.openAge.median),
      numeric: true,
    },
    {
      key: 'oldest',
      label: t('reports.listening.cols.oldest'),
      sortValue: (d) => d.openAge.oldest,
      render: (d) => duration(d.openAge.oldest),
      csv: (d) => ms(d.openAge.oldest),
      numeric: true,
    },
    {
      key: 'resolution',
      label: t('reports.listening.cols.medianEscResolution'),
      sortValue: (d) => d.resolution.median,
      render: (d) => duration(d.resolution.median),
      csv: (d) => ms(d.resolution.median),
      numeric: true,
    },
  ];
  return (
    <div className="report-stack listening-escalations">
      <section className="card">
        <SortableTable
          caption={t('reports.listening.escalations')}
          note={t('reports.listening.escalationsTableNote')}
          columns={columns}
          rows={e.byDepartment}
          rowKey={(d) => d.departmentId}
          initialSort={{ key: 'open', dir: 'desc' }}
          filename={`sotong-listening-escalations-${report.range.from}-${report.range.to}.csv`}
        />
        {e.byDepartment.length === 0 ? <p className="report-empty-note">{t('reports.listening.noEscalations')}</p> : null}
      </section>
      <section className="card" aria-labelledby="oldest-escalations">
        <h3 id="oldest-escalations" className="report-subtitle">
          {t('reports.listening.oldestOpen')}
        </h3>
        {e.oldestOpen.length === 0 ? (
          <p className="report-empty-note">{t('reports.listening.noOpenEscalations')}</p>
        ) : (
          <ol className="escalation-list">
            {e.oldestOpen.map((x) => (
              <li key={x.id}>
                <div className="escalation-line">
                  <span className={`esc-status esc-${x.status}`}>{t(`reports.listening.escStatus.${x.status}`)}</span>
                  <strong>{x.departmentName}</strong>
                  <span className="escalation-age">{t('reports.listening.age', { age: duration(x.ageMs) })}</span>
                </div>
                <Link to={`/w/${encodeURIComponent(workspace.id)}/inbox?c=${encodeURIComponent(x.conversationId)}`} className="escalation-quote">
                  {x.customerName}: “{x.excerpt}”
                </Link>
              </li>
            ))}
          </ol>
        )}
      </section>
    </div>
  );
}
