import type { Deps } from '../../deps';
import { AppError, notFound } from '../../lib/errors';
import { type AuditActor, recordAudit } from '../audit/record-audit';
import { loadReferences } from '../posts/post-repository';
import type { PostInput } from '../posts/save-post';
import { findWorkspace } from '../workspaces/workspace-repository';
import { seriesView } from './get-series';
import { checkOccurrences, insertOccurrence, templateOf, variantsAt } from './series-occurrences';
import { listOccurrences, SERIES_TX, setRecurrence, setSeriesId } from './series-repository';
import { formatSeriesRule, MAX_OCCURRENCES, newSeriesRule, occurrences } from './series-rule';

const DAY = 86_400_000;
export interface SeriesInput extends PostInput {
  rrule: string;
  horizonDays: number;
}

/**
 * A recurring post: the first variant time is the first occurrence; the rule is evaluated on the
 * workspace's wall clock. One post per occurrence up to `horizonDays` from now (the first always),
 * each with the same variants at that occurrence's local time, checked like the composer's, written
 * all or nothing. The first post is the series head: it carries the rule and `seriesId` = its own id.
 */
export async function createSeries(deps: Deps, actor: AuditActor & { userId: string }, workspaceId: string, input: SeriesInput, now = new Date()) {
  const workspace = await findWorkspace(deps.prisma, workspaceId);
  if (!workspace) throw notFound('Workspace');
  const times = input.variants.flatMap((v) => (v.scheduledAt ? [new Date(v.scheduledAt).getTime()] : []));
  const first = new Date(Math.min(...times));
  const rule = newSeriesRule(input.rrule, first, workspace.timeZone, input.horizonDays);
  const horizon = new Date(Math.max(now.getTime() + input.horizonDays * DAY, first.getTime()));
  const planned = occurrences(rule, { until: horizon, limit: MAX_OCCURRENCES });
  const template = templateOf(input, rule.start, rule.timeZone);
  const perOccurrence = planned.map((o) => variantsAt(template, o.local, rule.timeZone));

  const refs = await loadReferences(deps.prisma, workspaceId, {
    channelIds: [...new Set(input.variants.map((v) => v.channelAccountId))],
    segmentIds: [...new Set(input.variants.flatMap((v) => (v.segmentId ? [v.segmentId] : [])))],
    mediaIds: [...new Set(input.variants.flatMap((v) => v.mediaIds))],
    campaignId: input.campaignId,
  });
  if (input.campaignId && !refs.campaign) {
    throw new AppError('unprocessable', 'The campaign does not exist in this workspace', [{ field: 'campaignId', code: 'campaign_not_found' }]);
  }
  const warnings = checkOccurrences(refs, perOccurrence, now);

  const view = await deps.prisma.$transaction(async (tx) => {
    const saved = { ...rule, generatedThrough: planned.at(-1)?.local.toPlainDate() ?? null };
    const recurrence = formatSeriesRule(saved);
    let headId = '';
    for (const [i, variants] of perOccurrence.entries()) {
      if (i === 0) {
        headId = await insertOccurrence(tx, workspaceId, actor.userId, template, variants, { recurrence });
        await setSeriesId(tx, headId, headId);
      } else {
        await insertOccurrence(tx, workspaceId, actor.userId, template, variants, { seriesId: headId });
      }
    }
    await setRecurrence(tx, headId, recurrence);
    const result = seriesView(headId, saved, await listOccurrences(tx, workspaceId, headId));
    await recordAudit(tx, actor, {
      workspaceId,
      entityType: 'series',
      entityId: headId,
      action: 'series.created',
      after: { recurrence, template, occurrences: result.occurrences.map((o) => ({ postId: o.postId, at: o.at })) },
    });
    return result;
  }, SERIES_TX);
  return { ...view, warnings };
}
