/**
 * Response deadlines, pure: complaints and negative messages are due by the end of the business day
 * they arrive on (the next business day's end when they arrive after hours or on a day off); everything
 * else within `otherTargetHours` (24 by default). Business hours are wall-clock times in the workspace's
 * zone (Asia/Seoul by default), so a message at 23:30 KST belongs to that KST day.
 */
import { localOf, parseTime, type Temporal, zonedInstant } from '../../lib/local-time';

export interface BusinessHours {
  /** ISO weekdays, 1 = Monday … 7 = Sunday. */
  days: number[];
  start: string;
  end: string;
}

export interface DeadlineSettings {
  businessHours: BusinessHours;
  urgentSameBusinessDay: boolean;
  otherTargetHours: number;
}

export const DEFAULT_DEADLINE_SETTINGS: DeadlineSettings = {
  businessHours: { days: [1, 2, 3, 4, 5], start: '09:00', end: '18:00' },
  urgentSameBusinessDay: true,
  otherTargetHours: 24,
};

/** Reads the stored JSON leniently: a malformed value falls back to the defaults. */
export function businessHoursOf(value: unknown): BusinessHours {
  const v = (value ?? {}) as Partial<BusinessHours>;
  const days = Array.isArray(v.days) ? v.days.filter((d) => Number.isInteger(d) && d >= 1 && d <= 7) : [];
  const start = typeof v.start === 'string' && parseTime(v.start) !== null ? v.start : DEFAULT_DEADLINE_SETTINGS.businessHours.start;
  const end = typeof v.end === 'string' && parseTime(v.end) !== null ? v.end : DEFAULT_DEADLINE_SETTINGS.businessHours.end;
  return { days: days.length ? [...new Set(days)].sort() : DEFAULT_DEADLINE_SETTINGS.businessHours.days, start, end };
}

/** The end of the business day `at` falls in, or of the next business day when `at` is after hours or on a day off. */
export function endOfBusinessDay(at: Date, hours: BusinessHours, timeZone: string): Date {
  const endMinute = parseTime(hours.end) ?? 18 * 60;
  const local = localOf(at, timeZone);
  let day: Temporal.PlainDate = local.toPlainDate();
  const minute = local.hour * 60 + local.minute;
  const isBusinessDay = (d: Temporal.PlainDate) => hours.days.includes(d.dayOfWeek);
  if (!isBusinessDay(day) || minute >= endMinute) day = day.add({ days: 1 });
  for (let i = 0; i < 8 && !isBusinessDay(day); i++) day = day.add({ days: 1 });
  return zonedInstant(day, endMinute, timeZone);
}

export function responseDueAt(at: Date, urgent: boolean, settings: DeadlineSettings, timeZone: string): Date {
  if (urgent && settings.urgentSameBusinessDay) return endOfBusinessDay(at, settings.businessHours, timeZone);
  return new Date(at.getTime() + settings.otherTargetHours * 3_600_000);
}
