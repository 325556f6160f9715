import type { Deps } from '../../deps';
import type { Prisma } from '../../generated/prisma/client';
import type { Db } from '../../lib/db';
import { AppError, notFound } from '../../lib/errors';
import { instantOf, localOf, parseTime } from '../../lib/local-time';
import { type AuditActor, recordAudit } from '../audit/record-audit';
import { checkVariants } from '../posts/check-variants';
import { findPost, loadReferences, updatePostRow, updateVariantRow } from '../posts/post-repository';
import type { VariantInput } from '../posts/schemas';
import { seriesView } from './get-series';
import { findSeriesHead, listOccurrences, lockSeries, type OccurrenceRow, SERIES_TX, setRecurrence } from './series-repository';
import { formatSeriesRule, parseSeriesRule, type SeriesRule } from './series-rule';

export type SeriesScope = 'this' | 'following' | 'all';

export interface SeriesChanges {
  title?: string;
  brief?: string;
  labels?: string[];
  /** Replaces the text of every variant. */
  text?: string;
  /** `HH:mm` on the workspace's wall clock; each occurrence keeps its date. */
  time?: string;
}

export type SkipReason = 'published' | 'exception' | 'past';

const LOCKED_VARIANTS = new Set(['publishing', 'unconfirmed', 'published']);
const LOCKED_POSTS = new Set(['published', 'partially_published']);

export const isLocked = (o: OccurrenceRow) => LOCKED_POSTS.has(o.state) || o.variants.some((v) => LOCKED_VARIANTS.has(v.state));

/** The occurrences a scope covers, in order: `this` one, it and the `following` ones, or `all`. */
export function inScope(occurrences: OccurrenceRow[], target: OccurrenceRow, scope: SeriesScope): OccurrenceRow[] {
  switch (scope) {
    case 'this':
      return [target];
    case 'following':
      return occurrences.filter((o) => o.id === target.id || o.sortKey > target.sortKey);
    case 'all':
      return occurrences;
  }
}

/** The occurrence's variants with the changes applied: text replaced, times moved to `time` on their own local date. */
function changedVariants(o: OccurrenceRow, changes: SeriesChanges, timeZone: string): VariantInput[] {
  const minute = changes.time === undefined ? null : parseTime(changes.time);
  const base = o.firstAt ? localOf(o.firstAt, timeZone) : null;
  return o.variants.map((v) => {
    let scheduledAt = v.scheduledAt;
    if (minute !== null && base && v.scheduledAt) {
      // The earliest variant goes to `time`; the others keep their wall-clock distance from it.
      const moved = base.with({ hour: Math.floor(minute / 60), minute: minute % 60, second: 0, millisecond: 0, microsecond: 0, nanosecond: 0 });
      scheduledAt = instantOf(moved.add(base.until(localOf(v.scheduledAt, timeZone))), timeZone);
    }
    return {
      id: v.id,
      channelAccountId: v.channelAccountId,
      segmentId: v.segmentId,
      text: changes.text ?? v.text,
      link: v.link,
      firstComment: v.firstComment,
      utm: (v.utm ?? null) as VariantInput['utm'],
      mediaIds: v.mediaIds,
      scheduledAt: scheduledAt?.toISOString() ?? null,
    };
  });
}

async function applyChanges(db: Db, actor: AuditActor, workspaceId: string, o: OccurrenceRow, next: VariantInput[], changes: SeriesChanges) {
  const before = await findPost(db, workspaceId, o.id);
  let contentChanged = false;
  for (const [i, v] of next.entries()) {
    const old = o.variants[i];
    if (!old) continue;
    const at = v.scheduledAt ? new Date(v.scheduledAt) : null;
    const moved = (old.scheduledAt?.getTime() ?? null) !== (at?.getTime() ?? null);
    if (v.text === old.text && !moved) continue;
    if (v.text !== old.text) contentChanged = true;
    await updateVariantRow(db, old.id, {
      channelAccountId: old.channelAccountId,
      segmentId: old.segmentId,
      text: v.text,
      link: old.link,
      firstComment: old.firstComment,
      utm: (old.utm ?? undefined) as Prisma.InputJsonValue | undefined,
      scheduledAt: at,
      mediaIds: old.mediaIds,
      ...(moved ? { scheduleVersion: { increment: 1 } } : {}),
    });
  }
  await updatePostRow(db, o.id, {
    title: changes.title,
    brief: changes.brief,
    labels: changes.labels,
    ...(contentChanged ? { version: { increment: 1 } } : {}),
  });
  const after = await findPost(db, workspaceId, o.id);
  await recordAudit(db, actor, { workspaceId, entityType: 'post', entityId: o.id, action: 'post.updated', before, after });
}

