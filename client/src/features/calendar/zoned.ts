import { Temporal } from 'temporal-polyfill';
import { DEFAULT_TIME_ZONE } from '../../lib/time';

/** A time zone the runtime accepts, falling back to the default. */
export function safeZone(tz: string | null | undefined): string {
  if (!tz) return DEFAULT_TIME_ZONE;
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return tz;
  } catch {
    return DEFAULT_TIME_ZONE;
  }
}

/** `YYYY-MM-DDTHH:mm`, the wall time of an instant in the zone (the value of an `<input type="datetime-local">`). */
export function toZonedInput(iso: string, tz: string): string {
  return Temporal.Instant.from(iso).toZonedDateTimeISO(tz).toPlainDateTime().toString({ smallestUnit: 'minute' });
}

/** The instant of a wall time in the zone, as ISO 8601 with its offset (`2026-12-01T09:00:00+09:00`). */
export function fromZonedInput(value: string, tz: string): string {
  return Temporal.PlainDateTime.from(value).toZonedDateTime(tz).toString({ timeZoneName: 'never', smallestUnit: 'second' });
}

/** `YYYY-MM-DD` of an instant in the zone. */
export function zonedDay(iso: string, tz: string): string {
  return Temporal.Instant.from(iso).toZonedDateTimeISO(tz).toPlainDate().toString();
}

/** Today (`YYYY-MM-DD`) in the zone. */
export function todayIn(tz: string): string {
  return Temporal.Now.plainDateISO(tz).toString();
}

/** The instants bounding a local day (or several) in the zone. */
export function dayRange(day: string, tz: string, days = 1): { from: string; to: string } {
  const start = Temporal.PlainDate.from(day).toZonedDateTime({ timeZone: tz });
  const end = Temporal.PlainDate.from(day).add({ days }).toZonedDateTime({ timeZone: tz });
  return { from: start.toString({ timeZoneName: 'never' }), to: end.toString({ timeZoneName: 'never' }) };
}

/** The instants bounding the calendar month that contains a `YYYY-MM-DD`, in the zone. */
export function monthRange(day: string, tz: string): { from: string; to: string } {
  const first = Temporal.PlainDate.from(day).with({ day: 1 });
  return dayRange(first.toString(), tz, first.daysInMonth);
}

/** Add days to a `YYYY-MM-DD`. */
export function addDays(day: string, days: number): string {
  return Temporal.PlainDate.from(day).add({ days }).toString();
}

/** The next full hour from now in the zone, as an input value (a sensible default time for a new post). */
export function nextHourInput(tz: string): string {
  const now = Temporal.Now.zonedDateTimeISO(tz).round({ smallestUnit: 'hour', roundingMode: 'ceil' });
  return now.toPlainDateTime().toString({ smallestUnit: 'minute' });
}

/** Short zone label such as `GMT+9` for the field hints. */
export function zoneOffsetLabel(tz: string, lang: string): string {
  try {
    const parts = new Intl.DateTimeFormat(lang.startsWith('ko') ? 'ko-KR' : 'en-US', { timeZone: tz, timeZoneName: 'shortOffset' }).formatToParts(
      new Date(),
    );
    return parts.find((part) => part.type === 'timeZoneName')?.value ?? tz;
  } catch {
    return tz;
  }
}

/**
 * FullCalendar gives a moved event's start as `startStr`: ISO with offset for timed events in a named zone,
 * or a bare date for all-day cells. Either way, turn it into an instant; a bare date becomes `fallbackTime` that day.
 */
export function instantFromCalendar(str: string, tz: string, fallbackTime = '09:00'): string {
  if (/[zZ]|[+-]\d\d:?\d\d$/.test(str)) return Temporal.Instant.from(str).toString();
  if (/^\d{4}-\d{2}-\d{2}$/.test(str)) return Temporal.Instant.from(fromZonedInput(`${str}T${fallbackTime}`, tz)).toString();
  return Temporal.Instant.from(fromZonedInput(str.slice(0, 16), tz)).toString();
}
