import type { Deps } from '../../deps';
import { notFound } from '../../lib/errors';
import { localOf } from '../../lib/local-time';
import { type AuditActor, recordAudit } from '../audit/record-audit';
import { loadReferences } from '../posts/post-repository';
import { checkOccurrences, insertOccurrence, templateOf, variantsAt } from './series-occurrences';
import { findSeriesHead, listOccurrences, lockSeries, SERIES_TX, setRecurrence } from './series-repository';
import { formatSeriesRule, MAX_OCCURRENCES, occurrences, parseSeriesRule } from './series-rule';

/**
 * Keeps a series' horizon filled: creates the occurrences after the last generated local date, up to
 * `until`, copied from the latest occurrence that was not edited on its own (so "following" and
 * "all" edits carry on). Occurrences already past are passed over. Idempotent: a second call with
 * the same `until` creates nothing. A scheduler (e.g. a daily job) should call it with now + horizon.
 */
export async function extendSeries(
  deps: Deps,
  workspaceId: string,
  seriesId: string,
  until: Date,
  options: { actor?: AuditActor; now?: Date } = {},
): Promise<{ created: string[] }> {
  const now = options.now ?? new Date();
  return deps.prisma.$transaction(async (tx) => {
    await lockSeries(tx, seriesId);
    const head = await findSeriesHead(tx, workspaceId, seriesId);
    if (!head?.recurrence) throw notFound('Series');
    const rule = parseSeriesRule(head.recurrence);
    const due = occurrences(rule, { after: rule.generatedThrough, until, limit: MAX_OCCURRENCES });
    if (!due.length) return { created: [] };
    const exceptions = new Set(rule.exceptions);
    const model = (await listOccurrences(tx, workspaceId, head.id)).filter((o) => !exceptions.has(o.id)).at(-1);
    if (!model?.firstAt) return { created: [] };

    const template = templateOf(model, localOf(model.firstAt, rule.timeZone), rule.timeZone);
    const upcoming = due.filter((o) => o.at > now);
    const perOccurrence = upcoming.map((o) => variantsAt(template, o.local, rule.timeZone));
    const refs = await loadReferences(tx, workspaceId, {
      channelIds: [...new Set(model.variants.map((v) => v.channelAccountId))],
      segmentIds: [...new Set(model.variants.flatMap((v) => (v.segmentId ? [v.segmentId] : [])))],
      mediaIds: [...new Set(model.variants.flatMap((v) => v.mediaIds))],
    });
    checkOccurrences(refs, perOccurrence, now);
    const created: string[] = [];
    for (const variants of perOccurrence) {
      created.push(await insertOccurrence(tx, workspaceId, model.authorId, template, variants, { seriesId: head.id }));
    }
    const before = head.recurrence;
    const after = formatSeriesRule({ ...rule, generatedThrough: due.at(-1)?.local.toPlainDate() ?? rule.generatedThrough });
    await setRecurrence(tx, head.id, after);
    await recordAudit(tx, options.actor ?? {}, {
      workspaceId,
      entityType: 'series',
      entityId: head.id,
      action: 'series.extended',
      before: { recurrence: before },
      after: { recurrence: after, created },
    });
    return { created };
  }, SERIES_TX);
}
