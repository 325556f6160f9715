import type { Db } from '../../lib/db';
import { notFound } from '../../lib/errors';
import { formatLocal } from '../../lib/local-time';
import { findSeriesHead, listOccurrences, type OccurrenceRow } from './series-repository';
import { parseSeriesRule, type SeriesRule } from './series-rule';

export function seriesView(headId: string, rule: SeriesRule, occurrences: OccurrenceRow[]) {
  const exceptions = new Set(rule.exceptions);
  return {
    id: headId,
    rrule: rule.rrule,
    start: rule.start.toString().slice(0, 16),
    timeZone: rule.timeZone,
    generatedThrough: rule.generatedThrough?.toString() ?? null,
    exceptions: rule.exceptions,
    occurrences: occurrences.map((o) => ({
      postId: o.id,
      title: o.title,
      state: o.state,
      at: o.firstAt?.toISOString() ?? null,
      local: o.firstAt ? formatLocal(o.firstAt, rule.timeZone) : null,
      exception: exceptions.has(o.id),
    })),
  };
}
export type SeriesView = ReturnType<typeof seriesView>;

/** A series' rule and its live occurrences; gone (404) once its head and every occurrence are deleted. */
export async function getSeries(db: Db, workspaceId: string, seriesId: string): Promise<SeriesView> {
  const head = await findSeriesHead(db, workspaceId, seriesId);
  if (!head?.recurrence) throw notFound('Series');
  const occurrences = await listOccurrences(db, workspaceId, head.id);
  if (head.deletedAt && !occurrences.length) throw notFound('Series');
  return seriesView(head.id, parseSeriesRule(head.recurrence), occurrences);
}
