import type { Deps } from '../../deps';
import { cadenceReport } from './cadence-report';
import { resolveRange } from './report-range';
import { publishedPerDay, reportLookups } from './reports-repository';
import type { ReportQuery } from './schemas';

export async function getCadenceReport(deps: Deps, workspaceId: string, query: ReportQuery, now = new Date()) {
  const lookups = await reportLookups(deps.prisma, workspaceId);
  const range = resolveRange(query, lookups.timeZone, now);
  const counts = await publishedPerDay(deps.prisma, workspaceId, lookups.timeZone, range.from, range.to);
  const channels = lookups.channels.filter((c) => c.status !== 'disconnected' && (!query.channelIds?.length || query.channelIds.includes(c.id)));
  return {
    range: { ...lookups, from: range.fromDay, to: range.toDay },
    today: range.today,
    channels: cadenceReport(range.days, channels, counts, range.today),
  };
}
