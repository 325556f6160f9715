import { MARKS, markOf } from '@reports/engagement';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, Cell, ComposedChart, Line, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { QueryState } from '../../ui/QueryState';
import { asProvider, NetworkIcon } from '../calendar/NetworkIcon';
import { useCurrentWorkspace, useWorkspaceTime } from '../workspaces/current-workspace';
import { type ContentReport, contentCsvUrl, type GroupStat, type PostPreview, useContentReport } from './api';
import { csvRate, MARK_FILL, useReportFormat } from './format';
import { Formula, MarkBadge, RateCell } from './Marks';
import type { ReportTabProps } from './ReportsPage';
import { type Column, SortableTable } from './SortableTable';

const DIMENSIONS = ['channel', 'segment', 'campaign', 'label', 'format'] as const;
type Dimension = (typeof DIMENSIONS)[number];

export function ContentReportView({ filters }: ReportTabProps) {
  const { t } = useTranslation();
  const { workspace } = useCurrentWorkspace();
  const report = useContentReport(workspace.id, filters);
  return (
    <QueryState
      query={report}
      isEmpty={(r) => r.summary.posts === 0}
      emptyTitle={t('reports.content.emptyTitle')}
      emptyBody={t('reports.content.emptyBody')}
    >
      {(r) => <ContentBody report={r} csvUrl={contentCsvUrl(workspace.id, filters)} />}
    </QueryState>
  );
}

function ContentBody({ report, csvUrl }: { report: ContentReport; csvUrl: string }) {
  const { t } = useTranslation();
  const f = useReportFormat();
  const s = report.summary;
  return (
    <div className="report-stack">
      <section className="report-kpis" aria-label={t('reports.content.summary')}>
        <div className="kpi">
          <div className="kpi-label">{t('reports.content.posts')}</div>
          <div className="kpi-value">{f.count(s.posts)}</div>
          <div className="kpi-note">{t('reports.content.measured', { count: s.measured, collecting: s.collecting })}</div>
        </div>
        <div className="kpi kpi-wide">
          <div className="kpi-label">{t('reports.content.medianRate')}</div>
          <div className="kpi-value">
            {f.rate(s.medianRate)} <MarkBadge mark={markOf(s.medianRate)} />
          </div>
          <div className="kpi-note">
            <Formula />
          </div>
        </div>
        <div className="kpi">
          <div className="kpi-label">{t('reports.content.impressionRate')}</div>
          <div className="kpi-value">{f.rate(s.impressionRate)}</div>
          <div className="kpi-note">{t('reports.impressionFormula')}</div>
        </div>
        <div className="kpi kpi-wide">
          <div className="kpi-label">{t('reports.content.byMark')}</div>
          <MarkBar marks={s.marks} />
          <div className="kpi-note">{t('reports.marksLegend')}</div>
        </div>
      </section>

      <div className="report-grid">
        <Timeline report={report} />
        <Distribution report={report} />
      </div>

      <Groups report={report} />
      <div className="report-grid">
        <PostList title={t('reports.content.best')} posts={report.best} report={report} />
        <PostList title={t('reports.content.worst')} posts={report.worst} report={report} empty={t('reports.content.worstEmpty')} />
      </div>
      <SegmentMatrix report={report} />
      <p className="report-export">
        <a className="btn btn-secondary" href={csvUrl} download>
          {t('reports.content.exportPosts')}
        </a>
      </p>
    </div>
  );
}

function MarkBar({ marks }: { marks: GroupStat['marks'] }) {
  const { t } = useTranslation();
  const total = marks.below + marks.working + marks.stable + marks.excellent;
  const order = ['excellent', 'stable', 'working', 'below'] as const;
  return (
    <div>
      <div className="mark-bar" aria-hidden="true">
        {order.map((m) => (total ? <span key={m} style={{ width: `${(marks[m] / total) * 100}%`, background: MARK_FILL[m] }} /> : null))}
      </div>
      <ul className="mark-bar-legend">
        {order.map((m) => (
          <li key={m}>
            <span className="swatch" style={{ background: MARK_FILL[m] }} aria-hidden="true" />
            {t(`reports.marks.${m}`)} {marks[m]}
          </li>
        ))}
      </ul>
    </div>
  );
}

const pctTick = (v: number) => `${(v * 100).toFixed(1)}%`;

