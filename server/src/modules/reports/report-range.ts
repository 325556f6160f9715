import { Temporal } from '../../lib/local-time';
import { todayIn } from '../plan-csv/plan-times';
import { dayRangeInstants, daysBetween } from './local-days';

/** The days a report covers (workspace zone): the asked ones, else the 28 days up to today. */
export function resolveRange(query: { from?: string; to?: string }, timeZone: string, now = new Date()) {
  const today = todayIn(timeZone, now);
  const toDay = query.to ?? today;
  const fromDay = query.from ?? Temporal.PlainDate.from(toDay).subtract({ days: 27 }).toString();
  const { from, to } = dayRangeInstants(fromDay, toDay, timeZone);
  return { fromDay, toDay, today, from, to, days: daysBetween(fromDay, toDay) };
}
