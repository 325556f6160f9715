import { Temporal } from 'temporal-polyfill';

/**
 * The next time a suggested weekday (ISO, 1 = Monday) and hour comes round in a zone, after `now`, as a
 * `datetime-local` value in that zone (what the composer's time field holds).
 */
export function nextOccurrence(weekday: number, hour: number, tz: string, now = Temporal.Now.zonedDateTimeISO(tz)): string {
  let day = now.toPlainDate();
  for (let i = 0; i < 8; i++, day = day.add({ days: 1 })) {
    if (day.dayOfWeek !== weekday) continue;
    const at = day.toPlainDateTime({ hour }).toZonedDateTime(tz);
    if (Temporal.ZonedDateTime.compare(at, now) > 0) return at.toPlainDateTime().toString({ smallestUnit: 'minute' });
  }
  return now.toPlainDateTime().toString({ smallestUnit: 'minute' });
}

/** A weekday and hour of one zone as a weekday and `HH:mm` of another (the channel's slots may use its own zone). */
export function inZone(weekday: number, hour: number, from: string, to: string): { weekday: number; time: string } {
  if (from === to) return { weekday, time: `${String(hour).padStart(2, '0')}:00` };
  const local = Temporal.PlainDateTime.from(nextOccurrence(weekday, hour, from))
    .toZonedDateTime(from)
    .withTimeZone(to);
  return { weekday: local.dayOfWeek, time: local.toPlainTime().toString({ smallestUnit: 'minute' }) };
}