function Timeline({ report }: { report: ContentReport }) {
  const { t } = useTranslation();
  const f = useReportFormat();
  const data = report.timeline.map((p) => ({ ...p, label: f.day(p.period) }));
  const title = report.bucket === 'week' ? t('reports.content.timelineWeeks') : t('reports.content.timelineDays');
  return (
    <figure className="card chart-card">
      <figcaption>
        <h3 className="report-subtitle">{title}</h3>
        <p className="report-note">
          <Formula withMarks />
        </p>
      </figcaption>
      <div
        className="chart"
        role="img"
        aria-label={t('reports.content.timelineAlt', { count: report.summary.posts, median: f.rate(report.summary.medianRate) })}
      >
        <ResponsiveContainer width="100%" height={260}>
          <ComposedChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }} accessibilityLayer={false}>
            <CartesianGrid stroke="#e2e5ea" vertical={false} />
            <XAxis dataKey="label" tick={{ fontSize: 11, fill: '#545d6c' }} interval="preserveStartEnd" minTickGap={12} />
            <YAxis
              yAxisId="rate"
              tickFormatter={pctTick}
              domain={[0, (max: number) => Math.max(max, MARKS.excellent * 1.1)]}
              tick={{ fontSize: 11, fill: '#545d6c' }}
              width={48}
            />
            <YAxis yAxisId="posts" orientation="right" allowDecimals={false} tick={{ fontSize: 11, fill: '#545d6c' }} width={32} />
            <Tooltip
              formatter={(value, name) =>
                name === 'posts' ? [f.count(Number(value)), t('reports.content.posts')] : [f.rate(Number(value)), t('reports.content.medianRate')]
              }
            />
            <Bar yAxisId="posts" dataKey="posts" fill="#c7cdf5" radius={[3, 3, 0, 0]} isAnimationActive={false} />
            <ReferenceLine yAxisId="rate" y={MARKS.working} stroke={MARK_FILL.working} strokeDasharray="4 4" />
            <ReferenceLine yAxisId="rate" y={MARKS.stable} stroke={MARK_FILL.stable} strokeDasharray="4 4" />
            <ReferenceLine yAxisId="rate" y={MARKS.excellent} stroke={MARK_FILL.excellent} strokeDasharray="4 4" />
            <Line yAxisId="rate" dataKey="medianRate" stroke="#4338ca" strokeWidth={2} dot={{ r: 2 }} connectNulls isAnimationActive={false} />
          </ComposedChart>
        </ResponsiveContainer>
      </div>
      <ul className="chart-legend">
        <li>
          <span className="swatch" style={{ background: '#4338ca' }} aria-hidden="true" />
          {t('reports.content.medianRate')}
        </li>
        <li>
          <span className="swatch" style={{ background: '#c7cdf5' }} aria-hidden="true" />
          {t('reports.content.posts')}
        </li>
        <li>
          <span className="swatch swatch-dashed" aria-hidden="true" />
          {t('reports.content.markLines')}
        </li>
      </ul>
    </figure>
  );
}

function Distribution({ report }: { report: ContentReport }) {
  const { t } = useTranslation();
  const f = useReportFormat();
  const data = report.distribution.map((b) => ({
    ...b,
    label: b.to === null ? `≥${f.rate(b.from)}` : `${f.rate(b.from)}–${f.rate(b.to)}`,
    short: b.to === null ? `≥${(b.from * 100).toFixed(1)}` : `${(b.from * 100).toFixed(1)}`,
  }));
  return (
    <figure className="card chart-card">
      <figcaption>
        <h3 className="report-subtitle">{t('reports.content.distribution')}</h3>
        <p className="report-note">
          <Formula />
        </p>
      </figcaption>
      <div
        className="chart"
        role="img"
        aria-label={data
          .filter((b) => b.count > 0)
          .map((b) => `${b.label}: ${b.count}`)
          .join(', ')}
      >
        <ResponsiveContainer width="100%" height={260}>
          <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }} accessibilityLayer={false}>
            <CartesianGrid stroke="#e2e5ea" vertical={false} />
            <XAxis dataKey="short" tick={{ fontSize: 11, fill: '#545d6c' }} unit="%" />
            <YAxis allowDecimals={false} tick={{ fontSize: 11, fill: '#545d6c' }} width={32} />
            <Tooltip
              labelFormatter={(_, payload) => String(payload?.[0]?.payload?.label ?? '')}
              formatter={(value) => [f.count(Number(value)), t('reports.content.posts')]}
            />
            <Bar dataKey="count" radius={[3, 3, 0, 0]} isAnimationActive={false}>
              {data.map((b) => (
                <Cell key={b.from} fill={MARK_FILL[b.mark]} />
              ))}
            </Bar>
          </BarChart>
        </ResponsiveContainer>
      </div>
      <ul className="chart-legend">
        {(['below', 'working', 'stable', 'excellent'] as const).map((m) => (
          <li key={m}>
            <span className="swatch" style={{ background: MARK_FILL[m] }} aria-hidden="true" />
            {t(`reports.marks.${m}`)}
          </li>
        ))}
      </ul>
    </figure>
  );
}

