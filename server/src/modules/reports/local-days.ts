/**
 * Report ranges are whole days in the workspace zone: `from` 00:00 local up to the end of `to` local.
 * A post at 23:30 KST on 1 December belongs to 1 December (the database buckets with AT TIME ZONE).
 */
import { AppError } from '../../lib/errors';
import { localOf, Temporal, zonedInstant } from '../../lib/local-time';

export const MAX_REPORT_DAYS = 400;

/** The instants bounding local days `from` … `to` (inclusive) in a zone: [start of from, start of the day after to). */
export function dayRangeInstants(from: string, to: string, timeZone: string): { from: Date; to: Date } {
  const first = Temporal.PlainDate.from(from);
  const last = Temporal.PlainDate.from(to);
  if (Temporal.PlainDate.compare(last, first) < 0) {
    throw new AppError('validation_failed', 'Invalid query: query.to must not be before query.from', [
      { field: 'query.to', rule: 'too_small', message: 'must not be before from' },
    ]);
  }
  if (first.until(last).days + 1 > MAX_REPORT_DAYS) {
    throw new AppError('validation_failed', `Invalid query: a report spans at most ${MAX_REPORT_DAYS} days`, [
      { field: 'query.to', rule: 'too_big', message: `at most ${MAX_REPORT_DAYS} days after from` },
    ]);
  }
  return { from: zonedInstant(first, 0, timeZone), to: zonedInstant(last.add({ days: 1 }), 0, timeZone) };
}

/** Every local day from … to (inclusive), as YYYY-MM-DD. */
export function daysBetween(from: string, to: string): string[] {
  const out: string[] = [];
  const last = Temporal.PlainDate.from(to);
  for (let d = Temporal.PlainDate.from(from); Temporal.PlainDate.compare(d, last) <= 0; d = d.add({ days: 1 })) out.push(d.toString());
  return out;
}

/** The local day of an instant in a zone (YYYY-MM-DD). */
export const localDayOf = (at: Date, timeZone: string) => localOf(at, timeZone).toPlainDate().toString();

/** The Monday of a day's ISO week (YYYY-MM-DD). */
export function weekOf(day: string): string {
  const d = Temporal.PlainDate.from(day);
  return d.subtract({ days: d.dayOfWeek - 1 }).toString();
}