/**
 * Edits occurrences of a series. `this`: the one occurrence, which then becomes an exception that
 * later `following`/`all` edits leave alone. `following`: it and the later ones; `all`: every one.
 * Occurrences that are published or publishing, exceptions (other than the one named) and ones a new
 * time would put in the past are skipped and reported, never refused. A new time also becomes the
 * rule's time for occurrences created later. The composer's checks apply; all or nothing.
 */
export async function editSeries(
  deps: Deps,
  actor: AuditActor,
  workspaceId: string,
  seriesId: string,
  input: { scope: SeriesScope; postId: string; changes: SeriesChanges },
  now = new Date(),
) {
  return deps.prisma.$transaction(async (tx) => {
    await lockSeries(tx, seriesId);
    const head = await findSeriesHead(tx, workspaceId, seriesId);
    if (!head?.recurrence) throw notFound('Series');
    const rule = parseSeriesRule(head.recurrence);
    const occurrences = await listOccurrences(tx, workspaceId, head.id);
    const target = occurrences.find((o) => o.id === input.postId);
    if (!target) throw notFound('Occurrence');

    const exceptions = new Set(rule.exceptions);
    const skipped: Array<{ postId: string; reason: SkipReason }> = [];
    const planned: Array<{ occurrence: OccurrenceRow; variants: VariantInput[] }> = [];
    for (const o of inScope(occurrences, target, input.scope)) {
      const variants = changedVariants(o, input.changes, rule.timeZone);
      const moved = variants.some((v, i) => (v.scheduledAt ?? null) !== (o.variants[i]?.scheduledAt?.toISOString() ?? null));
      const reason: SkipReason | null = isLocked(o)
        ? 'published'
        : o.id !== target.id && exceptions.has(o.id)
          ? 'exception'
          : moved && variants.some((v) => v.scheduledAt && new Date(v.scheduledAt) < now)
            ? 'past'
            : null;
      if (reason) skipped.push({ postId: o.id, reason });
      else planned.push({ occurrence: o, variants });
    }

    const all = planned.flatMap((p) => p.occurrence.variants);
    const refs = await loadReferences(tx, workspaceId, {
      channelIds: [...new Set(all.map((v) => v.channelAccountId))],
      segmentIds: [...new Set(all.flatMap((v) => (v.segmentId ? [v.segmentId] : [])))],
      mediaIds: [...new Set(all.flatMap((v) => v.mediaIds))],
    });
    for (const { occurrence, variants } of planned) {
      try {
        checkVariants(refs, variants, (i) => variants[i]?.scheduledAt !== (occurrence.variants[i]?.scheduledAt?.toISOString() ?? null), now);
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        throw new AppError('unprocessable', `Occurrence ${occurrence.id}: ${error.message}`, { postId: occurrence.id, problems: error.details });
      }
    }
    for (const { occurrence, variants } of planned) await applyChanges(tx, actor, workspaceId, occurrence, variants, input.changes);

    const edited = planned.map((p) => p.occurrence.id);
    let next: SeriesRule = rule;
    if (input.scope === 'this' && edited.includes(target.id) && !exceptions.has(target.id)) {
      next = { ...next, exceptions: [...next.exceptions, target.id] };
    }
    const minute = input.changes.time === undefined ? null : parseTime(input.changes.time);
    if (input.scope !== 'this' && minute !== null) {
      next = { ...next, start: next.start.with({ hour: Math.floor(minute / 60), minute: minute % 60, second: 0 }) };
    }
    if (next !== rule) await setRecurrence(tx, head.id, formatSeriesRule(next));
    await recordAudit(tx, actor, {
      workspaceId,
      entityType: 'series',
      entityId: head.id,
      action: 'series.updated',
      before: { recurrence: head.recurrence },
      after: { recurrence: formatSeriesRule(next), scope: input.scope, postId: input.postId, changes: input.changes, edited, skipped },
    });
    return { edited, skipped, series: seriesView(head.id, next, await listOccurrences(tx, workspaceId, head.id)) };
  }, SERIES_TX);
}
