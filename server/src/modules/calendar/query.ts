import { AppError } from '../../lib/errors';
import { z } from '../../lib/http/zod';

export const MAX_RANGE_DAYS = 100;

/** `a,b,c` or repeated keys → a list. */
const list = <T extends z.ZodType>(item: T) =>
  z.preprocess(
    (v) => (v === undefined || v === '' ? undefined : (Array.isArray(v) ? v : [v]).flatMap((x) => String(x).split(','))),
    z.array(item).max(100).optional(),
  );
export const instant = z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time with offset' });

/** The calendar's filters, as query parameters (the calendar, its iCal feed and the CSV export read them). */
export const filterQuery = {
  channelIds: list(z.uuid()),
  segmentIds: list(z.uuid()),
  campaignIds: list(z.uuid()),
  authorIds: list(z.uuid()),
  states: list(z.enum(['draft', 'scheduled', 'publishing', 'unconfirmed', 'published', 'failed', 'canceled'])),
  labels: list(z.string().min(1).max(40)),
};
export const rangeQuery = { from: instant, to: instant, ...filterQuery };

/** A range the calendar answers: `to` after `from`, at most 100 days. */
export function parseRange(query: { from: string; to: string }) {
  const from = new Date(query.from);
  const to = new Date(query.to);
  if (to <= from) {
    throw new AppError('validation_failed', 'Invalid query: query.to must be after query.from', [
      { field: 'query.to', rule: 'too_small', message: 'must be after from' },
    ]);
  }
  if (to.getTime() - from.getTime() > MAX_RANGE_DAYS * 86_400_000) {
    throw new AppError('validation_failed', `Invalid query: the range may span at most ${MAX_RANGE_DAYS} days`, [
      { field: 'query.to', rule: 'too_big', message: `at most ${MAX_RANGE_DAYS} days after from` },
    ]);
  }
  return { from, to };
}