function useNames(report: ContentReport) {
  const { t } = useTranslation();
  const byId = <T extends { id: string; name: string }>(list: T[]) => new Map(list.map((x) => [x.id, x.name]));
  const channels = byId(report.range.channels);
  const segments = byId(report.range.segments);
  const campaigns = byId(report.range.campaigns);
  return (dimension: Dimension, key: string | null): string => {
    if (key === null) return t(`reports.content.none.${dimension}`);
    switch (dimension) {
      case 'channel':
        return channels.get(key) ?? key;
      case 'segment':
        return segments.get(key) ?? key;
      case 'campaign':
        return campaigns.get(key) ?? key;
      case 'label':
        return `#${key}`;
      case 'format':
        return t(`reports.formats.${key}`);
    }
  };
}

function Groups({ report }: { report: ContentReport }) {
  const { t } = useTranslation();
  const f = useReportFormat();
  const [dimension, setDimension] = useState<Dimension>('channel');
  const name = useNames(report);
  const rows: Record<Dimension, GroupStat[]> = {
    channel: report.byChannel,
    segment: report.bySegment,
    campaign: report.byCampaign,
    label: report.byLabel,
    format: report.byFormat,
  };
  const columns: Column<GroupStat>[] = [
    { key: 'name', label: t(`reports.dimensions.${dimension}`), sortValue: (g) => name(dimension, g.key) },
    { key: 'posts', label: t('reports.columns.posts'), sortValue: (g) => g.posts, render: (g) => f.count(g.posts), numeric: true },
    { key: 'measured', label: t('reports.columns.measured'), sortValue: (g) => g.measured, render: (g) => f.count(g.measured), numeric: true },
    {
      key: 'median',
      label: t('reports.columns.medianRate'),
      sortValue: (g) => g.medianRate,
      render: (g) => <RateCell rate={g.medianRate} />,
      csv: (g) => csvRate(g.medianRate),
      numeric: true,
    },
    {
      key: 'mean',
      label: t('reports.columns.meanRate'),
      sortValue: (g) => g.meanRate,
      render: (g) => f.rate(g.meanRate),
      csv: (g) => csvRate(g.meanRate),
      numeric: true,
    },
    {
      key: 'impressionRate',
      label: t('reports.columns.impressionRate'),
      sortValue: (g) => g.impressionRate,
      render: (g) => f.rate(g.impressionRate),
      csv: (g) => csvRate(g.impressionRate),
      numeric: true,
    },
    {
      key: 'interactions',
      label: t('reports.columns.interactions'),
      sortValue: (g) => g.interactions,
      render: (g) => f.count(g.interactions),
      numeric: true,
    },
    { key: 'excellent', label: t('reports.columns.excellent'), sortValue: (g) => g.marks.excellent, numeric: true },
  ];
  return (
    <section className="card">
      <fieldset className="segmented">
        <legend className="visually-hidden">{t('reports.content.groupBy')}</legend>
        {DIMENSIONS.map((d) => (
          <button key={d} type="button" className="segmented-option" aria-pressed={d === dimension} onClick={() => setDimension(d)}>
            {t(`reports.dimensions.${d}`)}
          </button>
        ))}
      </fieldset>
      <SortableTable
        key={dimension}
        caption={t('reports.content.groupsCaption', { dimension: t(`reports.dimensions.${dimension}`) })}
        note={<Formula impressions />}
        columns={columns}
        rows={rows[dimension]}
        rowKey={(g) => g.key ?? 'none'}
        initialSort={{ key: 'posts', dir: 'desc' }}
        filename={`sotong-content-by-${dimension}-${report.range.from}-${report.range.to}.csv`}
      />
    </section>
  );
}

