import type { Deps } from '../../deps';
import { notFound } from '../../lib/errors';
import { type CalendarFilter, variantsInRange } from '../calendar/calendar-repository';
import { findWorkspace } from '../workspaces/workspace-repository';
import { type ColumnKey, type HeaderLanguage, headerOf, planColumns } from './columns';
import { variantDetails, workspaceNames } from './plan-csv-repository';
import { formatPlanTime, todayIn } from './plan-times';
import { nameResolver } from './resolve-names';

/**
 * OWASP's advice against CSV injection: a cell a spreadsheet would read as a formula gets a
 * leading `'` (the import takes it off again).
 */
export const neutralise = (cell: string) => (/^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell);

export interface PlanExport {
  filename: string;
  /** The header row first; every cell already neutralised. */
  records: string[][];
}

/**
 * The filtered plan (the calendar's query) as CSV records in the import's columns, times in the
 * workspace zone, so that importing the file again plans the same posts.
 */
export async function exportPlan(deps: Deps, workspaceId: string, filter: CalendarFilter, lang: HeaderLanguage): Promise<PlanExport> {
  const workspace = await findWorkspace(deps.prisma, workspaceId);
  if (!workspace) throw notFound('Workspace');
  const entries = await variantsInRange(deps.sql, workspaceId, filter);
  const [names, details] = await Promise.all([
    workspaceNames(deps.prisma, workspaceId),
    variantDetails(
      deps.sql,
      workspaceId,
      entries.map((e) => e.id),
    ),
  ]);
  const find = nameResolver(names);
  const channels = new Map(names.channels.map((c) => [c.id, c]));
  const segments = new Map(names.segments.map((s) => [s.id, s.name]));
  const campaigns = new Map(names.campaigns.map((c) => [c.id, c.name]));
  const full = new Map(details.map((d) => [d.id, d]));

  const records = entries.map((e) => {
    const d = full.get(e.id);
    const channel = channels.get(e.channelAccountId);
    const cells: Record<ColumnKey, string> = {
      post_key: e.postId,
      title: e.title,
      channel: channel ? find.channelLabel(channel) : '',
      segment: e.segmentId ? (segments.get(e.segmentId) ?? '') : '',
      campaign: e.campaignId ? (campaigns.get(e.campaignId) ?? '') : '',
      scheduled_at: e.scheduledAt ? formatPlanTime(e.scheduledAt, workspace.timeZone) : '',
      text: d?.text ?? e.excerpt,
      link: d?.link ?? '',
      first_comment: d?.firstComment ?? '',
      labels: e.labels.join(';'),
      media: (d?.mediaIds ?? []).join(';'),
    };
    return planColumns.map((c) => neutralise(cells[c.key]));
  });
  return {
    filename: `sotong-plan-${todayIn(workspace.timeZone)}.csv`,
    records: [planColumns.map((c) => headerOf(c.key, lang)), ...records],
  };
}
