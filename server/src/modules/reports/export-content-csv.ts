/** Every published post of a Content report as CSV rows (header first, formula-like cells neutralised). */
import type { Deps } from '../../deps';
import { neutralise } from '../plan-csv/export-plan';
import { formatPlanTime } from '../plan-csv/plan-times';
import { measure } from './content-report';
import { resolveRange } from './report-range';
import { publishedVariants, reportLookups } from './reports-repository';
import type { ReportQuery } from './schemas';

export const contentCsvHeader = [
  'published_at_local',
  'channel',
  'segment',
  'campaign',
  'labels',
  'title',
  'text',
  'format',
  'reading',
  'reactions',
  'comments',
  'shares',
  'impressions',
  'reach',
  'followers_at_publication',
  'engagement_rate_percent',
  'mark',
  'per_impression_rate_percent',
  'url',
];

const pct = (rate: number | null) => (rate === null ? '' : (rate * 100).toFixed(3));
const num = (n: number | null) => (n === null ? '' : String(n));

export async function exportContentCsv(deps: Deps, workspaceId: string, query: ReportQuery) {
  const lookups = await reportLookups(deps.prisma, workspaceId);
  const range = resolveRange(query, lookups.timeZone);
  const rows = await publishedVariants(deps.sql, workspaceId, lookups.timeZone, { ...query, from: range.from, to: range.to });
  const name = <T extends { id: string; name: string }>(list: T[], id: string | null) => (id ? (list.find((x) => x.id === id)?.name ?? '') : '');
  const records = rows.map((row) => {
    const m = measure(row);
    return [
      formatPlanTime(row.publishedAt, lookups.timeZone),
      name(lookups.channels, row.channelAccountId),
      name(lookups.segments, row.segmentId),
      name(lookups.campaigns, row.campaignId),
      row.labels.join(' '),
      row.title,
      row.text,
      m.format,
      row.checkpoint ?? '',
      num(row.reactions),
      num(row.comments),
      num(row.shares),
      num(row.impressions),
      num(row.reach),
      num(row.followersAtPublish),
      pct(m.rate),
      m.mark ?? '',
      pct(m.impressionRate),
      row.remoteUrl ?? '',
    ].map(neutralise);
  });
  return { filename: `sotong-content-${range.fromDay}-${range.toDay}.csv`, records: [contentCsvHeader, ...records] };
}