function PostList({ title, posts, report, empty }: { title: string; posts: PostPreview[]; report: ContentReport; empty?: string }) {
  const { t } = useTranslation();
  const f = useReportFormat();
  const { dateTime } = useWorkspaceTime();
  const { workspace } = useCurrentWorkspace();
  const channels = new Map(report.range.channels.map((c) => [c.id, c]));
  const segments = new Map(report.range.segments.map((s) => [s.id, s]));
  return (
    <section className="card">
      <h3 className="report-subtitle">{title}</h3>
      <p className="report-note">
        <Formula />
      </p>
      {posts.length === 0 ? (
        <p className="muted">{empty ?? t('reports.content.noPosts')}</p>
      ) : (
        <ol className="post-previews">
          {posts.map((p) => {
            const channel = channels.get(p.channelAccountId);
            const segment = p.segmentId ? segments.get(p.segmentId) : undefined;
            return (
              <li key={p.id} className="post-preview">
                {p.mediaId && p.mediaKind === 'image' ? (
                  <img className="post-thumb" src={`/api/workspaces/${encodeURIComponent(workspace.id)}/media/${p.mediaId}/thumb`} alt="" />
                ) : (
                  <span className={`post-thumb post-thumb-${p.format}`} aria-hidden="true">
                    {t(`reports.formats.${p.format}`)}
                  </span>
                )}
                <div className="post-body">
                  <div className="post-meta">
                    <NetworkIcon provider={asProvider(channel?.provider)} />
                    <span>{channel?.name ?? ''}</span>
                    {segment ? (
                      <span className="segment-chip" style={{ borderColor: segment.color }}>
                        {segment.name}
                      </span>
                    ) : null}
                    <time dateTime={p.publishedAt}>{dateTime(p.publishedAt)}</time>
                  </div>
                  <p className="post-title">{p.title}</p>
                  <p className="post-text">{p.text}</p>
                  <div className="post-numbers">
                    <RateCell rate={p.rate} />
                    <span>
                      {t('reports.content.numbers', { reactions: f.count(p.reactions), comments: f.count(p.comments), shares: f.count(p.shares) })}
                    </span>
                    <span>{t('reports.content.followersAt', { count: p.followersAtPublish ?? 0, formatted: f.count(p.followersAtPublish) })}</span>
                    {p.impressionRate !== null ? <span>{t('reports.content.perImpression', { rate: f.rate(p.impressionRate) })}</span> : null}
                    {p.checkpoint ? (
                      <span className="muted">{t('reports.content.readingAt', { checkpoint: t(`reports.checkpoints.${p.checkpoint}`) })}</span>
                    ) : null}
                    {p.remoteUrl ? (
                      <a href={p.remoteUrl} target="_blank" rel="noreferrer">
                        {t('reports.content.open')}
                        <span className="visually-hidden">: {p.title}</span>
                      </a>
                    ) : null}
                  </div>
                </div>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}

function SegmentMatrix({ report }: { report: ContentReport }) {
  const { t } = useTranslation();
  const f = useReportFormat();
  const name = useNames(report);
  const [dimension, setDimension] = useState<'format' | 'label'>('label');
  const cells = report.segmentContent.filter((c) => c.dimension === dimension);
  const keys = [...new Set(cells.map((c) => c.key))];
  const segments = [...new Set(cells.map((c) => c.segmentId))];
  const cell = (segmentId: string | null, key: string) => cells.find((c) => c.segmentId === segmentId && c.key === key);
  const keyName = (key: string) => name(dimension, key);
  const rows = segments.map((segmentId) => ({ segmentId, name: name('segment', segmentId) }));
  const columns: Column<(typeof rows)[number]>[] = [
    { key: 'segment', label: t('reports.dimensions.segment'), sortValue: (r) => r.name },
    ...keys.map((key) => ({
      key,
      label: keyName(key),
      sortValue: (r: (typeof rows)[number]) => cell(r.segmentId, key)?.medianRate ?? null,
      csv: (r: (typeof rows)[number]) => csvRate(cell(r.segmentId, key)?.medianRate),
      render: (r: (typeof rows)[number]) => {
        const c = cell(r.segmentId, key);
        if (!c) return <span className="muted">—</span>;
        const mark = markOf(c.medianRate);
        return (
          <span className={`matrix-cell ${mark ? `mark-soft-${mark}` : ''}`}>
            {f.rate(c.medianRate)}
            <span className="matrix-n">{t('reports.content.nPosts', { count: c.posts })}</span>
          </span>
        );
      },
      numeric: true,
    })),
  ];
  return (
    <section className="card">
      <fieldset className="segmented">
        <legend className="visually-hidden">{t('reports.content.matrixBy')}</legend>
        {(['label', 'format'] as const).map((d) => (
          <button key={d} type="button" className="segmented-option" aria-pressed={d === dimension} onClick={() => setDimension(d)}>
            {t(`reports.dimensions.${d}`)}
          </button>
        ))}
      </fieldset>
      {keys.length === 0 ? (
        <p className="muted">{t('reports.content.matrixEmpty')}</p>
      ) : (
        <SortableTable
          key={dimension}
          caption={t('reports.content.matrix')}
          note={
            <>
              {t('reports.content.matrixNote')} <Formula />
            </>
          }
          columns={columns}
          rows={rows}
          rowKey={(r) => r.segmentId ?? 'none'}
          filename={`sotong-segments-by-${dimension}-${report.range.from}-${report.range.to}.csv`}
        />
      )}
    </section>
  );
}
