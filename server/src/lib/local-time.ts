/**
 * Wall-clock time in an IANA zone, through Temporal (correct across DST). Slots and recurring
 * series both plan "09:00 local", never "00:00Z + offset" computed by hand.
 *
 * Nonexistent local times (the spring-forward gap) move forward by the gap's length, ambiguous ones
 * (the fall-back hour) take the earlier instant: Temporal's `compatible` disambiguation, as RFC 5545 asks.
 */
import { Temporal } from 'temporal-polyfill';

export { Temporal };

const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** `HH:mm` → minutes after midnight, or null when it is not a 24-hour time. */
export function parseTime(time: string): number | null {
  const m = TIME.exec(time);
  return m ? Number(m[1]) * 60 + Number(m[2]) : null;
}

export const formatTime = (minuteOfDay: number) =>
  `${String(Math.floor(minuteOfDay / 60)).padStart(2, '0')}:${String(minuteOfDay % 60).padStart(2, '0')}`;

/** The instant of a local date and time in a zone. */
export function zonedInstant(date: Temporal.PlainDate, minuteOfDay: number, timeZone: string): Date {
  const local = date.toPlainDateTime({ hour: Math.floor(minuteOfDay / 60), minute: minuteOfDay % 60 });
  return new Date(local.toZonedDateTime(timeZone, { disambiguation: 'compatible' }).epochMilliseconds);
}

/** The instant of a local date-time (wall clock) in a zone. */
export function instantOf(local: Temporal.PlainDateTime, timeZone: string): Date {
  return new Date(local.toZonedDateTime(timeZone, { disambiguation: 'compatible' }).epochMilliseconds);
}

/** The wall clock in a zone at an instant. */
export function localOf(at: Date, timeZone: string): Temporal.PlainDateTime {
  return Temporal.Instant.fromEpochMilliseconds(at.getTime()).toZonedDateTimeISO(timeZone).toPlainDateTime();
}

/** `YYYY-MM-DD HH:mm` in a zone. */
export function formatLocal(at: Date, timeZone: string): string {
  const l = localOf(at, timeZone);
  return `${l.toPlainDate().toString()} ${formatTime(l.hour * 60 + l.minute)}`;
}
