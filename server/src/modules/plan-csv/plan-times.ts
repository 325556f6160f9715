import { Temporal } from 'temporal-polyfill';

const WITH_OFFSET = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}(:?\d{2})?)$/i;
const LOCAL = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{1,2}):(\d{2})(?::(\d{2}))?$/i;

/**
 * A `scheduled_at` cell as a UTC instant: ISO 8601 with an offset, or `YYYY-MM-DD HH:mm[:ss]` read
 * in the workspace's zone (a time skipped by a daylight-saving change moves forward, as calendars
 * do). `null` when the cell is not one of these or names a day that does not exist.
 */
export function parsePlanTime(cell: string, timeZone: string): Date | null {
  const value = cell.trim();
  try {
    if (WITH_OFFSET.test(value)) return new Date(Temporal.Instant.from(value.replace(' ', 'T')).epochMilliseconds);
    const m = LOCAL.exec(value);
    if (!m) return null;
    const [year, month, day, hour, minute, second] = m.slice(1).map((part) => Number(part ?? 0));
    const local = Temporal.PlainDateTime.from({ year, month, day, hour, minute, second } as Temporal.PlainDateTimeLike, { overflow: 'reject' });
    return new Date(local.toZonedDateTime(timeZone, { disambiguation: 'compatible' }).epochMilliseconds);
  } catch {
    return null;
  }
}

/** `YYYY-MM-DD HH:mm` in the zone: what the export writes and the import reads back. */
export function formatPlanTime(at: Date | string, timeZone: string): string {
  const local = Temporal.Instant.fromEpochMilliseconds(new Date(at).getTime()).toZonedDateTimeISO(timeZone).toPlainDateTime();
  return local.toString({ smallestUnit: 'minute' }).replace('T', ' ');
}

/** Today in the zone, `YYYY-MM-DD` (export file names). */
export function todayIn(timeZone: string, now = new Date()): string {
  return formatPlanTime(now, timeZone).slice(0, 10);
}
