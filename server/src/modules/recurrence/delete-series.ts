import type { Deps } from '../../deps';
import { AppError, notFound } from '../../lib/errors';
import { localOf } from '../../lib/local-time';
import { type AuditActor, recordAudit } from '../audit/record-audit';
import { findPost, softDeletePost } from '../posts/post-repository';
import { findSeriesHead, listOccurrences, lockSeries, type OccurrenceRow, SERIES_TX, setRecurrence } from './series-repository';
import { endBefore, formatSeriesRule, parseSeriesRule } from './series-rule';

/** What `deletePost` refuses: a post with a variant that is publishing or published. */
const undeletable = (o: OccurrenceRow) => o.variants.find((v) => v.state === 'publishing' || v.state === 'published');

/**
 * Soft-deletes the occurrences of a series from `postId` on (`following`) or all of them (`all`),
 * exceptions included. Occurrences with something publishing or published are kept and reported.
 * The rule is ended (UNTIL before the first deleted date, or before the start for `all`) so
 * `extendSeries` does not bring them back.
 */
export async function deleteSeries(
  deps: Deps,
  actor: AuditActor,
  workspaceId: string,
  seriesId: string,
  input: { scope: 'following' | 'all'; postId?: string },
) {
  return deps.prisma.$transaction(async (tx) => {
    await lockSeries(tx, seriesId);
    const head = await findSeriesHead(tx, workspaceId, seriesId);
    if (!head?.recurrence) throw notFound('Series');
    const rule = parseSeriesRule(head.recurrence);
    const occurrences = await listOccurrences(tx, workspaceId, head.id);
    let inScope = occurrences;
    let endDate = rule.start.toPlainDate();
    if (input.scope === 'following') {
      if (!input.postId)
        throw new AppError('validation_failed', 'Invalid query: query.postId is required with scope=following', [
          { field: 'query.postId', rule: 'required', message: 'name the occurrence to delete from' },
        ]);
      const target = occurrences.find((o) => o.id === input.postId);
      if (!target) throw notFound('Occurrence');
      inScope = occurrences.filter((o) => o.sortKey >= target.sortKey);
      if (target.firstAt) endDate = localOf(target.firstAt, rule.timeZone).toPlainDate();
    }
    const deleted: string[] = [];
    const skipped: Array<{ postId: string; reason: 'published' }> = [];
    for (const o of inScope) {
      if (undeletable(o)) {
        skipped.push({ postId: o.id, reason: 'published' });
        continue;
      }
      const before = await findPost(tx, workspaceId, o.id);
      await softDeletePost(tx, o.id);
      await recordAudit(tx, actor, { workspaceId, entityType: 'post', entityId: o.id, action: 'post.deleted', before });
      deleted.push(o.id);
    }
    const recurrence = formatSeriesRule(endBefore(rule, endDate));
    await setRecurrence(tx, head.id, recurrence);
    await recordAudit(tx, actor, {
      workspaceId,
      entityType: 'series',
      entityId: head.id,
      action: 'series.deleted',
      before: { recurrence: head.recurrence },
      after: { recurrence, scope: input.scope, postId: input.postId ?? null, deleted, skipped },
    });
    return { deleted, skipped };
  }, SERIES_TX);
}
