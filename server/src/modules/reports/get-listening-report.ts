import type { Deps } from '../../deps';
import { escalationStats, messageTimeline, messageTotals, responseStats, responseStatsBy, responseTimeline, responseWaits } from './listening-report';
import {
  complaintTexts,
  deadlineSettings,
  escalationRows,
  inboundCounts,
  peopleNamed,
  resolutions,
  threadsWithMessages,
} from './listening-repository';
import type { ListeningQuery } from './listening-schemas';
import { resolveRange } from './report-range';
import { reportLookups } from './reports-repository';
import { topThemes } from './themes';

/** The Listening report of a range of workspace-zone days (see listening-report.ts for the definitions). */
export async function getListeningReport(deps: Deps, workspaceId: string, query: ListeningQuery, now = new Date()) {
  const lookups = await reportLookups(deps.prisma, workspaceId);
  const range = resolveRange(query, lookups.timeZone, now);
  const filter = { from: range.from, to: range.to, channelIds: query.channelIds };
  const [counts, complaints, threads, resolved, escalations, settings] = await Promise.all([
    inboundCounts(deps.prisma, workspaceId, lookups.timeZone, filter),
    complaintTexts(deps.prisma, workspaceId, filter),
    threadsWithMessages(deps.prisma, workspaceId, filter),
    resolutions(deps.prisma, workspaceId, filter),
    escalationRows(deps.prisma, workspaceId, filter),
    deadlineSettings(deps.prisma, workspaceId),
  ]);
  const waits = responseWaits(threads.threads, threads.messages, settings, lookups.timeZone, range, now);
  const byPerson = responseStatsBy(
    waits,
    resolved,
    (w) => w.personId,
    (r) => r.assigneeId,
  );
  const byChannel = responseStatsBy(
    waits,
    resolved,
    (w) => w.channelAccountId,
    (r) => r.channelAccountId,
  );
  const people = await peopleNamed(
    deps.prisma,
    byPerson.flatMap((p) => (p.key ? [p.key] : [])),
  );
  return {
    range: { ...lookups, from: range.fromDay, to: range.toDay },
    generatedAt: now.toISOString(),
    deadlines: settings,
    messages: { ...messageTotals(counts), timeline: messageTimeline(range.days, counts) },
    themes: { complaints: complaints.length, terms: topThemes(complaints) },
    response: { ...responseStats(waits, resolved), timeline: responseTimeline(range.days, waits) },
    byPerson,
    byChannel,
    people,
    escalations: escalationStats(escalations, range, now),
  };
}
